/**
 * `deno task replay <plant> [--speed N|max] [--from T] [--to T] [--expect FILE] [--loop]`:
 * replays a plant's recordings through its twins and alarms on virtual
 * time and checks a tester's expectations. Progress goes to stderr; the
 * summary and the expectation report to stdout. Exit 0 when every
 * expectation held (or none were given), 1 when one failed, 2 on bad
 * arguments or an unreadable plant, recording or expectations file.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { loadPlantFile, PlantError } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { expectationsSchema, formatResults } from "./expectations.ts";
import { iso } from "./recording.ts";
import { ReplayRun, type ReplaySpeed, type ReplayStatus } from "./replay_run.ts";

const HELP = `Replay a plant's recordings through its twins and check expectations.

Usage: deno task replay <plant.json> [options]

Options:
  --speed N|max   1 = real time, N = N times real time, max = as fast as possible (default max)
  --from T        start at recorded time T (ISO 8601, epoch ms, or +90s after the first row)
  --to T          stop at recorded time T (default: the last row)
  --expect FILE   check the expectations in FILE (JSON; see docs/replay.md)
  --loop          start over after the last row (stops at --to)
  --json          print the final status as JSON instead of the summary
  -h, --help      show this help

Exit status: 0 all expectations held, 1 one or more failed, 2 bad input.`;

/** Parsed arguments. */
export interface ReplayArgs {
  /** Plant file. */
  plant: string;
  /** Speed. */
  speed: ReplaySpeed;
  /** Start time, as written. */
  from?: string;
  /** Stop time, as written. */
  to?: string;
  /** Expectations file. */
  expect?: string;
  /** Loop. */
  loop: boolean;
  /** JSON output. */
  json: boolean;
}

/** Parse argv; throws an Error saying what is wrong. */
export function parseReplayArgs(argv: string[]): ReplayArgs | "help" {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      speed: { type: "string", default: "max" },
      from: { type: "string" },
      to: { type: "string" },
      expect: { type: "string" },
      loop: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return "help";
  if (positionals.length !== 1) throw new Error("give exactly one plant file");
  const speed = values.speed === "max" ? "max" : Number(values.speed);
  if (speed !== "max" && !(speed > 0 && speed <= 1e6)) {
    throw new Error(
      `--speed must be a number above 0 (at most 1000000) or "max", got "${values.speed}"`,
    );
  }
  if (values.loop && values.to === undefined) throw new Error("--loop needs --to (when to stop)");
  return {
    plant: positionals[0],
    speed,
    from: values.from,
    to: values.to,
    expect: values.expect,
    loop: values.loop!,
    json: values.json!,
  };
}

/** Where the CLI writes: the summary to `out`, progress and problems to `err`. */
export interface CliOutput {
  /** A line of the summary (stdout). */
  out(line: string): void;
  /** A line of progress or a problem (stderr). */
  err(line: string): void;
}

const CONSOLE: CliOutput = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** Run the CLI; returns the exit code. */
export async function main(argv: string[], io: CliOutput = CONSOLE): Promise<number> {
  let args;
  try {
    args = parseReplayArgs(argv);
  } catch (e) {
    io.err(`replay: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args === "help") {
    io.out(HELP);
    return 0;
  }
  const log = (m: string) => io.err(m);
  let run: ReplayRun;
  try {
    const kinds = await loadKinds();
    const plant = await loadPlantFile(args.plant, kinds, PLANT_SECTIONS);
    let expect;
    if (args.expect) {
      let doc: unknown;
      try {
        doc = JSON.parse(await Deno.readTextFile(args.expect));
      } catch (e) {
        throw new Error(`${args.expect}: ${(e as Error).message}`);
      }
      const parsed = expectationsSchema.safeParse(doc);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) =>
          `${args.expect}: ${
            i.path.map((p) => typeof p === "number" ? `[${p}]` : `.${String(p)}`).join("").replace(
              /^\./,
              "",
            )
          }: ${i.message}`
        );
        throw new Error(issues.join("\n"));
      }
      expect = parsed.data;
    }
    run = await ReplayRun.create({
      plant,
      kinds,
      speed: args.speed,
      from: args.from,
      to: args.to,
      loop: args.loop,
      expect,
      log,
    });
  } catch (e) {
    io.err(e instanceof PlantError ? e.message : `replay: ${(e as Error).message}`);
    return 2;
  }
  const progress = setInterval(() => log(progressLine(run.status())), 1_000);
  let status: ReplayStatus;
  try {
    status = await run.run();
  } finally {
    clearInterval(progress);
  }
  log(progressLine(status));
  io.out(args.json ? JSON.stringify(status, null, 2) : summary(status));
  if (status.state === "failed") return 2;
  return status.expectations?.some((r) => !r.passed) ? 1 : 0;
}

/** One progress line. */
export function progressLine(s: ReplayStatus): string {
  return `replay: ${(s.progress * 100).toFixed(1).padStart(5)}% at ${iso(s.feed.position)}, ` +
    `${s.feed.rowsFed} rows, ${s.alarmsRaised} alarms raised, ${s.state}`;
}

/** The closing summary. */
export function summary(s: ReplayStatus): string {
  const lines = [
    `replayed ${s.feed.rowsFed} rows, ${iso(s.feed.start)} to ${
      iso(Math.min(s.to, s.feed.end))
    }, ` +
    `in ${(s.wallMs / 1000).toFixed(2)} s (${s.state})`,
  ];
  for (const r of s.reports) {
    const counts = Object.entries(r.counts).map(([k, n]) => `${n} ${k}`).join(", ");
    lines.push(
      `recording ${r.id}: ${r.accepted} of ${r.rows} rows readable` +
        (counts ? `, ${r.skipped} skipped; ${counts}` : ", no issues"),
    );
  }
  lines.push(`alarms raised: ${s.alarmsRaised}`);
  if (s.error) lines.push(`error: ${s.error}`);
  if (s.expectations) lines.push(formatResults(s.expectations));
  return lines.join("\n");
}

if (import.meta.main) Deno.exit(await main(Deno.args));
