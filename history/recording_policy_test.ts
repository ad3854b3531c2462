import assert from "node:assert/strict";
import { DEFAULT_POLICY, policyLookup } from "./recording_policy.ts";

Deno.test("no configuration: every point gets the default policy", () => {
  const lookup = policyLookup(undefined);
  assert.deepEqual(lookup("site-1", "cooling_site", "supply_temp"), DEFAULT_POLICY);
});

Deno.test("defaults, then kind, then kind and point, then twin and point", () => {
  const lookup = policyLookup({
    defaults: { deadband_pct: 1, max_interval_s: 300 },
    kinds: { well: { deadband_pct: 2 } },
    points: [
      {
        kind: "well",
        point: ["rod_position", "polished_rod_load"],
        deadband: 5,
        max_interval_s: 60,
      },
      { twin: "well-01", point: "rod_position", min_interval_s: 10 },
      { kind: "well", point: "rod_position", deadband: 7 }, // a later entry for the same point wins
    ],
  });
  const base = { deadband: DEFAULT_POLICY.deadband, minIntervalMs: 0 };
  assert.deepEqual(lookup("site-1", "cooling_site", "supply_temp"), {
    ...base,
    deadbandPct: 1,
    maxIntervalMs: 300_000,
  });
  assert.deepEqual(lookup("well-02", "well", "fillage"), {
    ...base,
    deadbandPct: 2,
    maxIntervalMs: 300_000,
  });
  assert.deepEqual(lookup("well-02", "well", "polished_rod_load"), {
    ...base,
    deadband: 5,
    deadbandPct: 2,
    maxIntervalMs: 60_000,
  });
  assert.deepEqual(lookup("well-02", "well", "rod_position"), {
    ...base,
    deadband: 7,
    deadbandPct: 2,
    maxIntervalMs: 60_000,
  });
  assert.deepEqual(lookup("well-01", "well", "rod_position"), {
    deadband: 7,
    deadbandPct: 2,
    maxIntervalMs: 60_000,
    minIntervalMs: 10_000,
  });
  // One object per distinct policy, shared by the points that have it.
  assert.equal(
    lookup("well-02", "well", "rod_position"),
    lookup("well-03", "well", "rod_position"),
  );
});
