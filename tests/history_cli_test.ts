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

Deno.test({
  name:
    "history is written by a worker of its own; --history-in-thread keeps it in the step thread; the API reads both",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const config = JSON.parse(await Deno.readTextFile(`${root}deno.json`));
    const flags = /deno run (.*) main\.ts/.exec(config.tasks.start)![1].split(/\s+/)
      .filter((f: string) => f.startsWith("--allow-"));
    try {
      const plant = `${dir}/p.json`;
      await Deno.writeTextFile(
        plant,
        JSON.stringify({
          name: "p",
          step_s: 0.2,
          twins: [{ id: "s", kind: "cooling_site" }],
          // Every sample stored, so a few seconds give rows to read back.
          history: { defaults: { max_interval_s: 0 } },
        }),
      );
      for (
        const [extra, writer] of [[[], "its own worker"], [
          ["--history-in-thread"],
          "the step loop's thread",
        ]] as const
      ) {
        const child = new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            ...flags,
            "main.ts",
            "--plant",
            plant,
            "--port",
            "0",
            "--data",
            `${dir}/data`,
            ...extra,
          ],
          cwd: root,
          stdout: "piped",
          stderr: "null",
        }).spawn();
        const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
        try {
          let text = "";
          while (!/open (http:\S+)/.test(text)) {
            const { value, done } = await reader.read();
            if (done) throw new Error(`main.ts ended: ${text}`);
            text += value;
          }
          assert.match(
            text,
            new RegExp(`history in ${dir}/data/p\\.sqlite \\(written by ${writer}\\)`),
          );
          const url = /open (http:\S+)/.exec(text)![1];
          const from = Date.now();
          let rows: unknown[] = [];
          const deadline = performance.now() + 20_000;
          while (rows.length < 3) {
            assert.ok(performance.now() < deadline, `${writer}: nothing read back`);
            await new Promise((r) => setTimeout(r, 100));
            const res = await fetch(
              `${url}api/history?twin=s&point=supply_temp&from=${from}&to=${
                Date.now() + 1000
              }&step=raw`,
            );
            rows = (await res.json()).series[0].rows;
          }
        } finally {
          await reader.cancel();
          child.kill("SIGTERM");
          await child.status;
        }
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
