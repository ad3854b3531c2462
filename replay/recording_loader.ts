/**
 * Reads a recording file named by a `recordings` entry into a
 * {@linkcode Recording}: CSV with csv-parse (it hands over each record's
 * line number, so a bad row is reported where an editor shows it),
 * Parquet with hyparquet and its compressors (the 3W files are brotli),
 * InfluxDB line protocol with our strict parser. A file that cannot be
 * read at all, or lacks a mapped column, is a {@linkcode RecordingError}
 * naming the file, the column and the plant-file mapping; a bad row is
 * skipped and reported, and the rest replays.
 *
 * @module
 */
import { parse as parseCsv } from "csv-parse/sync";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { isAbsolute, join } from "node:path";
import type { RecordingConfig, TimeFormat } from "./recording_config.ts";
import { type Cell, type Recording, RecordingBuilder, type ReplayMapping } from "./recording.ts";
import { type LinePoint, LineProtocolError, parseLine } from "./line_protocol.ts";
import { conversion } from "./unit_conversion.ts";

/** A recording that cannot be replayed at all. */
export class RecordingError extends Error {}

/** Unit of a twin's point, or undefined when the twin has no such point. */
export type UnitLookup = (twin: string, point: string) => string | undefined;

/** The path of a recording's file: relative paths are relative to `baseDir` (the plant file's folder). */
export function recordingPath(config: Pick<RecordingConfig, "file">, baseDir: string): string {
  return isAbsolute(config.file) ? config.file : join(baseDir, config.file);
}

/** Read the recording `config` names; `unitOf` gives the unit of each fed point. */
export async function loadRecording(
  config: RecordingConfig,
  baseDir: string,
  unitOf: UnitLookup,
): Promise<Recording> {
  const file = recordingPath(config, baseDir);
  const mappings: ReplayMapping[] = config.points.map((m, j) => {
    const unit = m.extra ? (m.unit ?? "") : unitOf(m.twin, m.point);
    if (unit === undefined) {
      throw new RecordingError(
        `${config.path}.points[${j}]: twin "${m.twin}" has no point "${m.point}"`,
      );
    }
    const c = conversion(m.unit, unit);
    if (typeof c === "string") throw new RecordingError(`${config.path}.points[${j}]: ${c}`);
    return { twin: m.twin, point: m.point, column: (m.column ?? m.field)!, conversion: c };
  });
  const builder = new RecordingBuilder({
    id: config.id,
    file,
    mappings,
    constants: config.constants,
    twin: config.twin,
    gapPeriods: config.gap_periods,
    ...(config.period_s !== undefined ? { periodMs: config.period_s * 1000 } : {}),
    sharedTimes: config.format === "line",
  });
  try {
    if (config.format === "csv") await readCsv(config, file, builder);
    else if (config.format === "parquet") await readParquet(config, file, builder);
    else await readLines(config, file, builder);
  } catch (e) {
    if (e instanceof RecordingError) throw e;
    throw new RecordingError(`recording "${config.id}": ${file}: ${(e as Error).message}`);
  }
  return builder.finish();
}

function missingColumn(config: RecordingConfig, file: string, column: string, have: string[]) {
  const j = config.points.findIndex((m) => m.column === column);
  const where = j >= 0
    ? `${config.path}.points[${j}].column`
    : `${config.path}.${config.format}.time_column`;
  return new RecordingError(
    `recording "${config.id}": ${file} has no column "${column}" (mapped at ${where}); ` +
      `its columns: ${have.join(", ")}`,
  );
}

async function readCsv(config: RecordingConfig, file: string, builder: RecordingBuilder) {
  const o = config.csv!;
  const text = await Deno.readTextFile(file);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      delimiter: o.delimiter,
      info: true,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new RecordingError(
      `recording "${config.id}": ${file}${line ? ` line ${line}` : ""}: not CSV as configured: ${
        (e as Error).message
      }`,
    );
  }
  if (records.length === 0) throw new RecordingError(`recording "${config.id}": ${file} is empty`);
  const header = records[0].record.map((h) => h.trim());
  const index = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw missingColumn(config, file, name, header);
    return i;
  };
  const timeAt = index(o.time_column);
  const at = config.points.map((m) => index(m.column!));
  const cells: Cell[] = new Array(at.length);
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r];
    const timeText = record[timeAt];
    for (let k = 0; k < at.length; k++) cells[k] = record[at[k]];
    const time = timeText === undefined ? NaN : parseTime(timeText, o.time_format, o.time_zone);
    if (timeText === undefined) {
      builder.badRow(r, info.lines, "missing_column", `no value for column "${o.time_column}"`);
      continue;
    }
    builder.add(r, info.lines, time, timeText, cells);
  }
}

async function readParquet(config: RecordingConfig, file: string, builder: RecordingBuilder) {
  const o = config.parquet!;
  const buffer = await asyncBufferFromFile(file);
  const meta = await parquetMetadataAsync(buffer);
  const names = meta.schema.slice(1).map((s) => s.name);
  const wanted = [o.time_column, ...config.points.map((m) => m.column!)];
  for (const name of wanted) {
    if (!names.includes(name)) throw missingColumn(config, file, name, names);
  }
  const rows = await parquetReadObjects({
    file: buffer,
    compressors,
    columns: [...new Set(wanted)],
  });
  const shift = zoneShiftMs(o.time_zone);
  const cells: Cell[] = new Array(config.points.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const t = row[o.time_column];
    let time = NaN;
    if (t instanceof Date) time = t.getTime() - shift;
    else if (typeof t === "bigint") time = Number(t) - shift;
    else if (typeof t === "number") time = t - shift;
    else if (typeof t === "string") time = parseTime(t, "iso", o.time_zone);
    config.points.forEach((m, k) => {
      const v = row[m.column!];
      cells[k] = v === null || v === undefined
        ? null
        : typeof v === "number"
        ? v
        : typeof v === "bigint"
        ? Number(v)
        : typeof v === "boolean"
        ? Number(v)
        : String(v);
    });
    builder.add(r + 1, undefined, time, String(t), cells);
  }
}

const PRECISION_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
};

async function readLines(config: RecordingConfig, file: string, builder: RecordingBuilder) {
  const ns = PRECISION_NS[config.line?.precision ?? "ns"];
  const text = await Deno.readTextFile(file);
  const lines = text.split("\n");
  const parsed: { line: number; point: LinePoint; time: number }[] = [];
  lines.forEach((raw, i) => {
    let point: LinePoint | undefined;
    try {
      point = parseLine(raw);
    } catch (e) {
      if (!(e instanceof LineProtocolError)) throw e;
      builder.badRow(i + 1, i + 1, "bad_line", `not line protocol: ${e.message}`);
      return;
    }
    if (!point) return;
    if (point.timestamp === undefined) {
      builder.badRow(i + 1, i + 1, "bad_time", "the line has no timestamp");
      return;
    }
    // Milliseconds with the sub-millisecond part kept as a fraction, without
    // passing through a Number of nanoseconds (which would round).
    const total = point.timestamp * ns;
    const time = Number(total / 1_000_000n) + Number(total % 1_000_000n) / 1e6;
    parsed.push({ line: i + 1, point, time });
  });
  // An export groups lines by series; the replay goes in time order.
  parsed.sort((a, b) => a.time - b.time || a.line - b.line);
  const cells: Cell[] = new Array(config.points.length);
  for (const { line, point, time } of parsed) {
    let carried = false;
    config.points.forEach((m, k) => {
      cells[k] = NaN;
      if (m.measurement !== undefined && m.measurement !== point.measurement) return;
      for (const [tag, value] of Object.entries(m.tags ?? {})) {
        if (point.tags[tag] !== value) return;
      }
      const v = point.fields[m.field!];
      if (v === undefined) return;
      carried = true;
      cells[k] = typeof v === "boolean" ? Number(v) : typeof v === "number" ? v : v;
    });
    if (carried) builder.add(line, line, time, String(point.timestamp), cells);
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const INTEGER = /^[+-]?\d+(?:\.\d+)?$/;
const EPOCH_MS: Record<string, number> = {
  epoch_s: 1000,
  epoch_ms: 1,
  epoch_us: 1e-3,
  epoch_ns: 1e-6,
};

/**
 * A recorded time in epoch ms, NaN when unreadable. An ISO time without a
 * zone is in `zone` (`Z` or `+03:00`).
 */
export function parseTime(text: string, format: TimeFormat, zone: string): number {
  const t = text.trim();
  if (format !== "iso") return INTEGER.test(t) ? Number(t) * EPOCH_MS[format] : NaN;
  const m = ISO.exec(t);
  if (!m) return NaN;
  const s = t.replace(" ", "T");
  return Date.parse(m[1] ? s : s + zone);
}

function zoneShiftMs(zone: string): number {
  if (zone === "Z") return 0;
  const sign = zone[0] === "-" ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
}
