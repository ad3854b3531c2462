import assert from "node:assert/strict";
import { stationParams } from "../twins/pump_station/params.ts";
import { randomStation } from "../twins/pump_station/random_station.ts";
import { runSchedule } from "./schedule_run.ts";
import { DEFAULT_TARIFF } from "./tariff.ts";
import { trackingSeeds } from "./tracking_schedule.ts";

Deno.test("tracking seeds keep the tank off its limits and end at or above the start", () => {
  const stations = [stationParams.parse({ model: "epanet" }), randomStation(3), randomStation(11)];
  let feasible = 0, total = 0;
  for (const s of stations) {
    const [hold, priced] = trackingSeeds(s, DEFAULT_TARIFF, 0.06);
    for (const sched of [hold, priced]) {
      const r = runSchedule(s, sched, DEFAULT_TARIFF, { stepS: 60 });
      total++;
      if (r.violation === 0) feasible++;
      assert.ok(r.unmetM3 < 1e-6, `runs dry: ${r.unmetM3} m3`);
    }
    // The priced seed pumps more in the cheapest hours than the hold seed does.
    const pumped = (sched: number[][]) =>
      sched.reduce(
        (n, row, h) => n + (DEFAULT_TARIFF[h] === 0.08 ? row.filter((v) => v > 0).length : 0),
        0,
      );
    assert.ok(pumped(priced) >= pumped(hold));
  }
  assert.ok(feasible >= total - 1, `${feasible}/${total} seeds feasible`);
});
