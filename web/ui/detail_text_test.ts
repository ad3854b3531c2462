import assert from "node:assert/strict";
import { detailLabel, detailText } from "./detail_text.ts";

Deno.test("detail keys read as words with their unit", () => {
  assert.equal(detailLabel("fluidLoadKn"), "fluid load (kN)");
  assert.equal(detailLabel("strokePeriodS"), "stroke period (s)");
  assert.equal(detailLabel("true_level_m"), "true level (m)");
  assert.equal(detailLabel("leak_m3h"), "leak (m³/h)");
  assert.equal(detailLabel("faults"), "faults");
  assert.equal(detailLabel("m"), "m", "a lone letter is a name, not a unit");
});

Deno.test("detail values read as short text", () => {
  assert.equal(detailText([]), "none");
  assert.equal(detailText({}), "none");
  assert.equal(detailText(["comm_loss", "stale"]), "comm loss; stale");
  assert.equal(detailText(12.676707469045303), "12.68");
  assert.equal(detailText(true), "yes");
  assert.equal(
    detailText({ pumped: 0.5476137442348299, delivered: 0.66, leaked: 0 }),
    "pumped 0.548, delivered 0.660, leaked 0",
  );
  assert.equal(
    detailText([{ pump: "p1", start_below_m: 3 }, { pump: "p2", start_below_m: 2 }]),
    "pump p1, start below (m) 3; pump p2, start below (m) 2",
  );
  assert.ok(detailText({ a: "x".repeat(1000) }).length <= 401);
});
