import assert from "node:assert/strict";
import type { KeyPoint, TwinView } from "./api_types.ts";
import { twinSignature } from "./twin_signature.ts";

const keys: KeyPoint[] = [{
  name: "supply_temp",
  spec: { unit: "degC", description: "", key: true },
}];

const view = (
  value: number,
  quality: "good" | "bad" = "good",
  mode = "running",
  version = 1,
): TwinView => ({
  id: "site-001",
  name: "site-001",
  kind: "cooling_site",
  mode,
  running: true,
  source: "simulator",
  version,
  points: {
    supply_temp: { value, unit: "degC", quality, ts: version },
    return_temp: { value: value + version, unit: "degC", quality, ts: version },
  },
});

Deno.test("a new version with the same shown values keeps the signature", () => {
  // 40.331 and 40.334 both show as 40.33 °C; return_temp is not a key point.
  assert.equal(
    twinSignature(view(40.331, "good", "running", 1), keys),
    twinSignature(view(40.334, "good", "running", 2), keys),
  );
});

Deno.test("a visible change of value, quality or mode changes the signature", () => {
  const base = twinSignature(view(40.33), keys);
  assert.notEqual(twinSignature(view(40.38), keys), base);
  assert.notEqual(twinSignature(view(40.33, "bad"), keys), base);
  assert.notEqual(twinSignature(view(40.33, "good", "tripped"), keys), base);
});
