/**
 * `deno task whatif` and `deno task start --virtual` as users run them, with
 * the permissions their tasks grant (read from deno.json).
 */
import assert from "node:assert/strict";
import { startTaskPermissions } from "./start_task.ts";

const root = new URL("..", import.meta.url).pathname;

async function whatifPermissions(): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(`${root}deno.json`)) as {
    tasks: Record<string, string>;
  };
  const run = /deno run (.*) whatif\/whatif_cli\.ts/.exec(config.tasks.whatif);
  assert.ok(run, `no "deno run ... whatif/whatif_cli.ts" in the whatif task`);
  return run[1].split(/\s+/).filter((a) => a.startsWith("--allow-"));
}

async function whatif(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...await whatifPermissions(), "whatif/whatif_cli.ts", ...args],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("whatif CLI: table on stdout, progress on stderr, CSV and JSON files", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-whatif-cli-" });
  try {
    await Deno.writeTextFile(`${dir}/demand.json`, JSON.stringify({ demand: { scale: 1.5 } }));
    const r = await whatif([
      "plants/station_epanet.json",
      `${dir}/demand.json`,
      "--duration",
      "3h",
      "--csv",
      `${dir}/out.csv`,
      "--json",
      `${dir}/out.json`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /whatif: 2 run\(s\) of 3h of "EPANET reference pump station"/);
    assert.match(r.stderr, /whatif: 100% of virtual time done/);
    const lines = r.stdout.trim().split("\n");
    assert.match(lines[0], /^kpi +unit +baseline +whatif$/);
    const energy = lines.find((l) => l.startsWith("energy_kwh"))!;
    const [, , base, value, pct] = energy.split(/\s+/);
    assert.ok(Number(value) > Number(base), energy);
    assert.match(pct, /^\(\+\d+(\.\d+)?%\)$/);

    const result = JSON.parse(await Deno.readTextFile(`${dir}/out.json`));
    assert.equal(result.duration_ms, 3 * 3_600_000);
    assert.deepEqual(result.runs.map((x: { name: string }) => x.name), ["baseline", "whatif"]);
    const csv = (await Deno.readTextFile(`${dir}/out.csv`)).trim().split("\n");
    assert.equal(csv[0], "run,kpi,unit,value,baseline,delta,delta_pct");
    assert.equal(csv.length, 1 + result.comparison.length);
    const row = result.comparison.find((x: { run: string; kpi: string }) =>
      x.run === "whatif" && x.kpi === "energy_kwh"
    );
    assert.ok(Math.abs(row.value - Number(value)) < 0.1, `${row.value} in the table as ${value}`);
    assert.ok(
      csv.includes(
        `whatif,energy_kwh,kWh,${row.value},${row.baseline},${row.delta},${row.delta_pct}`,
      ),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("whatif CLI: bad overrides exit 2 naming file and JSON path; no arguments show usage", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-whatif-cli-" });
  try {
    const file = `${dir}/bad.json`;
    await Deno.writeTextFile(file, JSON.stringify({ params: [{ twin: "ps2", set: {} }] }));
    let r = await whatif(["plants/station_epanet.json", file]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      new RegExp(`${file}: overrides\\.params\\[0\\]\\.twin: unknown twin "ps2"`),
    );
    r = await whatif(["plants/station_epanet.json", file, "--duration", "1 day"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /duration: bad duration "1 day"/);
    r = await whatif([]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Usage: deno task whatif <plant\.json> <overrides\.json>/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("start --virtual --speed max runs the plant ahead on virtual time and serves it", async () => {
  const bad = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...await startTaskPermissions(), "main.ts", "--speed", "5"],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(bad.code, 2);
  assert.match(new TextDecoder().decode(bad.stderr), /--speed needs --virtual/);

  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...await startTaskPermissions(),
      "main.ts",
      "--virtual",
      "--speed",
      "max",
      "--port",
      "0",
      "--plant",
      "plants/station_epanet.json",
    ],
    cwd: root,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let out = "";
    let url: string | undefined;
    while (!url) {
      const { value, done } = await reader.read();
      assert.ok(!done, `start ended: ${out}`);
      out += value;
      url = /open (http:\/\/[^/ ]+)\//.exec(out)?.[1];
    }
    const clock = async () => {
      const h = await (await fetch(`${url}/api/health`)).json();
      return h.clock as { virtual: boolean; now: string };
    };
    const first = await clock();
    assert.equal(first.virtual, true);
    // The plant file starts at 2026-01-01T00:00Z; wait for an hour of virtual time.
    const deadline = Date.now() + 120_000;
    let now = Date.parse(first.now);
    while (now < Date.parse("2026-01-01T01:00:00Z")) {
      if (Date.now() > deadline) {
        assert.fail(`virtual time stuck at ${new Date(now).toISOString()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
      now = Date.parse((await clock()).now);
    }
    assert.ok(!out.includes("history in"), "a virtual run records no history");
  } finally {
    await reader.cancel();
    child.kill("SIGTERM");
    await child.status;
  }
});
