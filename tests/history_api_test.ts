/**
 * Point history through the HTTP API: a plant recorded on virtual time
 * into a real SQLite store, read back raw, as rollups, by step, as CSV,
 * and refused with 400s that name the parameter.
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { openPlantDatabase } from "../history/plant_database.ts";
import { SqliteHistoryStore } from "../history/sqlite_history_store.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { createWebApp } from "../web/server.ts";
import { startTestServer } from "./test_server.ts";

const T0 = Date.UTC(2026, 0, 1);
const H = 3_600_000;
const STEP = 5_000;

const plant = {
  name: "history-api",
  start: new Date(T0).toISOString(),
  step_s: STEP / 1000,
  twins: [{ id: "site-{i}", count: 2, kind: "cooling_site" }],
  // Every sample stored, so raw answers can be checked sample by sample.
  history: { defaults: { max_interval_s: 0 } },
};

interface Answer {
  from: number;
  to: number;
  resolution: string;
  step: number | null;
  columns: string[];
  series: { twin: string; point: string; unit: string; truncated: boolean; rows: unknown[][] }[];
}

/** A plant run for three virtual hours with history on, served over HTTP. */
async function recordedServer() {
  const kinds = await loadKinds();
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-history-api-" });
  const history = new SqliteHistoryStore(openPlantDatabase(dir, plant.name));
  const started = startPlant(validatePlant(plant, kinds, PLANT_SECTIONS, "<test>"), kinds, {
    virtual: true,
    history,
    recorder: { flushSteps: 100 },
  });
  const seen: [number, number][] = [];
  started.runtime.onStep((now) => {
    seen.push([now, started.runtime.twins.get("site-1")!.values.supply_temp as number]);
  });
  started.runtime.runFor(3 * H);
  started.recorder!.flush();
  const app = createWebApp(started);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.handler);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    seen,
    async close() {
      app.close();
      started.stop();
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

const opts = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  name: "history API: raw, rollups by range and by step, several points, CSV",
  ...opts,
  fn: async () => {
    const s = await recordedServer();
    const get = async (query: string, accept?: string) => {
      const res = await fetch(`${s.url}/api/history?${query}`, {
        headers: accept ? { accept } : {},
      });
      assert.equal(res.status, 200, await res.clone().text());
      return res;
    };
    try {
      // Half an hour: raw samples, each with the point's own time and value.
      const from = T0 + H;
      const to = T0 + H + 30 * 60_000;
      let a: Answer = await (await get(
        `twin=site-1&point=supply_temp,fan_speed&from=${new Date(from).toISOString()}&to=${to}`,
      )).json();
      assert.equal(a.resolution, "raw");
      assert.deepEqual(a.columns, ["ts", "value", "quality"]);
      assert.deepEqual(a.series.map((x) => [x.point, x.unit]), [
        ["supply_temp", "degC"],
        ["fan_speed", "%"],
      ]);
      const want = s.seen.filter(([t]) => t >= from && t <= to);
      assert.equal(want.length, 30 * 60_000 / STEP + 1);
      assert.deepEqual(a.series[0].rows, want.map(([t, v]) => [t, v, "good"]));

      // Three hours: 1-minute buckets picked by the span.
      a = await (await get(`series=site-1:supply_temp&from=${T0}&to=${T0 + 3 * H}`)).json();
      assert.equal(a.resolution, "1m");
      assert.deepEqual(a.columns, ["ts", "min", "max", "mean", "last", "count"]);
      const minutes = a.series[0].rows;
      // Both ends are included: the sample at exactly 03:00 opens a 181st minute.
      assert.equal(minutes.length, 181);
      assert.equal(minutes[180][5], 1);
      const [ts, min, max, mean, last, count] = minutes[30] as number[];
      const inMinute = s.seen.filter(([t]) => t >= ts && t < ts + 60_000).map(([, v]) => v);
      assert.equal(count, 60_000 / STEP);
      assert.equal(min, Math.min(...inMinute));
      assert.equal(max, Math.max(...inMinute));
      assert.equal(last, inMinute.at(-1));
      assert.ok(Math.abs(mean - inMinute.reduce((x, y) => x + y) / inMinute.length) < 1e-9);

      // A step of 15 minutes, several points in repeated ?series, of each value type.
      a = await (await get(
        `series=site-1:supply_temp,site-2:running&series=site-2:control_mode` +
          `&from=2026-01-01T00:00:00Z&to=2026-01-01T02:59:59.999Z&step=15m`,
      )).json();
      assert.equal(a.resolution, "1m");
      assert.equal(a.step, 15 * 60_000);
      assert.deepEqual(a.series.map((x) => x.rows.length), [12, 12, 12]);
      const quarter = a.series[0].rows[1] as number[];
      assert.equal(quarter[0], T0 + 15 * 60_000);
      assert.equal(quarter[5], 15 * 60_000 / STEP);
      // The first step comes 5 s in, so the second quarter is the first full one.
      assert.deepEqual(a.series[1].rows[1].slice(1), [1, 1, 1, true, 60_000 * 15 / STEP]);
      assert.deepEqual(a.series[2].rows[1].slice(1), [null, null, null, "auto", 180]);

      // step=raw over a long range gives raw samples (cut at ?limit).
      a =
        await (await get(`twin=site-2&point=running&from=${T0}&to=${T0 + 3 * H}&step=raw&limit=10`))
          .json();
      assert.equal(a.resolution, "raw");
      assert.equal(a.series[0].truncated, true);
      assert.deepEqual(a.series[0].rows[0], [T0 + STEP, true, "good"]);

      // CSV: one table, a row per sample with the point's name on it.
      const csv = await (await get(
        `twin=site-1&point=supply_temp,running&from=${from}&to=${from + 10_000}`,
        "text/csv",
      )).text();
      const lines = csv.trimEnd().split("\r\n");
      assert.equal(lines[0], "twin,point,unit,time,ts,value,quality");
      assert.equal(lines.length, 1 + 3 + 3);
      const v = s.seen.find(([t]) => t === from)![1];
      assert.equal(
        lines[1],
        `site-1,supply_temp,degC,${new Date(from).toISOString()},${from},${v},good`,
      );
      assert.equal(lines[4], `site-1,running,,${new Date(from).toISOString()},${from},true,good`);
    } finally {
      await s.close();
    }
  },
});

Deno.test({
  name: "history API: 400s name the parameter; a plant without history says so",
  ...opts,
  fn: async () => {
    const s = await recordedServer();
    try {
      const many = Array.from({ length: 51 }, () => "site-1:supply_temp").join(",");
      const cases: [string, RegExp][] = [
        ["twin=nope&point=x", /\?point: unknown twin "nope"/],
        ["series=ghost:supply_temp", /\?series: unknown twin "ghost"/],
        [
          "twin=site-1&point=supply_temp,warp",
          /twin "site-1" has no point "warp"; its points: supply_temp, return_temp/,
        ],
        ["series=site-1", /\?series: expected twin:point, got "site-1"/],
        ["twin=site-1", /\?twin needs \?point/],
        ["point=supply_temp", /\?point needs \?twin/],
        ["", /name at least one point/],
        [`series=${many}`, /too many points: 51 \(at most 50 per request\)/],
        [
          "twin=site-1&point=supply_temp&from=yesterday",
          /\?from: expected an ISO 8601 time .* got "yesterday"/,
        ],
        ["twin=site-1&point=supply_temp&to=2026-13-01", /\?to: expected an ISO 8601 time/],
        [
          "twin=site-1&point=supply_temp&from=2026-01-02&to=2026-01-01",
          /\?from \(2026-01-02T00:00:00.000Z\) is after \?to \(2026-01-01T00:00:00.000Z\)/,
        ],
        ["twin=site-1&point=supply_temp&step=fast", /\?step: expected "raw", a duration/],
        ["twin=site-1&point=supply_temp&step=0", /\?step: expected/],
        [
          "twin=site-1&point=supply_temp&limit=0",
          /\?limit: expected a whole number from 1 to 100000/,
        ],
        ["twin=site-1&point=supply_temp&colour=red", /unknown query parameter "colour"/],
      ];
      for (const [query, message] of cases) {
        const res = await fetch(`${s.url}/api/history?${query}`);
        assert.equal(res.status, 400, query);
        assert.match((await res.json()).error, message, query);
      }
      // Times in epoch ms, as ISO dates, and ISO date-times without a zone (UTC) agree.
      const a = await (await fetch(
        `${s.url}/api/history?twin=site-1&point=supply_temp&from=2026-01-01&to=2026-01-01T01:00`,
      )).json();
      assert.equal(a.error, undefined);
      assert.deepEqual([a.from, a.to], [T0, T0 + H]);
    } finally {
      await s.close();
    }
    const plain = await startTestServer({ name: "no-history", twins: [{ id: "r", kind: "rtu" }] });
    try {
      const res = await fetch(`${plain.url}/api/history?twin=r&point=comm_ok`);
      assert.equal(res.status, 404);
      assert.match(
        (await res.json()).error,
        /records no history \(it was started with --no-history\)/,
      );
    } finally {
      await plain.close();
    }
  },
});
