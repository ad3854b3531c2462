/**
 * `deno task replay` as a tester runs it: under the task's own permissions,
 * on a generated recording (exit 0 when every expectation holds, 1 with a
 * report naming each failed one and when, 2 on bad input), and on the
 * example plants over ../shared/datasets when that folder is there (under
 * CI=true it must be: a missing dataset is a broken checkout, not a skip).
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { main } from "../replay/replay_cli.ts";

const root = new URL("..", import.meta.url).pathname;

/** The `--allow-*` flags and the script of `deno task replay`, from deno.json. */
async function replayTask(): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(join(root, "deno.json"))) as {
    tasks: Record<string, string>;
  };
  const m = /^deno run (.*)$/.exec(config.tasks.replay);
  assert.ok(m, `no "deno run ..." in the replay task: ${config.tasks.replay}`);
  return m[1].split(/\s+/);
}

/** `deno task replay ARGS` in a child process, under the task's permissions. */
async function replayTaskRun(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...await replayTask(), ...args],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

/** The CLI in this process (a child process per case would cost seconds each). */
async function replay(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

const T0 = Date.parse("2022-01-01T00:00:00Z");

/** A pump plant over a generated 20-minute recording whose flow drops at minute 10. */
async function fixture() {
  const dir = await Deno.makeTempDir();
  const lines = ["time,flow,current"];
  for (let s = 0; s < 1200; s++) {
    if (s === 700) lines.push(`${new Date(T0 + s * 1000).toISOString()},n/a,1.2`);
    else lines.push(`${new Date(T0 + s * 1000).toISOString()},${s < 600 ? 32 : 24},1.2`);
  }
  await Deno.writeTextFile(join(dir, "rig.csv"), lines.join("\n") + "\n");
  await Deno.writeTextFile(
    join(dir, "plant.json"),
    JSON.stringify({
      name: "cli-replay",
      twins: [{ id: "rig", kind: "pump", source: { type: "replay" } }],
      recordings: [{
        id: "rig-run",
        file: "rig.csv",
        format: "csv",
        twin: "rig",
        csv: { time_column: "time" },
        points: [
          { column: "flow", point: "flow", unit: "L/min" },
          { column: "current", point: "motor_current", unit: "A" },
        ],
        constants: { status: "running", running: true },
      }],
      alarms: {
        definitions: [{
          name: "low_flow",
          twin: "rig",
          priority: "high",
          condition: { type: "limit", point: "flow", l: 1.7 },
          on_delay_s: 10,
        }],
      },
    }),
  );
  return dir;
}

Deno.test("replay CLI: expectations that hold exit 0 with a summary; failures exit 1 naming each and when", async () => {
  const dir = await fixture();
  try {
    await Deno.writeTextFile(
      join(dir, "good.json"),
      JSON.stringify({
        expect: [
          { alarm: "rig/low_flow_l", raised_between: ["+600s", "+620s"] },
          { mode: "rig", reaches: "running", by: "+2s" },
        ],
      }),
    );
    let r = await replay([join(dir, "plant.json"), "--expect", join(dir, "good.json")]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /replayed 1199 rows/);
    assert.match(r.stdout, /1199 of 1200 rows readable, 1 skipped; 1 bad_number/);
    assert.match(
      r.stdout,
      /PASS expect\[0\] alarm rig\/low_flow_l raised .*: raised at 2022-01-01T00:10:10\.000Z/,
    );
    assert.match(r.stdout, /all 2 expectations passed/);
    assert.match(
      r.stderr,
      /rig\.csv row 701 \(line 702\): column "flow": "n\/a" is not a number \(row skipped\)/,
    );
    assert.match(r.stderr, /replay: 100\.0% at 2022-01-01T00:19:59\.000Z/);

    await Deno.writeTextFile(
      join(dir, "bad.json"),
      JSON.stringify({
        expect: [
          { alarm: "rig/low_flow_l", raised_between: ["+0s", "+300s"] },
          { point: "rig.flow", within: [1.8, 2.0] },
          { mode: "rig", reaches: "tripped", by: "+15m" },
        ],
      }),
    );
    // As a tester runs it: the task's own permissions, the exit status of the process.
    r = await replayTaskRun([join(dir, "plant.json"), "--expect", join(dir, "bad.json")]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /FAIL expect\[0\] alarm rig\/low_flow_l raised between 2022-01-01T00:00:00\.000Z and 2022-01-01T00:05:00\.000Z: raised only at 2022-01-01T00:10:10\.000Z \(failed at 2022-01-01T00:05:00\.000Z\)/,
    );
    assert.match(
      r.stdout,
      /FAIL expect\[1\] rig\.flow within \[1\.8, 2\]: 1\.44 at 2022-01-01T00:10:00\.000Z/,
    );
    assert.match(r.stdout, /FAIL expect\[2\] rig reaches mode tripped by .*: still running/);
    assert.match(r.stdout, /3 of 3 expectations failed/);

    // --to stops early: the dip is never reached.
    r = await replay([join(dir, "plant.json"), "--to", "+5m", "--expect", join(dir, "good.json")]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /replayed 301 rows/);
    assert.match(r.stdout, /FAIL expect\[0\].*never raised/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("replay CLI: bad input exits 2 naming the place", async () => {
  const dir = await fixture();
  try {
    let r = await replay([join(dir, "plant.json"), "--speed", "fast"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--speed must be a number above 0/);
    await Deno.writeTextFile(
      join(dir, "x.json"),
      JSON.stringify({ expect: [{ point: "rig.flow" }] }),
    );
    r = await replay([join(dir, "plant.json"), "--expect", join(dir, "x.json")]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /x\.json: expect\[0\]/);
    await Deno.writeTextFile(join(dir, "rig.csv"), "when,flow\n1,2\n");
    r = await replay([join(dir, "plant.json")]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /rig\.csv has no column "time" \(mapped at recordings\[0\]\.csv\.time_column\); its columns: when, flow/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const DATASETS = join(root, "../shared/datasets");
const present = (() => {
  try {
    return Deno.statSync(join(DATASETS, "skab")).isDirectory &&
      Deno.statSync(join(DATASETS, "3w")).isDirectory;
  } catch {
    return false;
  }
})();
// CI always has ../shared: there a missing dataset is a broken checkout, never a skip.
const ignore = !present && Deno.env.get("CI") !== "true";
if (ignore) console.log(`replay_cli_test: skipping the example plants: ${DATASETS} is missing`);

Deno.test({
  name: "example plants: SKAB valve1 and 3W replay with their expectations passing",
  ignore,
  fn: async () => {
    assert.ok(present, `${DATASETS} is missing (../shared must sit beside the clone)`);
    for (const name of ["skab_replay", "3w_replay"]) {
      const r = await replay([`plants/${name}.json`, "--expect", `plants/${name}.expect.json`]);
      assert.equal(r.code, 0, `${name}: ${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /expectations passed/);
    }
  },
});
