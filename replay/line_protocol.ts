/**
 * A strict parser of InfluxDB line protocol, one line at a time:
 * `measurement[,tag=value...] field=value[,field=value...] [timestamp]`.
 * No well-kept npm package parses it (the InfluxDB clients only write it),
 * so this follows the reference grammar closely: backslash escapes in
 * names, quoted string fields, `i`/`u` integers, the boolean spellings, and
 * an error naming the column for anything else, so a bad line of a
 * recording is reported where it is rather than half read.
 *
 * @module
 */

/** A field value as line protocol types it. */
export type FieldValue = number | boolean | string;

/** One parsed line. */
export interface LinePoint {
  /** Measurement name. */
  measurement: string;
  /** Tags, by key. */
  tags: Record<string, string>;
  /** Fields, by key (at least one). */
  fields: Record<string, FieldValue>;
  /** Timestamp in the file's precision, when the line has one. */
  timestamp?: bigint;
}

/** A line that is not line protocol; `column` is 1-based. */
export class LineProtocolError extends Error {
  /** 1-based column of the problem. */
  readonly column: number;

  /** A problem at `column`. */
  constructor(message: string, column: number) {
    super(`column ${column}: ${message}`);
    this.column = column;
  }
}

const BOOLEANS: Record<string, boolean> = {
  t: true,
  T: true,
  true: true,
  True: true,
  TRUE: true,
  f: false,
  F: false,
  false: false,
  False: false,
  FALSE: false,
};
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+i$/;
const UINTEGER = /^\d+u$/;
const TIMESTAMP = /^-?\d+$/;

/**
 * Parse one line; returns undefined for a blank line or a `#` comment and
 * throws {@linkcode LineProtocolError} for a malformed one.
 */
export function parseLine(line: string): LinePoint | undefined {
  if (line.endsWith("\r")) line = line.slice(0, -1);
  if (line.trim() === "" || line.trimStart().startsWith("#")) return undefined;
  let i = 0;
  // A name ends at an unescaped character of `stops`; escapes are dropped.
  const name = (stops: string, what: string): string => {
    let out = "";
    const start = i;
    while (i < line.length && !stops.includes(line[i])) {
      if (line[i] === "\\" && i + 1 < line.length) {
        out += line[i + 1];
        i += 2;
      } else out += line[i++];
    }
    if (out === "") throw new LineProtocolError(`expected ${what}`, start + 1);
    return out;
  };
  const expect = (ch: string, what: string) => {
    if (line[i] !== ch) throw new LineProtocolError(`expected ${what}`, i + 1);
    i++;
  };

  const measurement = name(", ", "a measurement name");
  const tags: Record<string, string> = {};
  while (line[i] === ",") {
    i++;
    const key = name("=, ", "a tag key");
    expect("=", `'=' after tag key "${key}"`);
    tags[key] = name(", =", `a value for tag "${key}"`);
  }
  expect(" ", "a space before the fields");
  const fields: Record<string, FieldValue> = {};
  for (;;) {
    const key = name("=, ", "a field key");
    expect("=", `'=' after field key "${key}"`);
    const start = i;
    if (line[i] === '"') {
      i++;
      let s = "";
      for (;;) {
        if (i >= line.length) throw new LineProtocolError("unterminated string", start + 1);
        const c = line[i];
        if (c === "\\" && (line[i + 1] === '"' || line[i + 1] === "\\")) {
          s += line[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          s += c;
          i++;
        }
      }
      fields[key] = s;
    } else {
      while (i < line.length && line[i] !== "," && line[i] !== " ") i++;
      fields[key] = fieldValue(line.slice(start, i), key, start + 1);
    }
    if (line[i] === ",") {
      i++;
      continue;
    }
    break;
  }
  let timestamp: bigint | undefined;
  if (i < line.length) {
    expect(" ", "a space before the timestamp");
    const text = line.slice(i).trimEnd();
    if (!TIMESTAMP.test(text)) {
      throw new LineProtocolError(`expected an integer timestamp, got "${text}"`, i + 1);
    }
    timestamp = BigInt(text);
  }
  return { measurement, tags, fields, ...(timestamp !== undefined ? { timestamp } : {}) };
}

function fieldValue(text: string, key: string, column: number): FieldValue {
  if (text in BOOLEANS) return BOOLEANS[text];
  if (INTEGER.test(text) || UINTEGER.test(text)) return Number(text.slice(0, -1));
  if (FLOAT.test(text)) return Number(text);
  throw new LineProtocolError(
    `field "${key}": "${text}" is not a number, integer (1i), boolean or quoted string`,
    column,
  );
}
