/**
 * `deno task eval-3w <dir>`: classify every `.parquet` file in `<dir>` (in
 * name order) from its pressures and temperatures and print
 * `<file name> <predicted class>` per file, then `accuracy=<x>` over the files
 * whose name starts with a class number and an underscore (3W's naming). The
 * name is read only for that score, never for the prediction. `--features`
 * prints each file's features to stderr. `--online` also replays each file
 * through a flowing well twin and appends what its online detector said
 * (`online_eval_3w.ts`).
 *
 * @module
 */
import { join } from "node:path";
import { classifyWellEvent } from "./well_event_rules.ts";
import { readW3Signals } from "./w3_parquet.ts";
import { onlineLine, replayWellEvents } from "./online_eval_3w.ts";
import { loadKinds } from "../../twins/registry.ts";

/** The class a 3W file name states (`3_WELL-00014_...` is 3), if any. */
export function classFromName(name: string): number | undefined {
  const m = /^(\d+)_/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * Classify every Parquet file of a folder.
 *
 * @param dir the folder
 * @param onFeatures called with each file's features (for `--features`)
 * @param online also replay each file through a flowing well twin and add its online figures
 * @returns the lines to print
 */
export async function eval3wDir(
  dir: string,
  onFeatures?: (name: string, features: unknown) => void,
  online = false,
): Promise<string[]> {
  const kinds = online ? await loadKinds() : undefined;
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.toLowerCase().endsWith(".parquet")) names.push(e.name);
  }
  if (names.length === 0) throw new Error(`${dir}: no .parquet files`);
  names.sort();
  const lines: string[] = [];
  let known = 0, right = 0;
  for (const name of names) {
    const { predicted, features } = classifyWellEvent(await readW3Signals(join(dir, name)));
    onFeatures?.(name, features);
    lines.push(
      kinds
        ? onlineLine(name, predicted, await replayWellEvents(join(dir, name), kinds, predicted))
        : `${name} ${predicted}`,
    );
    const truth = classFromName(name);
    if (truth !== undefined) {
      known++;
      if (truth === predicted) right++;
    }
  }
  if (known > 0) lines.push(`accuracy=${(right / known).toFixed(3)}`);
  return lines;
}

if (import.meta.main) {
  const args = Deno.args.filter((a) => a !== "--features" && a !== "--online");
  if (args.length !== 1) {
    console.error("usage: deno task eval-3w <dir> [--features] [--online]");
    Deno.exit(1);
  }
  const show = Deno.args.includes("--features");
  try {
    const lines = await eval3wDir(
      args[0],
      show ? (n, f) => console.error(n, JSON.stringify(f)) : undefined,
      Deno.args.includes("--online"),
    );
    for (const l of lines) console.log(l);
  } catch (e) {
    console.error(`eval-3w: ${(e as Error).message}`);
    Deno.exit(1);
  }
}
