import assert from "node:assert/strict";
import { runStationDay } from "../simulators/pump/epanet_oracle.ts";
import { stationParams } from "../twins/pump_station/params.ts";
import { countStarts, demandVolume, runSchedule, type Schedule } from "./schedule_run.ts";
import {
  decodeSchedule,
  encodeSchedule,
  SEARCH_MARGIN_M,
  SEARCH_STEP_S,
} from "./station_problem.ts";
import { DEFAULT_TARIFF } from "./tariff.ts";

/** The shared EPANET station (station.inp) under EPANET's rules. */
const STATION = stationParams.parse({ model: "epanet", energy_price: 0.1 });

Deno.test("the baseline run is the station's own auto day, priced by the hour", () => {
  const base = runSchedule(STATION, undefined, DEFAULT_TARIFF, { stepS: 60 });
  const auto = runStationDay(STATION, 60);
  const autoKWh = auto.energyKWh.reduce((s, e) => s + e, 0);
  assert.ok(Math.abs(base.energyKWh - autoKWh) < 1e-6, `${base.energyKWh} vs ${autoKWh}`);
  assert.deepEqual(base.levels.map((l) => l.toFixed(6)), auto.levels.map((l) => l.toFixed(6)));
  const cost = base.hourlyKWh.reduce((s, e, h) => s + e * DEFAULT_TARIFF[h], 0);
  assert.ok(Math.abs(base.cost - cost) < 1e-9);
  assert.equal(base.starts, auto.switches.filter((s) => s.on).length);
  // station.inp's controls let the tank end lower than it starts: the rule breaks that limit.
  assert.ok(base.levels[24] < base.levels[0]);
  assert.match(base.broken.join(), /end level/);
});

Deno.test("a schedule that leaves the pumps off starves the demand and is infeasible", () => {
  const off: Schedule = Array.from({ length: 24 }, () => [0, 0]);
  const r = runSchedule(STATION, off, DEFAULT_TARIFF);
  assert.equal(r.energyKWh, 0);
  assert.equal(r.starts, 0);
  assert.ok(r.unmetM3 > 0.5 * demandVolume(STATION), `unmet ${r.unmetM3}`);
  assert.ok(r.violation > 0);
  assert.match(r.broken.join(), /not delivered/);
  const on: Schedule = Array.from({ length: 24 }, () => [1, 1]);
  assert.equal(runSchedule(STATION, on, DEFAULT_TARIFF).starts, 1, "p2 starts once; p1 runs on");
});

Deno.test("the search's 600 s steps approximate 60 s steps while the tank neither fills nor empties", () => {
  const sched: Schedule = Array.from({ length: 24 }, (_, h) => [
    [0, 2, 4, 23].includes(h) ? 0 : 1,
    [8, 9, 18].includes(h) ? 1 : 0,
  ]);
  const a = runSchedule(STATION, sched, DEFAULT_TARIFF, { stepS: SEARCH_STEP_S });
  const b = runSchedule(STATION, sched, DEFAULT_TARIFF, { stepS: 60 });
  assert.equal(b.fullSeconds, 0);
  assert.equal(b.unmetM3, 0);
  assert.ok(Math.abs(a.cost - b.cost) < 0.01 * b.cost, `${a.cost} vs ${b.cost}`);
  for (let h = 0; h <= 24; h++) assert.ok(Math.abs(a.levels[h] - b.levels[h]) < SEARCH_MARGIN_M);
  assert.equal(countStarts(STATION, sched), a.starts);
});

Deno.test("a schedule that fills the tank breaks the full-tank limit", () => {
  const on: Schedule = Array.from({ length: 24 }, () => [1, 1]);
  const r = runSchedule(STATION, on, DEFAULT_TARIFF, { stepS: 60 });
  assert.ok(r.fullSeconds > 3600);
  assert.match(r.broken.join(), /tank full for/);
  assert.equal(
    runSchedule(STATION, on, DEFAULT_TARIFF, { limits: { allowFull: true } }).violation,
    0,
  );
});

Deno.test("schedules encode and decode, VFD speeds included", () => {
  const cfg = stationParams.parse({
    model: "epanet",
    pumps: [
      { suffix: "a", initial_status: "running" },
      { suffix: "b", vfd: true, speed_pct: 100 },
    ],
  });
  const sched: Schedule = Array.from({ length: 24 }, (_, h) => [h % 2 ? 1 : 0, h < 12 ? 0.8 : 0]);
  assert.deepEqual(decodeSchedule(cfg, encodeSchedule(cfg, sched)), sched);
});

Deno.test("pressure and inflow limits are checked when given", () => {
  const both: Schedule = Array.from({ length: 24 }, (_, h) => [1, h === 9 ? 1 : 0]);
  const loose = { allowFull: true, endAtLeastStart: false };
  const free = runSchedule(STATION, both, DEFAULT_TARIFF, { limits: loose });
  assert.equal(free.violation, 0, free.broken.join());
  const r = runSchedule(STATION, both, DEFAULT_TARIFF, {
    limits: { ...loose, maxInflowM3h: 250, minDeliveryKpa: free.minDeliveryKpa + 10 },
  });
  assert.ok(r.violation > 0);
  assert.match(r.broken.join(), /inflow [\d.]+ m3\/h above 250/);
  assert.match(r.broken.join(), /delivery pressure [\d.]+ kPa below/);
  // One pump alone stays under that inflow (two share the main's head loss).
  const one: Schedule = Array.from({ length: 24 }, () => [1, 0]);
  const single = runSchedule(STATION, one, DEFAULT_TARIFF, {
    limits: { ...loose, maxInflowM3h: 250 },
  });
  assert.doesNotMatch(single.broken.join(), /inflow/);
});
