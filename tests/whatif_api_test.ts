/**
 * What-if studies through the HTTP API: a study forked from the running
 * plant is started (202), polled until done, read as JSON and CSV, refused
 * with 400s naming the JSON path, and a long one is cancelled.
 */
import assert from "node:assert/strict";
import type { StudyView } from "../whatif/whatif_jobs.ts";
import { startTestServer } from "./test_server.ts";

/** A study, or an error answer. */
type Answer = StudyView & { error?: string };

const plant = {
  name: "whatif-api",
  step_s: 10,
  twins: [{ id: "ps1", kind: "pump_station", params: { model: "epanet" } }],
};

async function post(url: string, body: unknown): Promise<{ status: number; body: Answer }> {
  const res = await fetch(`${url}/api/whatif`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/**
 * Poll until `done` holds for the study, or fail after `ms`. Generous: under
 * `deno test` a worker type-checks its module graph before it runs.
 */
async function waitFor(url: string, id: string, done: (s: Answer) => boolean, ms = 240_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const s: Answer = await (await fetch(`${url}/api/whatif/${id}`)).json();
    if (done(s)) return s;
    if (Date.now() > deadline) assert.fail(`study ${id} still ${s.status} at ${s.progress}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

Deno.test("what-if API: start, poll, results as JSON and CSV, bad specs, cancel", async () => {
  const server = await startTestServer(plant, { virtual: true });
  try {
    const { url } = server;
    // Bad input: each 400 names the JSON path.
    const bad = [
      [{ duration: "6 hours" }, /^duration: bad duration "6 hours"/],
      [
        { overrides: { params: [{ twin: "ps9", set: {} }] } },
        /overrides\.params\[0\]\.twin: unknown twin "ps9"/,
      ],
      [
        { overrides: { params: [{ twin: "ps1", set: { flow: 3 } }] } },
        /overrides\.params\[0\]\.set: ps1: .*flow/,
      ],
      [
        { track: [{ twin: "ps1", point: "pressure" }] },
        /track\[0\]\.point: unknown point "pressure"/,
      ],
      [
        { base: { plant: "/etc/passwd" } },
        /^base\.plant: "\/etc\/passwd" is outside the plant folders/,
      ],
      [{
        overrides: { events: [{ at: "10m", twin: "ps1-p1", command: "fly" }] },
      }, /overrides\.events\[0\]\.command: pump "ps1-p1" has no command "fly"/],
    ] as const;
    for (const [spec, message] of bad) {
      const r = await post(url, spec);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(r.body.error ?? "", message);
    }
    assert.match(
      (await post(url, { from: "now", base: { plant: "plants/station_epanet.json" } })).body.error!,
      /^from: "now" forks the running plant's state; it needs base "running"/,
    );
    // From now: refused (409) before the plant's first step, accepted after it.
    const early = await post(url, { from: "now", duration: "1h" });
    assert.equal(early.status, 409);
    assert.match(early.body.error!, /cannot snapshot "\(plant\)": it has not completed a step yet/);
    server.runtime.runFor(600_000);
    const now = await post(url, { from: "now", duration: "1h", baseline: true });
    assert.equal(now.status, 202, JSON.stringify(now.body));
    assert.equal(now.body.from, "now");
    const stopNow = await fetch(`${url}/api/whatif/${now.body.id}`, { method: "DELETE" });
    assert.equal((await stopNow.json()).status, "cancelled");
    const dropNow = await fetch(`${url}/api/whatif/${now.body.id}`, { method: "DELETE" });
    assert.equal(dropNow.status, 204);
    await dropNow.body?.cancel();

    const started = await post(url, {
      name: "demand study",
      duration: "6h",
      track: [{ twin: "ps1", point: "tank_level" }],
      variants: [{ name: "demand x1.5", overrides: { demand: { scale: 1.5 } } }],
    });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.equal(started.body.status, "running");
    assert.deepEqual(started.body.runs.map((r) => r.name), ["baseline", "demand x1.5"]);
    const { id } = started.body;
    const done = await waitFor(url, id, (s) => s.status !== "running");
    assert.equal(done.status, "done", done.error ?? "");
    assert.equal(done.progress, 1);
    const row = (run: string, kpi: string) =>
      done.results!.comparison.find((r) => r.run === run && r.kpi === kpi)!;
    const energy = row("demand x1.5", "energy_kwh");
    assert.ok(energy.value > energy.baseline!, JSON.stringify(energy));
    assert.ok(energy.delta! > 0);
    const level = row("baseline", "ps1.tank_level.max").value;
    assert.ok(level > 0.5 && level <= 6, `tank level max ${level}`);

    const csv = await fetch(`${url}/api/whatif/${id}?format=csv`);
    assert.equal(csv.headers.get("content-type"), "text/csv; charset=utf-8");
    const lines = (await csv.text()).trim().split("\n");
    assert.equal(lines[0], "run,kpi,unit,value,baseline,delta,delta_pct");
    assert.equal(lines.length, 1 + done.results!.comparison.length);
    assert.ok(lines.some((l) => l.startsWith(`demand x1.5,energy_kwh,kWh,${energy.value},`)));
    const badFormat = await fetch(`${url}/api/whatif/${id}?format=xml`);
    assert.equal(badFormat.status, 400);
    await badFormat.body?.cancel();

    // A long study is cancelled mid-run.
    const long = await post(url, { duration: "365d", overrides: { demand: { scale: 1.1 } } });
    assert.equal(long.status, 202);
    await waitFor(url, long.body.id, (s) => s.progress > 0);
    const cancel = await fetch(`${url}/api/whatif/${long.body.id}`, { method: "DELETE" });
    assert.equal(cancel.status, 200);
    const cancelled = await cancel.json();
    assert.equal(cancelled.status, "cancelled");
    assert.ok(cancelled.progress < 1);
    const csvOfCancelled = await fetch(`${url}/api/whatif/${long.body.id}?format=csv`);
    assert.equal(csvOfCancelled.status, 409);
    await csvOfCancelled.body?.cancel();

    const list = await (await fetch(`${url}/api/whatif`)).json();
    assert.deepEqual(list.map((s: Answer) => [s.id, s.status]), [
      [long.body.id, "cancelled"],
      [id, "done"],
    ]);
    const forget = await fetch(`${url}/api/whatif/${id}`, { method: "DELETE" });
    assert.equal(forget.status, 204);
    const gone = await fetch(`${url}/api/whatif/${id}`);
    assert.equal(gone.status, 404);
    await gone.body?.cancel();
  } finally {
    await server.close();
  }
});
