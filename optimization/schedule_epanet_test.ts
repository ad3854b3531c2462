import assert from "node:assert/strict";
import { Workspace } from "epanet-js";
import { stationParams } from "../twins/pump_station/params.ts";
import { runScheduleInEpanet, scheduleToInp } from "./schedule_epanet.ts";
import { runSchedule, type Schedule } from "./schedule_run.ts";
import { DEFAULT_TARIFF } from "./tariff.ts";

/** station.inp with a third, VFD pump and a half-hourly demand pattern, under EPANET's rules. */
const STATION = stationParams.parse({
  model: "epanet",
  pumps: [
    { suffix: "p1", initial_status: "running" },
    { suffix: "p2" },
    { suffix: "p3", vfd: true, speed_pct: 100 },
  ],
  demand: {
    pattern: Array.from({ length: 48 }, (_, k) => 1 + 0.4 * Math.sin(2 * Math.PI * k / 48)),
    pattern_step_s: 1800,
  },
});

const SCHEDULE: Schedule = Array.from({ length: 24 }, (_, h) => [
  h < 6 || h > 20 ? 1 : 0,
  h >= 8 && h < 12 ? 1 : 0,
  h < 17 ? (h % 2 ? 0.8 : 0.95) : 0,
]);

Deno.test("the .inp carries the schedule as pump speed patterns with no controls", () => {
  const inp = scheduleToInp(STATION, SCHEDULE);
  assert.match(inp, / P3\s+SUMP\s+HDR\s+HEAD C_P3\s+PATTERN SCH_P3/);
  assert.match(inp, / SCH_P3 {2}0\.95 {2}0\.95 {2}0\.8 {2}0\.8/);
  assert.match(inp, /Pattern Timestep {2}0:30/);
  assert.doesNotMatch(inp, /IF NODE TANK/);
});

Deno.test("EPANET and our simulator agree on a VFD schedule's cost and levels", async () => {
  const ws = new Workspace();
  await ws.loadModule();
  const e = runScheduleInEpanet(ws, STATION, SCHEDULE, DEFAULT_TARIFF);
  const ours = runSchedule(STATION, SCHEDULE, DEFAULT_TARIFF, { stepS: 60 });
  assert.ok(ours.energyKWh > 100, "the pumps ran");
  const diff = Math.abs(e.cost - ours.cost) / e.cost;
  assert.ok(diff < 0.01, `cost ${ours.cost} vs EPANET ${e.cost}`);
  for (let h = 0; h <= 24; h++) {
    assert.ok(
      Math.abs(e.levels[h] - ours.levels[h]) < 0.02,
      `hour ${h}: ${ours.levels[h]} vs ${e.levels[h]}`,
    );
  }
});
