import assert from "node:assert/strict";
import { HeadCurve } from "../../simulators/pump/pump_curve.ts";
import { randomStation, randomStationRaw } from "./random_station.ts";

Deno.test("a seed always gives the same station, and another seed another", () => {
  assert.deepEqual(randomStationRaw(7), randomStationRaw(7));
  assert.notDeepEqual(randomStationRaw(7), randomStationRaw(8));
});

Deno.test("random stations are valid, varied and staggered lead/lag", () => {
  const pumps = new Set<number>();
  const forms = new Set<string>();
  const steps = new Set<number>();
  let vfd = 0, curves = 0;
  for (let seed = 0; seed < 200; seed++) {
    const s = randomStation(seed);
    assert.equal(s.model, "epanet");
    pumps.add(s.pumps.length);
    steps.add(s.demand.pattern_step_s);
    assert.ok(s.tank.initial_level_m > s.tank.min_level_m);
    s.pumps.forEach((p, i) => {
      forms.add(HeadCurve.fromPoints(p.curve.map((c) => ({ q: c.flow_lps, h: c.head_m }))).form);
      if (p.vfd) vfd++;
      if (typeof p.efficiency_pct !== "number") curves++;
      const c = p.control!;
      assert.ok(c.start_below_m < c.stop_above_m, `seed ${seed} pump ${i}`);
      if (i > 0) {
        const lead = s.pumps[i - 1].control!;
        assert.ok(c.start_below_m <= lead.start_below_m, `seed ${seed}: lag starts lower`);
      }
    });
  }
  assert.deepEqual([...pumps].sort(), [2, 3, 4]);
  assert.deepEqual([...forms].sort(), ["power", "single", "table"]);
  assert.ok(steps.size >= 3, "several pattern steps");
  assert.ok(vfd > 10 && curves > 10, `${vfd} VFD pumps, ${curves} efficiency curves`);
});
