/**
 * The V8 flags `deno task start` runs the server with, read from deno.json,
 * so that benchmarks of what the server does (SSE fan-out, start-up at
 * scale) run their child processes the way a user's server runs.
 *
 * @module
 */

/** The `--v8-flags=...` arguments of the `start` task (none if it has none). */
export function startTaskV8Flags(): string[] {
  const config = JSON.parse(
    Deno.readTextFileSync(new URL("../deno.json", import.meta.url)),
  ) as { tasks?: Record<string, string> };
  const start = config.tasks?.start ?? "";
  return start.split(/\s+/).filter((arg) => arg.startsWith("--v8-flags="));
}
