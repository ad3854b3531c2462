/**
 * Maps JSON paths inside a plant file back to lines and columns, so every
 * load error can say where in the file the problem is. Nothing is built for
 * a file that loads: locating is one pass over the text, done only when
 * there are problems, and it visits only the parts of the document on the
 * way to a wanted path (no syntax tree of a 25 MB file).
 *
 * @module
 */
import { type ParseErrorCode, printParseErrorCode, visit } from "jsonc-parser";

/** A 1-based line and column in a text. */
export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** A JSON syntax error with its position. */
export interface SyntaxProblem {
  /** What is wrong, in words. */
  message: string;
  /** Where. */
  position: Position;
}

/**
 * JSON text that can locate paths within itself. The text must already be
 * known to nest no deeper than the loader's limit: the parser behind it
 * recurses once per level.
 */
export class JsonLocator {
  readonly #text: string;

  /** Wrap `text`; nothing is parsed yet. */
  constructor(text: string) {
    this.#text = text;
  }

  /** The source text. */
  get text(): string {
    return this.#text;
  }

  /**
   * Syntax errors of the text as strict JSON (comments and trailing commas
   * are errors), in order; at most `max` are returned.
   */
  syntaxErrors(max = 1_000): SyntaxProblem[] {
    const out: SyntaxProblem[] = [];
    visit(this.#text, {
      onError: (error: ParseErrorCode, _offset, _length, line, character) => {
        if (out.length >= max) return;
        out.push({
          message: describeSyntaxError(printParseErrorCode(error)),
          position: { line: line + 1, column: character + 1 },
        });
      },
    }, { allowTrailingComma: false, disallowComments: true });
    return out;
  }

  /** Line and column of a character offset. */
  positionAt(offset: number): Position {
    let line = 1, start = 0;
    for (
      let i = this.#text.indexOf("\n");
      i >= 0 && i < offset;
      i = this.#text.indexOf("\n", i + 1)
    ) {
      line++;
      start = i + 1;
    }
    return { line, column: offset - start + 1 };
  }

  /** Position of the value at `path`; see {@linkcode JsonLocator.locateAll}. */
  locate(path: readonly (string | number)[]): Position | undefined {
    return this.locateAll([path])[0];
  }

  /**
   * Positions of the values at `paths`, each the value's own or, when the
   * value is missing, its nearest existing ancestor's (a missing key is
   * reported where its object is). One pass over the text for all of them.
   */
  locateAll(paths: readonly (readonly (string | number)[])[]): (Position | undefined)[] {
    if (paths.length === 0) return [];
    // Containers on the way to a wanted path are entered; everything else is skipped.
    const targets = new Set<string>();
    const through = new Set<string>();
    for (const path of paths) {
      for (let n = 0; n <= path.length; n++) {
        (n === path.length ? targets : through).add(keyOf(path.slice(0, n)));
      }
    }
    const found = new Map<string, Position>();
    // Ancestors are recorded too: a missing value is reported where its parent is.
    let targetsFound = 0;
    const seen = (path: (string | number)[], line: number, character: number) => {
      const key = keyOf(path);
      const descend = through.has(key);
      if ((descend || targets.has(key)) && !found.has(key)) {
        found.set(key, { line: line + 1, column: character + 1 });
        if (targets.has(key) && ++targetsFound === targets.size) throw ALL_FOUND;
      }
      return descend;
    };
    try {
      visit(this.#text, {
        onObjectBegin: (_o, _l, line, character, path) => seen(path(), line, character),
        onArrayBegin: (_o, _l, line, character, path) => seen(path(), line, character),
        // jsonc-parser ends a skipped subtree only in these callbacks, so they must exist.
        onObjectEnd: () => {},
        onArrayEnd: () => {},
        onLiteralValue: (_v, _o, _l, line, character, path) => {
          seen(path(), line, character);
        },
      }, { allowTrailingComma: false, disallowComments: true });
    } catch (e) {
      if (e !== ALL_FOUND) throw e;
    }
    return paths.map((path) => {
      for (let n = path.length; n >= 0; n--) {
        const position = found.get(keyOf(path.slice(0, n)));
        if (position) return position;
      }
      return undefined;
    });
  }
}

/** Thrown out of the parser's callbacks to stop the pass once every path is found. */
const ALL_FOUND = Symbol("all found");

function keyOf(path: readonly (string | number)[]): string {
  return JSON.stringify(path);
}

function describeSyntaxError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: "unexpected character",
    InvalidNumberFormat: "malformed number",
    PropertyNameExpected: "expected a quoted property name",
    ValueExpected: "expected a value",
    ColonExpected: "expected ':'",
    CommaExpected: "expected ',' (or a missing closing bracket)",
    CloseBraceExpected: "expected '}'",
    CloseBracketExpected: "expected ']'",
    EndOfFileExpected: "unexpected text after the end of the document",
    InvalidCommentToken: "comments are not allowed in plant files",
    UnexpectedEndOfComment: "unterminated comment",
    UnexpectedEndOfString: "unterminated string",
    UnexpectedEndOfNumber: "unterminated number",
    InvalidUnicode: "invalid unicode escape",
    InvalidEscapeCharacter: "invalid escape character",
    InvalidCharacter: "invalid character in string",
  };
  return `JSON syntax error: ${Object.hasOwn(words, code) ? words[code] : code}`;
}

/** Format a path as `twins[3].params.fans`. */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(document)";
}
