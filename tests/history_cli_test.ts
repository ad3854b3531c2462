/** The history options of `deno task start`, run under the start task's own permissions. */
import assert from "node:assert/strict";

const root = new URL("..", import.meta.url).pathname;

async function start(args: string[]) {
  const config = JSON.parse(await Deno.readTextFile(`${root}deno.json`));
  const flags = /deno run (.*) main\.ts/.exec(config.tasks.start)![1].split(/\s+/);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...flags.filter((f) => f.startsWith("--allow-")), "main.ts", ...args],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("--help names --data, --no-history and --retention-days", async () => {
  const r = await start(["--help"]);
  assert.equal(r.code, 0);
  assert.match(
    r.stdout,
    /--data DIR +where the plant keeps point history, .*\n.*\(default \.\/data/,
  );
  assert.match(
    r.stdout,
    /--no-history +record no point history \(alarms and commands are still kept\)/,
  );
  assert.match(r.stdout, /--no-records +keep no alarm journal, alarm states or command records/);
  assert.match(r.stdout, /--retention-days N/);
});

Deno.test("a bad --retention-days exits 2 with the reason", async () => {
  const r = await start(["--retention-days", "0"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--retention-days must be a number above 0, got "0"/);
});

Deno.test("a data directory that cannot be written stops the start, naming the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const plant = `${dir}/p.json`;
    await Deno.writeTextFile(
      plant,
      JSON.stringify({ name: "p", twins: [{ id: "r", kind: "rtu" }] }),
    );
    await Deno.writeTextFile(`${dir}/file`, "not a directory");
    const r = await start(["--plant", plant, "--port", "0", "--data", `${dir}/file/data`]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      new RegExp(
        `fieldtwin: cannot open history ${dir}/file/data/p\\.sqlite: .*\\(use --data DIR, or --no-history\\)`,
      ),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
