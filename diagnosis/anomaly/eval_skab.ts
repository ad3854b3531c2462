/**
 * `deno task eval-skab <dir> [--lambda x] [--margin y]`: run the pump anomaly
 * detector on every `.csv` under `<dir>` (recursively, in path order) with
 * SKAB's protocol and print one line per file, then the last line
 * `F1=<x> FAR=<percent> MAR=<percent>` over all labelled files (confusion
 * counts summed over files, as SKAB does). Files without an `anomaly` column
 * (SKAB's anomaly-free run) are reported with their alarm rate on the test
 * rows and left out of the totals.
 *
 * @module
 */
import { join, relative } from "node:path";
import { DEFAULT_MEWMA_OPTIONS, type MewmaOptions } from "./mewma_detector.ts";
import { parseSkabCsv } from "./skab_csv.ts";
import { evaluateSkabRecording } from "./skab_eval.ts";
import { type Confusion, formatScores, skabScores, sumConfusion } from "./skab_scoring.ts";

/** Every `.csv` under `dir`, sorted so runs print in the same order. */
export async function listCsv(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      const p = join(d, e.name);
      if (e.isDirectory) await walk(p);
      else if (e.isFile && e.name.toLowerCase().endsWith(".csv")) out.push(p);
    }
  };
  await walk(dir);
  return out.sort();
}

/**
 * Evaluate a folder; returns the lines to print (the last is the summary).
 *
 * @param dir folder of SKAB CSV files
 * @param options detector tuning
 * @returns printed lines and the summed confusion (undefined with no labelled file)
 */
export async function evalSkabDir(
  dir: string,
  options: MewmaOptions = DEFAULT_MEWMA_OPTIONS,
): Promise<{ lines: string[]; total: Confusion | undefined }> {
  const files = await listCsv(dir);
  if (files.length === 0) throw new Error(`${dir}: no .csv files`);
  const lines: string[] = [];
  const labelled: Confusion[] = [];
  for (const f of files) {
    const name = relative(dir, f);
    const rec = parseSkabCsv(await Deno.readTextFile(f), f);
    const r = evaluateSkabRecording(rec, options);
    if (r.confusion) {
      labelled.push(r.confusion);
      const c = r.confusion;
      lines.push(
        `${name} ${formatScores(skabScores(c))} tp=${c.tp} fp=${c.fp} tn=${c.tn} fn=${c.fn}`,
      );
    } else {
      const alarms = r.flags.filter((x) => x).length;
      lines.push(
        `${name} unlabelled alarm_rate=${(alarms / r.testRows * 100).toFixed(2)} ` +
          `(${alarms} of ${r.testRows} test rows; not in the totals)`,
      );
    }
  }
  if (labelled.length === 0) return { lines, total: undefined };
  const total = sumConfusion(labelled);
  lines.push(formatScores(skabScores(total)));
  return { lines, total };
}

function parseArgs(args: string[]): { dir: string; options: MewmaOptions } {
  const options: MewmaOptions = { ...DEFAULT_MEWMA_OPTIONS };
  let dir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--lambda" || a === "--margin") {
      const v = Number(args[++i]);
      if (!Number.isFinite(v)) throw new Error(`${a} needs a number, got "${args[i]}"`);
      options[a === "--lambda" ? "lambda" : "margin"] = v;
    } else if (dir === undefined && !a.startsWith("--")) dir = a;
    else throw new Error(`unexpected argument "${a}"`);
  }
  if (!dir) throw new Error("usage: deno task eval-skab <dir> [--lambda x] [--margin y]");
  return { dir, options };
}

if (import.meta.main) {
  try {
    const { dir, options } = parseArgs(Deno.args);
    const { lines, total } = await evalSkabDir(dir, options);
    for (const l of lines) console.log(l);
    if (!total) {
      console.error(`${dir}: no file has an anomaly column, so there is no F1/FAR/MAR`);
      Deno.exit(2);
    }
  } catch (e) {
    console.error(`eval-skab: ${(e as Error).message}`);
    Deno.exit(1);
  }
}
