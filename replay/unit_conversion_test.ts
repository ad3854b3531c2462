import assert from "node:assert/strict";
import { conversion, IDENTITY } from "./unit_conversion.ts";

Deno.test("bar to kPa, L/min to m3/h and degC to K convert as affine maps", () => {
  const bar = conversion("bar", "kPa");
  assert.ok(typeof bar !== "string");
  assert.ok(Math.abs(bar.scale - 100) < 1e-9 && Math.abs(bar.offset) < 1e-9);
  const flow = conversion("L/min", "m3/h");
  assert.ok(typeof flow !== "string");
  assert.ok(Math.abs(flow.scale * 32 + flow.offset - 1.92) < 1e-9);
  const t = conversion("degC", "K");
  assert.ok(typeof t !== "string");
  assert.ok(Math.abs(t.scale * 25 + t.offset - 298.15) < 1e-9);
  const pa = conversion("Pa", "kPa");
  assert.ok(typeof pa !== "string" && Math.abs(pa.scale * 38_265_830 - 38_265.83) < 1e-6);
});

Deno.test("same or missing units change nothing; mismatched quantities say why", () => {
  assert.deepEqual(conversion(undefined, "kPa"), IDENTITY);
  assert.deepEqual(conversion("kW", "kW"), IDENTITY);
  assert.match(conversion("bar", "m3/h") as string, /cannot convert "bar" to "m3\/h"/);
  assert.match(conversion("furlongs-ish", "m") as string, /cannot convert/);
  assert.match(conversion("bar", "") as string, /cannot be converted/);
});
