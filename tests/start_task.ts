/**
 * The permissions `deno task start` grants, read from deno.json, so tests
 * can run main.ts (or a probe) under exactly what a user's start gives it.
 *
 * @module
 */
import assert from "node:assert/strict";

/** The `--allow-*` flags of `deno task start`, read from deno.json. */
export async function startTaskPermissions(): Promise<string[]> {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../deno.json", import.meta.url)),
  ) as { tasks: Record<string, string> };
  const run = /deno run (.*) main\.ts/.exec(config.tasks.start);
  assert.ok(run, `no "deno run ... main.ts" in the start task: ${config.tasks.start}`);
  return run[1].split(/\s+/).filter((a) => a.startsWith("--allow-"));
}
