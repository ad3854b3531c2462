/**
 * A fork "from now" where no plant runs: an engineer downloads the running
 * plant's snapshot (`GET /api/whatif/snapshot`; viewers and operators are
 * refused) and `deno task whatif <plant> <spec> --from-snapshot FILE` runs
 * from it, giving the same KPIs as the server's own study from now. A file
 * that does not fit the plant file is refused naming the twin or JSON path.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { AuditLog } from "../security/audit_log.ts";
import { AuthService, type Session } from "../security/auth_service.ts";
import { type Role, ROLES } from "../security/roles.ts";
import { UserStore } from "../security/user_store.ts";
import { loadKinds } from "../twins/registry.ts";
import { allowedHostsFor } from "../web/request_guard.ts";
import { forkFromSnapshotFile, SnapshotFileRefused } from "../whatif/whatif_cli.ts";
import type { StudyView } from "../whatif/whatif_jobs.ts";
import { startTestServer } from "./test_server.ts";

const root = new URL("..", import.meta.url).pathname;
const PASSWORD = "a-long-enough-password";
const plantJson = {
  name: "snapshot-cli",
  step_s: 10,
  seed: 3,
  start: "2026-07-01T22:00:00Z",
  twins: [
    { id: "site", kind: "cooling_site", params: { overheat_after_s: 1800 } },
    { id: "pump", kind: "pump", params: { initial_status: "running", anomaly_train_samples: 300 } },
    { id: "rtu", kind: "rtu", params: { assets: ["site", "pump"] } },
  ],
};
const TRACK = [{ twin: "pump", point: "anomaly_score" }, { twin: "site", point: "supply_temp" }];

async function whatifCli(args: string[]) {
  const config = JSON.parse(await Deno.readTextFile(`${root}deno.json`));
  const perms = /deno run (.*) whatif\/whatif_cli\.ts/.exec(config.tasks.whatif)![1]
    .split(/\s+/).filter((a: string) => a.startsWith("--allow-"));
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...perms, "whatif/whatif_cli.ts", ...args],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test({
  name: "snapshot download (engineer) and a CLI fork from it equal the server's fork from now",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const db = new DatabaseSync(":memory:");
    const audit = new AuditLog(db);
    const auth = new AuthService(new UserStore(db), audit, { iterations: 1_000 });
    const sessions = {} as Record<Role, Session>;
    for (const role of ROLES) {
      await auth.createUser("setup", `${role}1`, role, PASSWORD);
      sessions[role] = await auth.login(`${role}1`, PASSWORD);
    }
    const dir = await Deno.makeTempDir({ prefix: "fieldtwin-snapshot-" });
    const s = await startTestServer(plantJson, {
      virtual: true,
      web: { security: { guard: { allowedHosts: allowedHostsFor("127.0.0.1") }, auth, audit } },
    });
    const get = (role?: Role) =>
      fetch(`${s.url}/api/whatif/snapshot`, {
        headers: role ? { authorization: `Bearer ${sessions[role].access_token}` } : {},
      });
    try {
      for (
        const [role, status] of [[undefined, 401], ["viewer", 403], ["operator", 403]] as const
      ) {
        const res = await get(role);
        assert.equal(res.status, status, `${role ?? "no token"}`);
        await res.body?.cancel();
      }
      const early = await get("engineer");
      assert.equal(early.status, 409);
      assert.match((await early.json()).error, /it has not completed a step yet/);

      s.runtime.runFor(3 * 3600_000);
      s.runtime.commands.submit(
        "site",
        { type: "inject_fault", args: { fault: "fan_failure", severity: 1 } },
        "test",
      );
      s.runtime.runFor(600_000);
      const res = await get("engineer");
      assert.equal(res.status, 200);
      assert.match(
        res.headers.get("content-disposition") ?? "",
        /^attachment; filename="snapshot-snapshot-cli-2026-07-02T01-10-00-000Z\.json"$/,
      );
      const text = await res.text();
      const doc = JSON.parse(text);
      assert.equal(doc.version, 1);
      assert.deepEqual(Object.keys(doc.learners).sort(), [
        "cooling_watch",
        "pump_anomaly",
        "well_events",
      ]);
      assert.ok(doc.timers.some((t: { twin: string }) => t.twin === "site"), "overheat timer");
      await Deno.writeTextFile(`${dir}/snapshot.json`, text);
      await Deno.writeTextFile(`${dir}/plant.json`, JSON.stringify(plantJson));
      await Deno.writeTextFile(`${dir}/spec.json`, JSON.stringify({ track: TRACK }));

      // The server's own study from now, on the same state (the plant stands still meanwhile).
      const post = await fetch(`${s.url}/api/whatif`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${sessions.engineer.access_token}`,
        },
        body: JSON.stringify({ from: "now", duration: "1h", track: TRACK }),
      });
      assert.equal(post.status, 202);
      const { id } = await post.json();
      const cli = await whatifCli([
        `${dir}/plant.json`,
        `${dir}/spec.json`,
        "--from-snapshot",
        `${dir}/snapshot.json`,
        "--duration",
        "1h",
        "--json",
        `${dir}/out.json`,
      ]);
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(cli.stderr, /from the state of "snapshot-cli" at 2026-07-02T01:10:00\.000Z/);
      const fromFile = JSON.parse(await Deno.readTextFile(`${dir}/out.json`));
      let study: StudyView;
      for (;;) {
        study = await (await fetch(`${s.url}/api/whatif/${id}`, {
          headers: { authorization: `Bearer ${sessions.viewer.access_token}` },
        })).json();
        if (study.status !== "running") break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(study.status, "done", study.error ?? "");
      const baseline = (runs: { name: string; kpis: unknown }[]) =>
        runs.find((r) => r.name === "baseline")!.kpis;
      assert.deepEqual(baseline(fromFile.runs), baseline(study.results!.runs));
      const kpis = baseline(fromFile.runs) as Record<string, { value: number }>;
      // Carried, not relearnt: the detector scores from the first step, the site overheats.
      assert.ok(kpis["pump.anomaly_score.max"].value > 0);
      assert.ok(kpis["site.supply_temp.max"].value > 60);
      const warnings = fromFile.runs[0].warnings as string[];
      assert.ok(!warnings.some((w) => /afresh|dropped/.test(w)), warnings.join("\n"));

      // A file that does not fit: exit 2 naming the file and the place.
      const ghost = structuredClone(doc);
      ghost.twins.ghost = ghost.twins.pump;
      await Deno.writeTextFile(`${dir}/ghost.json`, JSON.stringify(ghost));
      const refused = await whatifCli([
        `${dir}/plant.json`,
        `${dir}/spec.json`,
        "--from-snapshot",
        `${dir}/ghost.json`,
      ]);
      assert.equal(refused.code, 2);
      assert.match(
        refused.stderr,
        /whatif: .*ghost\.json: twins\["ghost"\]: unknown twin "ghost": the plant file "snapshot-cli" has none/,
      );
    } finally {
      await s.close();
      db.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("--from-snapshot: wrong version, wrong kind, a state a simulator refuses are named", async () => {
  const kinds = await loadKinds();
  const plant = validatePlant(plantJson, kinds, PLANT_SECTIONS, "<test>");
  const { startPlant } = await import("../app/start_plant.ts");
  const { takeSnapshot } = await import("../whatif/plant_snapshot.ts");
  const { snapshotToJson } = await import("../whatif/snapshot_file.ts");
  const running = startPlant(plant, kinds, { virtual: true, log: () => {} });
  running.runtime.runFor(600_000);
  const doc = JSON.parse(snapshotToJson(takeSnapshot(running)));
  running.stop();
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-snapshot-" });
  try {
    const refused = async (edit: (d: typeof doc) => void, message: RegExp) => {
      const d = structuredClone(doc);
      edit(d);
      await Deno.writeTextFile(`${dir}/s.json`, JSON.stringify(d));
      await assert.rejects(
        () => forkFromSnapshotFile(`${dir}/s.json`, plant, kinds),
        (e) => e instanceof SnapshotFileRefused && message.test(e.message),
      );
    };
    await refused(
      (d) => d.version = 2,
      /s\.json: version: this fieldtwin reads plant snapshots of version 1, got 2$/,
    );
    await refused(
      (d) => d.twins.site.kind = "pump",
      /s\.json: twins\["site"\]\.kind: "site" is a pump in the snapshot, a cooling_site in the plant file "snapshot-cli"$/,
    );
    await refused(
      (d) => d.simulators.pump.model = "well",
      /s\.json: twin "pump": state of a "well" simulator given to a "pump" simulator/,
    );
    await refused(
      (d) => d.learners.pump_anomaly.pumps.pump.detector.version = 5,
      /s\.json: twin "pump": learners\.pump_anomaly\.pumps\["pump"\]\.detector\.version: this fieldtwin reads version 1, got 5/,
    );
    await assert.rejects(
      () => forkFromSnapshotFile(`${dir}/missing.json`, plant, kinds),
      (e) => e instanceof SnapshotFileRefused && /missing\.json: /.test(e.message),
    );
    await Deno.writeTextFile(`${dir}/s.json`, JSON.stringify(doc));
    const ok = await forkFromSnapshotFile(`${dir}/s.json`, plant, kinds);
    assert.equal(ok.plant.startMs, doc.atMs);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
