/**
 * A recording read into memory, ready to replay: accepted rows in time
 * order, each with its source row number, and per mapped column a
 * Float64Array of values already converted to the point's unit (NaN where
 * the row holds no value). {@linkcode RecordingBuilder} judges each row as
 * it is added: a row with an unparsable number, a missing column or a time
 * that does not move forward is skipped and reported with its row number;
 * gaps are found once all rows are in. Nothing is filled in.
 *
 * @module
 */
import type { Conversion } from "./unit_conversion.ts";

/** What went wrong with a row, or between two rows. */
export type IssueKind =
  | "bad_number"
  | "bad_time"
  | "missing_column"
  | "time_back"
  | "repeated_time"
  | "bad_line"
  | "empty"
  | "gap";

/** One reported problem of a recording. */
export interface RecordingIssue {
  /** What kind of problem. */
  kind: IssueKind;
  /** 1-based data row (a CSV's header is not a row; for line protocol, the line). */
  row: number;
  /** 1-based line of the file, for text formats. */
  line?: number;
  /** Last row of a run of empty cells reported as one issue. */
  until?: number;
  /** The column (or field) at fault, if one. */
  column?: string;
  /** Whether the row was skipped (bad rows) or replayed (empty cells, gaps). */
  skipped: boolean;
  /** In words. */
  message: string;
}

/** Most issues kept in detail; the rest are only counted. */
export const MAX_ISSUES = 1_000;

/** What reading a recording found. */
export interface RecordingReport {
  /** Recording id. */
  id: string;
  /** File read. */
  file: string;
  /** Data rows read. */
  rows: number;
  /** Rows accepted for replay. */
  accepted: number;
  /** Bad rows skipped. */
  skipped: number;
  /** Count of each kind of issue. */
  counts: Partial<Record<IssueKind, number>>;
  /** The first {@linkcode MAX_ISSUES} issues, in row order per kind of check. */
  issues: RecordingIssue[];
  /** The sample period the gaps were judged against, ms. */
  periodMs: number;
  /** Time of the first and last accepted rows (epoch ms), or null when none. */
  first: number | null;
  /** Time of the last accepted row. */
  last: number | null;
}

/** A column mapping resolved for replay. */
export interface ReplayMapping {
  /** Twin fed. */
  twin: string;
  /** Point fed. */
  point: string;
  /** Column or field name, for messages. */
  column: string;
  /** From the recorded unit to the point's. */
  conversion: Conversion;
}

/** A recording in memory. */
export interface Recording {
  /** Recording id. */
  id: string;
  /** Accepted row times, epoch ms, non-decreasing. */
  times: Float64Array;
  /** Source row number of each accepted row. */
  rows: Int32Array;
  /** Per mapping, the converted value of each accepted row (NaN: none). */
  values: Float64Array[];
  /** The mappings, in the order of `values`. */
  mappings: readonly ReplayMapping[];
  /** Fixed values sent with every row to the recording's twin. */
  constants: Readonly<Record<string, number | boolean | string>>;
  /** The recording's own twin, which `constants` feed. */
  twin?: string;
  /** What reading found. */
  report: RecordingReport;
}

/** Options of a {@linkcode RecordingBuilder}. */
export interface BuilderOptions {
  /** Recording id. */
  id: string;
  /** File, for messages. */
  file: string;
  /** The mappings, in cell order. */
  mappings: readonly ReplayMapping[];
  /** Constants for `twin`. */
  constants?: Readonly<Record<string, number | boolean | string>>;
  /** The recording's own twin. */
  twin?: string;
  /** A time jump beyond this many sample periods is a gap. */
  gapPeriods: number;
  /** The sample period, ms; default the median step between rows. */
  periodMs?: number;
  /** Whether rows may share a time (line protocol: several series per instant). */
  sharedTimes?: boolean;
}

/**
 * A cell as a reader hands it over: a number (NaN when the row does not
 * carry the column at all, as a line-protocol line carries only its own
 * fields), text to parse, or null / empty text for an empty cell.
 */
export type Cell = number | string | null | undefined;

const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Collects rows, judging each; {@linkcode RecordingBuilder.finish} gives the recording. */
export class RecordingBuilder {
  readonly #o: BuilderOptions;
  #times: number[] = [];
  #rowNumbers: number[] = [];
  #values: number[][];
  #lines: (number | undefined)[] = [];
  #read = 0;
  #skipped = 0;
  #counts: Partial<Record<IssueKind, number>> = {};
  #issues: RecordingIssue[] = [];
  #lastTime = -Infinity;
  #cells: number[];
  #emptyRuns: ({ row: number; line?: number; until: number; count: number } | undefined)[];

  /** Start an empty recording. */
  constructor(opts: BuilderOptions) {
    this.#o = opts;
    this.#values = opts.mappings.map(() => []);
    this.#cells = new Array(opts.mappings.length);
    this.#emptyRuns = new Array(opts.mappings.length);
  }

  /** Report a run of empty cells of mapping `k` as one issue. */
  #closeRun(k: number): void {
    const run = this.#emptyRuns[k]!;
    this.#emptyRuns[k] = undefined;
    const column = this.#o.mappings[k].column;
    this.issue({
      kind: "empty",
      row: run.row,
      ...(run.line !== undefined ? { line: run.line } : {}),
      ...(run.count > 1 ? { until: run.until } : {}),
      column,
      skipped: false,
      message: run.count > 1
        ? `column "${column}" is empty in rows ${run.row} to ${run.until} (${run.count} rows); ` +
          "its point gets no sample from them"
        : `column "${column}" is empty; its point gets no sample from this row`,
    });
  }

  /** Record an issue (kept in detail up to {@linkcode MAX_ISSUES}). */
  issue(issue: RecordingIssue): void {
    this.#counts[issue.kind] = (this.#counts[issue.kind] ?? 0) + 1;
    if (this.#issues.length < MAX_ISSUES) this.#issues.push(issue);
  }

  /** Count a row that could not be read at all (a malformed line). */
  badRow(row: number, line: number | undefined, kind: IssueKind, message: string): void {
    this.#read++;
    this.#skipped++;
    this.issue({ kind, row, ...(line !== undefined ? { line } : {}), skipped: true, message });
  }

  /**
   * Add a row: its time (epoch ms, or NaN when unreadable, with `timeText`
   * saying what was there) and one cell per mapping (undefined: the column
   * is missing from this row). Returns whether it was accepted.
   */
  add(
    row: number,
    line: number | undefined,
    time: number,
    timeText: string,
    cells: Cell[],
  ): boolean {
    this.#read++;
    const at = line !== undefined ? { line } : {};
    const skip = (kind: IssueKind, message: string, column?: string) => {
      this.#skipped++;
      this.issue({ kind, row, ...at, ...(column ? { column } : {}), skipped: true, message });
      return false;
    };
    if (!Number.isFinite(time)) return skip("bad_time", `unreadable time "${timeText}"`);
    if (time < this.#lastTime) {
      return skip(
        "time_back",
        `time ${iso(time)} is before the previous row's ${iso(this.#lastTime)}`,
      );
    }
    if (time === this.#lastTime && !this.#o.sharedTimes) {
      return skip("repeated_time", `time ${iso(time)} repeats the previous row's`);
    }
    const maps = this.#o.mappings;
    let empties: string[] | undefined;
    for (let k = 0; k < maps.length; k++) {
      const cell = cells[k];
      if (cell === undefined) {
        return skip("missing_column", `no value for column "${maps[k].column}"`, maps[k].column);
      }
      let x: number;
      if (typeof cell === "number") x = cell; // NaN: this row does not carry the column
      else if (cell === null || cell.trim() === "" || /^\s*nan\s*$/i.test(cell)) {
        x = NaN;
        (empties ??= []).push(maps[k].column);
      } else if (DECIMAL.test(cell)) x = Number(cell);
      else {
        return skip(
          "bad_number",
          `column "${maps[k].column}": "${
            cell.length > 40 ? cell.slice(0, 40) + "..." : cell
          }" is not a number`,
          maps[k].column,
        );
      }
      const c = maps[k].conversion;
      this.#cells[k] = c.scale * x + c.offset;
    }
    for (let k = 0; k < maps.length; k++) {
      const run = this.#emptyRuns[k];
      if (empties?.includes(maps[k].column)) {
        if (run) {
          run.until = row;
          run.count++;
        } else this.#emptyRuns[k] = { row, line, until: row, count: 1 };
      } else if (run) this.#closeRun(k);
    }
    this.#lastTime = time;
    this.#times.push(time);
    this.#rowNumbers.push(row);
    this.#lines.push(line);
    for (let k = 0; k < maps.length; k++) this.#values[k].push(this.#cells[k]);
    return true;
  }

  /** Find the gaps and hand over the recording. */
  finish(): Recording {
    for (let k = 0; k < this.#emptyRuns.length; k++) if (this.#emptyRuns[k]) this.#closeRun(k);
    const times = Float64Array.from(this.#times);
    const periodMs = this.#o.periodMs ?? medianStep(times);
    const limit = this.#o.gapPeriods * periodMs;
    for (let i = 1; i < times.length; i++) {
      const dt = times[i] - times[i - 1];
      if (periodMs > 0 && dt > limit) {
        const line = this.#lines[i];
        this.issue({
          kind: "gap",
          row: this.#rowNumbers[i],
          ...(line !== undefined ? { line } : {}),
          skipped: false,
          message: `${(dt / 1000).toLocaleString("en-US")} s without a row before this one ` +
            `(${iso(times[i - 1])} to ${iso(times[i])}; period ${periodMs / 1000} s)`,
        });
      }
    }
    this.#issues.sort((a, b) => a.row - b.row);
    return {
      id: this.#o.id,
      times,
      rows: Int32Array.from(this.#rowNumbers),
      values: this.#values.map((v) => Float64Array.from(v)),
      mappings: this.#o.mappings,
      constants: this.#o.constants ?? {},
      ...(this.#o.twin !== undefined ? { twin: this.#o.twin } : {}),
      report: {
        id: this.#o.id,
        file: this.#o.file,
        rows: this.#read,
        accepted: times.length,
        skipped: this.#skipped,
        counts: this.#counts,
        issues: this.#issues,
        periodMs,
        first: times.length ? times[0] : null,
        last: times.length ? times[times.length - 1] : null,
      },
    };
  }
}

/** The (lower) median positive step between consecutive times (0 with fewer than two). */
export function medianStep(times: Float64Array): number {
  const steps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const dt = times[i] - times[i - 1];
    if (dt > 0) steps.push(dt);
  }
  if (steps.length === 0) return 0;
  steps.sort((a, b) => a - b);
  return steps[(steps.length - 1) >> 1];
}

/** A time for messages. */
export function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}
