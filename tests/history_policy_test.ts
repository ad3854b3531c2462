/**
 * The recording policy on a plant like the demo's, on virtual time with
 * the default policy: far fewer raw rows than samples, every stored row a
 * sample the point really had, no gap longer than the heartbeat, and
 * 1-minute and 1-hour rollups equal to the ones computed from every sample.
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import type { BucketRow, RawRow } from "../history/history_store.ts";
import { openPlantDatabase } from "../history/plant_database.ts";
import { DEFAULT_POLICY } from "../history/recording_policy.ts";
import { SqliteHistoryStore } from "../history/sqlite_history_store.ts";
import { validatePlant } from "../plant/plant_file.ts";
import type { PointValue, Quality } from "../twins/point.ts";
import { loadKinds } from "../twins/registry.ts";

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const HOUR = 3_600_000;

const PLANT = {
  name: "policy",
  start: new Date(T0).toISOString(),
  twins: [
    { id: "site-{i}", count: 4, kind: "cooling_site" },
    { id: "rtu-site-{i}", count: 4, kind: "rtu", params: { assets: ["site-{i}"] } },
    { id: "well-{i}", count: 2, kind: "well" },
    { id: "station", kind: "pump_station" },
  ],
};

/** The points whose every sample the test keeps, to check the store against. */
const WATCHED: [string, string][] = [
  ["site-1", "supply_temp"],
  ["site-2", "fan_power"],
  ["well-1", "polished_rod_load"],
  ["well-2", "motor_power"],
  ["station-p1", "running"],
  ["rtu-site-3", "comm_ok"],
];

/** Buckets of `width` from samples, bad ones left out, as a store should have them. */
function buckets(samples: [number, PointValue, Quality][], width: number): BucketRow[] {
  const by = new Map<number, [number, PointValue][]>();
  for (const [ts, v, q] of samples) {
    if (q === "bad") continue;
    const b = Math.floor(ts / width) * width;
    if (!by.has(b)) by.set(b, []);
    by.get(b)!.push([ts, v]);
  }
  return [...by.keys()].sort((a, b) => a - b).map((b) => {
    const xs = by.get(b)!;
    const nums = xs.map(([, v]) => (typeof v === "boolean" ? (v ? 1 : 0) : v))
      .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
    return {
      ts: b,
      min: nums.length ? Math.min(...nums) : null,
      max: nums.length ? Math.max(...nums) : null,
      mean: nums.length ? nums.reduce((a, c) => a + c, 0) / nums.length : null,
      last: xs.at(-1)![1],
      count: xs.length,
    };
  });
}

Deno.test({
  name: "default policy: few raw rows, true samples, heartbeats kept, rollups of every sample",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const kinds = await loadKinds();
    const dir = await Deno.makeTempDir({ prefix: "fieldtwin-history-policy-" });
    const store = new SqliteHistoryStore(openPlantDatabase(dir, PLANT.name));
    const started = startPlant(validatePlant(PLANT, kinds, PLANT_SECTIONS, "<test>"), kinds, {
      virtual: true,
      history: store,
    });
    const seen = new Map<string, [number, PointValue, Quality][]>(
      WATCHED.map(([t, p]) => [`${t}.${p}`, []]),
    );
    started.runtime.onStep(() => {
      for (const [id, point] of WATCHED) {
        const twin = started.runtime.twins.get(id)!;
        const list = seen.get(`${id}.${point}`)!;
        const ts = twin.pointTs(point);
        if (ts === 0 || list.at(-1)?.[0] === ts) continue;
        list.push([ts, twin.values[point] as PointValue, twin.quality[point] ?? "good"]);
      }
    });
    try {
      started.runtime.runFor(2 * HOUR);
      const rec = started.recorder!;
      rec.flush();
      // Far fewer rows than samples.
      assert.ok(rec.seen > 200_000, `seen ${rec.seen}`);
      assert.ok(
        rec.stats.written < rec.seen / 10,
        `stored ${rec.stats.written} of ${rec.seen} samples`,
      );
      const to = T0 + 2 * HOUR;
      for (const [id, point] of WATCHED) {
        const all = seen.get(`${id}.${point}`)!;
        assert.ok(all.length > 7000, `${id}.${point}: ${all.length} samples`);
        const [raw] = await store.query({
          series: [{ twin: id, point }],
          from: T0,
          to,
          resolution: "raw",
        });
        const rows = raw.rows as RawRow[];
        // Every stored row is a sample the point had, at its own time.
        const at = new Map(all.map(([ts, v, q]) => [ts, [v, q]]));
        for (const r of rows) {
          assert.deepEqual([r.value, r.quality], at.get(r.ts), `${id}.${point} at ${r.ts}`);
        }
        // The heartbeat bounds the gaps.
        for (let i = 1; i < rows.length; i++) {
          assert.ok(rows[i].ts - rows[i - 1].ts <= DEFAULT_POLICY.maxIntervalMs, `${id}.${point}`);
        }
        assert.ok(to - rows.at(-1)!.ts <= DEFAULT_POLICY.maxIntervalMs);
        // Rollups equal the ones of every sample.
        for (const [level, width] of [["1m", MIN], ["1h", HOUR]] as const) {
          const [got] = await store.query({
            series: [{ twin: id, point }],
            from: T0,
            to,
            resolution: level,
          });
          const want = buckets(all, width);
          const rowsGot = got.rows as BucketRow[];
          assert.equal(rowsGot.length, want.length, `${id}.${point} ${level}`);
          rowsGot.forEach((b, i) => {
            const { mean, ...rest } = b;
            const { mean: wantMean, ...wantRest } = want[i];
            assert.deepEqual(rest, wantRest, `${id}.${point} ${level} bucket ${i}`);
            if (wantMean === null) assert.equal(mean, null);
            else assert.ok(Math.abs(mean! - wantMean) <= 1e-9 * Math.max(1, Math.abs(wantMean)));
          });
        }
      }
    } finally {
      started.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
