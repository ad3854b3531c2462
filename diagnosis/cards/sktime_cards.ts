/**
 * Reads dynamometer cards in the sktime `.ts` format the shared dataset
 * uses: `@` header lines, then one card per line,
 * `positions(comma-separated):loads(comma-separated)[:LABEL]`. A line that
 * cannot be read is kept as an error naming its line number, so a caller can
 * still answer once per card line.
 *
 * @module
 */

/** One card as read from a file. */
export interface LabelledCard {
  /** Polished-rod positions over the stroke (the file's unit, m in the dataset). */
  position: Float64Array;
  /** Loads at the same instants (kN in the dataset). */
  load: Float64Array;
  /** Class label, when the line carries one. */
  label?: string;
  /** 1-based line number in the file. */
  line: number;
}

/** A card line that could not be read. */
export interface CardLineError {
  /** 1-based line number. */
  line: number;
  /** What is wrong with it. */
  message: string;
}

/** Everything read from one file: cards and bad lines, in file order. */
export interface CardFile {
  /** Class labels declared by `@classLabel true ...`, if any. */
  classLabels: string[];
  /** One entry per data line: a card or the reason it could not be read. */
  entries: (LabelledCard | CardLineError)[];
}

/** Whether an entry is an error rather than a card. */
export function isLineError(e: LabelledCard | CardLineError): e is CardLineError {
  return "message" in e;
}

function parseSeries(text: string, what: string): Float64Array | string {
  const parts = text.split(",");
  const out = new Float64Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i].trim();
    const v = s === "" ? NaN : Number(s);
    if (!Number.isFinite(v)) return `${what} value ${i + 1} is not a number: "${s}"`;
    out[i] = v;
  }
  return out;
}

/** Parse the text of a sktime `.ts` card file. */
export function parseCardFile(text: string): CardFile {
  const classLabels: string[] = [];
  const entries: (LabelledCard | CardLineError)[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    const line = i + 1;
    if (raw === "" || raw.startsWith("#")) continue;
    if (raw.startsWith("@")) {
      const [tag, ...rest] = raw.split(/\s+/);
      if (tag.toLowerCase() === "@classlabel" && rest[0] === "true") {
        classLabels.push(...rest.slice(1));
      }
      continue;
    }
    const fields = raw.split(":");
    if (fields.length < 2 || fields.length > 3) {
      entries.push({
        line,
        message: `expected positions:loads[:LABEL], got ${fields.length} field(s)`,
      });
      continue;
    }
    const position = parseSeries(fields[0], "position");
    if (typeof position === "string") {
      entries.push({ line, message: position });
      continue;
    }
    const load = parseSeries(fields[1], "load");
    if (typeof load === "string") {
      entries.push({ line, message: load });
      continue;
    }
    if (position.length !== load.length) {
      entries.push({
        line,
        message: `${position.length} positions but ${load.length} loads`,
      });
      continue;
    }
    if (position.length < 8) {
      entries.push({ line, message: `a card needs at least 8 points, got ${position.length}` });
      continue;
    }
    const label = fields.length === 3 ? fields[2].trim() : undefined;
    if (label !== undefined && classLabels.length > 0 && !classLabels.includes(label)) {
      entries.push({ line, message: `label "${label}" is not declared in @classLabel` });
      continue;
    }
    entries.push(label === undefined ? { position, load, line } : { position, load, label, line });
  }
  return { classLabels, entries };
}
