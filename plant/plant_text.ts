/**
 * The plant file as text: its encoding checked (UTF-8; a byte-order mark is
 * dropped, UTF-16 and UTF-32 are named for what they are, a bad byte is
 * located) and its nesting depth measured before any parser recurses into it.
 *
 * @module
 */
import type { Position } from "./json_locator.ts";

/** Why bytes are not a UTF-8 plant file, and where. */
export interface EncodingProblem {
  /** What is wrong, in words. */
  message: string;
  /** Where, when it is a place in the file. */
  position: Position;
}

/** Decoded text, or the encoding problem that stopped decoding. */
export type DecodedText = { text: string } | { problem: EncodingProblem };

const CONVERT = "plant files are UTF-8; convert it, for example with `iconv -t UTF-8`";

/** Decode plant-file bytes as UTF-8; a UTF-8 byte-order mark is accepted and dropped. */
export function decodePlantBytes(bytes: Uint8Array): DecodedText {
  const start = { line: 1, column: 1 };
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) {
    return {
      problem: { message: `the file is UTF-32 (little-endian); ${CONVERT}`, position: start },
    };
  }
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) {
    return { problem: { message: `the file is UTF-32 (big-endian); ${CONVERT}`, position: start } };
  }
  if ((a === 0xff && b === 0xfe) || (a !== undefined && a !== 0 && b === 0)) {
    return {
      problem: { message: `the file is UTF-16 (little-endian); ${CONVERT}`, position: start },
    };
  }
  if ((a === 0xfe && b === 0xff) || (a === 0 && b !== undefined && b !== 0)) {
    return { problem: { message: `the file is UTF-16 (big-endian); ${CONVERT}`, position: start } };
  }
  const body = a === 0xef && b === 0xbb && c === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body) };
  } catch {
    const at = firstInvalidUtf8(body);
    return {
      problem: {
        message: `invalid UTF-8 at byte ${at + (body === bytes ? 0 : 3)}; ${CONVERT}`,
        position: bytePosition(body, at),
      },
    };
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const x = bytes[i];
    let n: number, min: number;
    if (x < 0x80) {
      i++;
      continue;
    } else if (x >= 0xc2 && x <= 0xdf) [n, min] = [1, 0x80];
    else if (x >= 0xe0 && x <= 0xef) [n, min] = [2, 0x800];
    else if (x >= 0xf0 && x <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = x & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const y = bytes[i + k];
      if (y === undefined || (y & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (y & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return bytes.length;
}

function bytePosition(bytes: Uint8Array, offset: number): Position {
  let line = 1, start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  // Columns count characters, as the other messages do.
  const column = new TextDecoder().decode(bytes.subarray(start, offset)).length + 1;
  return { line, column };
}

/** Where the text first nests deeper than allowed: the opening bracket's offset and JSON path. */
export interface TooDeep {
  /** Offset of the bracket that goes one level too deep. */
  offset: number;
  /** JSON path of the value that bracket opens. */
  path: (string | number)[];
}

/**
 * Find the first bracket nested deeper than `maxDepth`, or undefined. A
 * linear scan that skips strings; it reads malformed text too (the path is
 * then a best guess), so the parsers after it never recurse too deep.
 */
export function findTooDeep(text: string, maxDepth: number): TooDeep | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      i = stringEnd(text, i);
      if (i < 0) return undefined; // unterminated string: the parser reports it
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      if (++depth > maxDepth) return { offset: i, path: pathAt(text, i) };
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      depth--;
    }
  }
  return undefined;
}

/** Offset of the quote that closes the string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let j = start + 1;
  for (;;) {
    j = text.indexOf('"', j);
    if (j < 0) return -1;
    let slashes = 0;
    for (let k = j - 1; text.charCodeAt(k) === 0x5c; k--) slashes++;
    if (slashes % 2 === 0) return j;
    j++;
  }
}

/** JSON path of the value starting at `offset` (a second, slower scan, run only when needed). */
function pathAt(text: string, offset: number): (string | number)[] {
  // Per open container: whether it is an array, and the key or index being read.
  const stack: { array: boolean; key: string | number; expectKey: boolean }[] = [];
  for (let i = 0; i < offset; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) {
      const j = stringEnd(text, i);
      if (j < 0) break;
      const top = stack[stack.length - 1];
      if (top && !top.array && top.expectKey) {
        top.key = unquote(text.slice(i, j + 1));
        top.expectKey = false;
      }
      i = j;
    } else if (ch === 0x7b || ch === 0x5b) {
      stack.push({ array: ch === 0x5b, key: ch === 0x5b ? 0 : "", expectKey: ch === 0x7b });
    } else if (ch === 0x7d || ch === 0x5d) {
      stack.pop();
    } else if (ch === 0x2c) {
      const top = stack[stack.length - 1];
      if (top?.array) top.key = (top.key as number) + 1;
      else if (top) top.expectKey = true;
    }
  }
  return stack.map((s) => s.key);
}

function unquote(token: string): string {
  if (!token.includes("\\")) return token.slice(1, -1);
  try {
    return JSON.parse(token);
  } catch {
    return token.slice(1, -1);
  }
}
