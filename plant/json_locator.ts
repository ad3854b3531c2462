/**
 * Maps a JSON path inside a plant file back to its line and column, so every
 * load error can say where in the file the problem is.
 *
 * @module
 */
import {
  findNodeAtLocation,
  type Node,
  type ParseError,
  parseTree,
  printParseErrorCode,
} from "jsonc-parser";

/** A 1-based line and column in a text. */
export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** Parsed JSON text that can locate paths within itself. */
export class JsonLocator {
  readonly #text: string;
  readonly #root: Node | undefined;
  readonly #lineStarts: number[] = [0];
  /** Syntax errors found while parsing, with positions. */
  readonly syntaxErrors: { message: string; position: Position }[] = [];

  /** Parse `text` (strict JSON; comments and trailing commas are reported). */
  constructor(text: string) {
    this.#text = text;
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.#lineStarts.push(i + 1);
    const errors: ParseError[] = [];
    this.#root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    for (const e of errors) {
      this.syntaxErrors.push({
        message: describeSyntaxError(printParseErrorCode(e.error)),
        position: this.positionAt(e.offset),
      });
    }
  }

  /** Line and column of a character offset. */
  positionAt(offset: number): Position {
    let lo = 0, hi = this.#lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.#lineStarts[lo] + 1 };
  }

  /**
   * Position of the value at `path`, or of its nearest existing ancestor when
   * the value is missing (a missing key is reported where its object is).
   */
  locate(path: readonly (string | number)[]): Position | undefined {
    if (!this.#root) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(this.#root, path.slice(0, n) as (string | number)[]);
      if (node) return this.positionAt(node.offset);
    }
    return undefined;
  }

  /** The source text. */
  get text(): string {
    return this.#text;
  }
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
  return `JSON syntax error: ${words[code] ?? code}`;
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
