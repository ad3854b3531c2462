/**
 * `deno task whatif`: fork a plant file, apply overrides, run the baseline
 * and the variants on workers on virtual time, and print the KPI comparison.
 *
 *   deno task whatif <plant.json> <overrides.json> [--duration 24h] [--csv out.csv]
 *                    [--json out.json] [--parallel N] [--from-snapshot FILE]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { startPlant } from "../app/start_plant.ts";
import type { Plant } from "../plant/plant_file.ts";
import { type KindRegistry, loadKinds } from "../twins/registry.ts";
import { formatDuration } from "./duration.ts";
import { loadBase } from "./fork_base.ts";
import type { KpiRow } from "./kpis.ts";
import { type PlantSnapshot, restoreSnapshot, SnapshotError } from "./plant_snapshot.ts";
import { kpiCsv } from "./results_csv.ts";
import { parseSnapshotJson, SnapshotFileError } from "./snapshot_file.ts";
import { prepareRuns, WhatifStudy } from "./whatif_study.ts";
import { BASELINE, parseWhatifSpec, WhatifSpecError } from "./whatif_spec.ts";

const HELP = `fieldtwin what-if: run a plant with overrides on virtual time and compare KPIs

Usage: deno task whatif <plant.json> <overrides.json> [options]

<overrides.json> is either a bare set of overrides ({"demand": {"scale": 1.2}, ...})
or a whole what-if spec ({"variants": [...], "tariff": ..., ...}); see docs/whatif.md.

Options:
  --duration D   virtual time each run covers, like 24h, 90m, 1h30m (default: the
                 spec's, or 24h)
  --csv FILE     write the comparison as CSV (one row per run per KPI, "-" for stdout)
  --json FILE    write the whole result as JSON ("-" for stdout)
  --parallel N   runs at once on workers (default: the spec's, or the core count)
  --no-baseline  skip the untouched baseline run (no deltas)
  --from-snapshot FILE
                 start every run from a running plant's state, downloaded from
                 GET /api/whatif/snapshot of a server running <plant.json>
  -h, --help     show this help

Progress goes to stderr (a bar on a terminal, a line per 10% otherwise); the
comparison table to stdout. Exit status: 0 done, 1 a run failed, 2 bad input,
130 interrupted.`;

const OVERRIDE_KEYS = new Set(["params", "demand", "ambient", "setpoints", "events"]);

/** Parsed command line. */
export interface WhatifArgs {
  /** Plant file. */
  plant: string;
  /** Overrides or spec file. */
  overrides: string;
  /** --duration, when given. */
  duration?: string;
  /** --csv target. */
  csv?: string;
  /** --json target. */
  json?: string;
  /** --parallel. */
  parallel?: number;
  /** Whether the baseline runs. */
  baseline: boolean;
  /** --from-snapshot: a snapshot file to start every run from. */
  fromSnapshot?: string;
}

/** Parse argv; throws an Error with a usage hint on bad input. */
export function parseWhatifArgs(argv: string[]): WhatifArgs | "help" {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      duration: { type: "string" },
      csv: { type: "string" },
      json: { type: "string" },
      parallel: { type: "string" },
      "no-baseline": { type: "boolean", default: false },
      "from-snapshot": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return "help";
  if (positionals.length !== 2) {
    throw new Error(
      `expected <plant.json> <overrides.json>, got ${positionals.length} argument(s)`,
    );
  }
  const parallel = values.parallel === undefined ? undefined : Number(values.parallel);
  if (parallel !== undefined && !(Number.isInteger(parallel) && parallel >= 1 && parallel <= 64)) {
    throw new Error(`--parallel must be an integer from 1 to 64, got "${values.parallel}"`);
  }
  return {
    plant: positionals[0],
    overrides: positionals[1],
    duration: values.duration,
    csv: values.csv,
    json: values.json,
    parallel,
    baseline: !values["no-baseline"],
    ...(values["from-snapshot"] !== undefined ? { fromSnapshot: values["from-snapshot"] } : {}),
  };
}

/** A snapshot file that cannot start a fork of the plant; the message names file and place. */
export class SnapshotFileRefused extends Error {}

/**
 * Read the snapshot file at `path` for a fork of `base`: checked against
 * the plant file, then restored once into a plant built here, so a state a
 * simulator or a learner refuses is named before any run starts. Returns
 * the plant starting at the snapshot's step, and the snapshot.
 */
export async function forkFromSnapshotFile(
  path: string,
  base: Plant,
  kinds: KindRegistry,
): Promise<{ plant: Plant; snapshot: PlantSnapshot }> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new SnapshotFileRefused(`${path}: ${(e as Error).message}`);
  }
  let snapshot: PlantSnapshot;
  try {
    snapshot = parseSnapshotJson(text, base);
  } catch (e) {
    if (!(e instanceof SnapshotFileError)) throw e;
    throw new SnapshotFileRefused(`${path}: ${e.message}`);
  }
  const plant = { ...base, startMs: snapshot.atMs };
  const trial = startPlant(plant, kinds, {
    virtual: true,
    dayStartMs: snapshot.dayStartMs,
    log: () => {},
  });
  try {
    restoreSnapshot(trial, structuredClone(snapshot));
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    throw new SnapshotFileRefused(`${path}: ${e.message.replace(/^cannot snapshot/, "twin")}`);
  } finally {
    trial.stop();
  }
  return { plant, snapshot };
}

/** The spec a CLI invocation means: the file's (bare overrides wrapped), the plant and flags over it. */
export function specFromFile(doc: unknown, args: WhatifArgs): unknown {
  const obj = typeof doc === "object" && doc !== null && !Array.isArray(doc)
    ? doc as Record<string, unknown>
    : undefined;
  const bare = obj !== undefined && Object.keys(obj).every((k) => OVERRIDE_KEYS.has(k));
  const spec: Record<string, unknown> = bare ? { overrides: obj } : { ...obj };
  if (obj === undefined) return doc; // refused by the schema with its path
  spec.base = { plant: args.plant };
  if (args.duration !== undefined) spec.duration = args.duration;
  if (!args.baseline) spec.baseline = false;
  if (args.parallel !== undefined) spec.parallel = args.parallel;
  return spec;
}

/** The comparison as a table: a row per KPI, a column per run (value and delta %). */
export function kpiTable(rows: readonly KpiRow[], runs: readonly string[]): string {
  const kpis = [...new Set(rows.map((r) => r.kpi))];
  const cell = (run: string, kpi: string) => {
    const r = rows.find((x) => x.run === run && x.kpi === kpi);
    if (!r) return "";
    const v = fmt(r.value);
    if (run === BASELINE || r.delta === null) return v;
    if (r.delta === 0) return `${v} (=)`;
    const pct = r.delta_pct === null
      ? ""
      : `${r.delta_pct > 0 ? "+" : ""}${Number(r.delta_pct.toFixed(1))}%`;
    return `${v} (${pct || `${r.delta > 0 ? "+" : ""}${fmt(r.delta)}`})`;
  };
  const header = ["kpi", "unit", ...runs];
  const body = kpis.map((
    k,
  ) => [k, rows.find((r) => r.kpi === k)!.unit, ...runs.map((r) => cell(r, k))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n") +
    "\n";
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e6 || a < 1e-3)
    ? x.toExponential(3)
    : String(Number(x.toFixed(a >= 100 ? 1 : 3)));
}

/** Draws progress on stderr: one redrawn bar on a terminal, a line per 10% otherwise. */
class ProgressReport {
  readonly #tty = Deno.stderr.isTerminal();
  readonly #runs: readonly string[];
  #lastTenth = -1;
  #enc = new TextEncoder();

  constructor(runs: readonly string[]) {
    this.#runs = runs;
  }

  update(progress: readonly number[]): void {
    const total = progress.reduce((a, b) => a + b, 0) / progress.length;
    if (this.#tty) {
      const width = 30;
      const filled = Math.round(total * width);
      const each = this.#runs.map((r, i) => `${r} ${Math.floor(progress[i] * 100)}%`).join(", ");
      const text = `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${
        Math.floor(total * 100)
      }%  ${each}`;
      const cols = (() => {
        try {
          return Deno.consoleSize().columns;
        } catch {
          return 120;
        }
      })();
      Deno.stderr.writeSync(this.#enc.encode(text.slice(0, cols - 1) + "\x1b[K"));
    } else {
      const tenth = Math.floor(total * 10);
      if (tenth > this.#lastTenth) {
        this.#lastTenth = tenth;
        console.error(`whatif: ${tenth * 10}% of virtual time done`);
      }
    }
  }

  end(): void {
    if (this.#tty) Deno.stderr.writeSync(this.#enc.encode("\n"));
  }
}

async function write(target: string, text: string): Promise<void> {
  if (target === "-") await Deno.stdout.write(new TextEncoder().encode(text));
  else await Deno.writeTextFile(target, text);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseWhatifArgs(Deno.args);
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args === "help") {
    console.log(HELP);
    return 0;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(await Deno.readTextFile(args.overrides));
  } catch (e) {
    console.error(`whatif: ${args.overrides}: ${(e as Error).message}`);
    return 2;
  }
  const kinds = await loadKinds();
  let study: WhatifStudy;
  try {
    const spec = parseWhatifSpec(specFromFile(doc, args));
    let base = await loadBase(spec, kinds);
    let snapshot: PlantSnapshot | undefined;
    if (args.fromSnapshot !== undefined) {
      try {
        ({ plant: base, snapshot } = await forkFromSnapshotFile(args.fromSnapshot, base, kinds));
      } catch (e) {
        if (!(e instanceof SnapshotFileRefused)) throw e;
        console.error(`whatif: ${e.message}`);
        return 2;
      }
      console.error(
        `whatif: from the state of "${snapshot.plant}" at ${new Date(snapshot.atMs).toISOString()}`,
      );
    }
    const runs = prepareRuns(spec, base, kinds, snapshot);
    console.error(
      `whatif: ${runs.length} run(s) of ${
        formatDuration(spec.durationMs)
      } of "${base.name}" on workers`,
    );
    const report = new ProgressReport(runs.map((r) => r.name));
    let last = 0;
    study = new WhatifStudy("cli", spec, runs, {
      onProgress: () => {
        // A redraw per message would flood a slow terminal.
        const now = performance.now();
        if (now - last < 100 && study.progress.some((p) => p < 1)) return;
        last = now;
        report.update(study.progress);
      },
    });
    const interrupt = () => study.cancel();
    Deno.addSignalListener("SIGINT", interrupt);
    await study.done;
    Deno.removeSignalListener("SIGINT", interrupt);
    report.update(study.progress);
    report.end();
  } catch (e) {
    if (!(e instanceof WhatifSpecError)) throw e;
    for (const p of e.problems) console.error(`whatif: ${args.overrides}: ${p.path}: ${p.message}`);
    return 2;
  }
  if (study.status === "cancelled") {
    console.error("whatif: interrupted");
    return 130;
  }
  if (!study.results) {
    console.error(`whatif: failed: ${study.error}`);
    return 1;
  }
  const { comparison, runs } = study.results;
  for (const r of runs) {
    for (const c of r.commands.filter((c) => c.status !== "executed")) {
      console.error(
        `whatif: ${r.name}: ${c.type} on ${c.twin} at ${formatDuration(c.atMs)}: ${c.status}${
          c.error ? ` (${c.error})` : ""
        }`,
      );
    }
    for (const w of r.warnings) console.error(`whatif: ${r.name}: ${w}`);
  }
  const toStdout = args.csv === "-" || args.json === "-";
  if (!toStdout) await write("-", kpiTable(comparison, runs.map((r) => r.name)));
  if (args.csv) await write(args.csv, kpiCsv(comparison));
  if (args.json) {
    await write(
      args.json,
      JSON.stringify(
        { name: study.spec.name, duration_ms: study.spec.durationMs, ...study.results },
        null,
        2,
      ) + "\n",
    );
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main());
