import assert from "node:assert/strict";
import { COOLING_SITE_DEFAULTS } from "../../simulators/cooling/site_config.ts";
import { coolingSiteParams } from "./params.ts";

Deno.test("empty params give the 40-ft container site: 200 rigs x 3.5 kW, 10 fans, 1 pump", () => {
  const p = coolingSiteParams.parse({});
  for (const [key, value] of Object.entries(COOLING_SITE_DEFAULTS)) {
    assert.equal(p[key as keyof typeof p], value, key);
  }
  assert.equal(p.rigs * p.rig_power_kw, 700);
  assert.deepEqual(
    [p.supply_warn_c, p.supply_hot_c, p.overheat_after_s, p.start_timeout_s],
    [45, 50, 300, 60],
  );
});

Deno.test("params reject unknown keys, out-of-range values and inverted limits", () => {
  assert.equal(coolingSiteParams.safeParse({ rigz: 100 }).success, false);
  assert.equal(coolingSiteParams.safeParse({ pumps: 3 }).success, false);
  assert.equal(coolingSiteParams.safeParse({ rigs: 10.5 }).success, false);
  assert.equal(coolingSiteParams.safeParse({ supply_setpoint_c: 70 }).success, false);
  assert.equal(coolingSiteParams.safeParse({ control_mode: "cruise" }).success, false);
  const inverted = coolingSiteParams.safeParse({ supply_warn_c: 50, supply_hot_c: 45 });
  assert.equal(inverted.success, false);
  assert.match(JSON.stringify(inverted.error?.issues), /supply_hot_c must be above/);
  assert.equal(coolingSiteParams.safeParse({ rig_throttle_c: 70 }).success, false);
  assert.equal(coolingSiteParams.parse({ pumps: 2, fans: 12 }).fans, 12);
});
