/**
 * The records options of `deno task start`: `--no-history` turns off point
 * history only (the alarm journal, alarm states and command records are
 * still kept in the data directory); `--no-records` turns those off too.
 * Run under the start task's own permissions.
 */
import assert from "node:assert/strict";
import { startTaskPermissions } from "./start_task.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

function command(args: string[], perms: string[]): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", ...perms, MAIN, "--port", "0", ...args],
    stdout: "piped",
    stderr: "piped",
  });
}

Deno.test("--no-history keeps records: a data directory that cannot be written stops the start", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-records-cli-" });
  try {
    const plant = `${dir}/p.json`;
    await Deno.writeTextFile(
      plant,
      JSON.stringify({ name: "p", twins: [{ id: "r", kind: "rtu" }] }),
    );
    await Deno.writeTextFile(`${dir}/file`, "not a directory");
    const out = await command(
      ["--plant", plant, "--no-history", "--data", `${dir}/file/data`],
      await startTaskPermissions(),
    ).output();
    assert.equal(out.code, 1);
    assert.match(
      new TextDecoder().decode(out.stderr),
      new RegExp(
        `fieldtwin: cannot open alarm and command records in ${dir}/file/data/p\\.sqlite: .*` +
          `\\(use --data DIR, or --no-records\\)`,
      ),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "--no-history --no-records runs without touching the data directory",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "fieldtwin-records-cli-" });
    try {
      const plant = `${dir}/p.json`;
      await Deno.writeTextFile(
        plant,
        JSON.stringify({ name: "p", twins: [{ id: "r", kind: "rtu" }] }),
      );
      const child = command(
        ["--plant", plant, "--no-history", "--no-records", "--data", `${dir}/data`],
        await startTaskPermissions(),
      ).spawn();
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let seen = "";
      try {
        while (!/open http:/.test(seen)) {
          const { value, done } = await reader.read();
          if (done) break;
          seen += value;
        }
      } finally {
        child.kill("SIGTERM");
        await reader.cancel();
      }
      const [status, stderr] = await Promise.all([
        child.status,
        new Response(child.stderr).text(),
      ]);
      assert.match(seen, /open http:/, stderr);
      assert.doesNotMatch(seen, /records in|history in/);
      assert.equal(status.code, 0, stderr);
      await assert.rejects(Deno.stat(`${dir}/data`), Deno.errors.NotFound);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
