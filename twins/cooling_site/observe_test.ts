import assert from "node:assert/strict";
import type { PointValues } from "../../simulators/simulator.ts";
import { observeSite } from "./observe.ts";

const limits = { supply_warn_c: 45, supply_hot_c: 50 };
const healthy: PointValues = {
  running: true,
  supply_temp: 40,
  rig_throttle: 100,
  rigs_tripped: 0,
  fans_failed: 0,
  pumps_failed: 0,
};
const with_ = (over: PointValues) => observeSite({ ...healthy, ...over }, limits);

Deno.test("observe: healthy site is running; switched off is stopped whatever else it shows", () => {
  assert.equal(observeSite(healthy, limits), "running");
  assert.equal(with_({ running: false, supply_temp: 70, pumps_failed: 1 }), "stopped");
});

Deno.test("observe: a failed fan or pump, or supply at the warn limit, is degraded", () => {
  assert.equal(with_({ fans_failed: 3 }), "degraded");
  assert.equal(with_({ pumps_failed: 1 }), "degraded");
  assert.equal(with_({ supply_temp: 45 }), "degraded");
  assert.equal(with_({ supply_temp: 44.9 }), "running");
});

Deno.test("observe: throttling, tripped rigs or supply at the hot limit is hot, over any degradation", () => {
  assert.equal(with_({ rig_throttle: 99.9 }), "hot");
  assert.equal(with_({ rigs_tripped: 4, rig_throttle: 100 }), "hot");
  assert.equal(with_({ supply_temp: 50 }), "hot");
  assert.equal(with_({ pumps_failed: 1, rig_throttle: 80 }), "hot");
});
