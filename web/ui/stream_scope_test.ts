import assert from "node:assert/strict";
import { matchRoute } from "./route.ts";
import { OVERVIEW_POINTS, routeScope, twinPageScope } from "./stream_scope.ts";

Deno.test("stream scope: a twin's page narrows to the twin, the overview to a few points", () => {
  assert.deepEqual(routeScope(matchRoute("/twins/site-001")), { ids: ["site-001"] });
  assert.deepEqual(routeScope(matchRoute("/")), { points: OVERVIEW_POINTS });
  assert.deepEqual(routeScope(matchRoute("/wall", "?kind=all")), { points: OVERVIEW_POINTS });
  for (const path of ["/alarms", "/alarms/journal", "/reports", "/whatif", "/replay"]) {
    assert.equal(routeScope(matchRoute(path)), undefined, path);
  }
  // The overview's figures and diagnosis, beside the key values.
  for (const p of ["key", "diagnosis", "production_oil", "supply_temp", "hashrate", "inflow"]) {
    assert.ok(OVERVIEW_POINTS.includes(p), p);
  }
  assert.equal(new Set(OVERVIEW_POINTS).size, OVERVIEW_POINTS.length);
});

Deno.test("stream scope: a twin's page adds its children and register-map assets, once each", () => {
  assert.deepEqual(twinPageScope("ps-1", undefined), ["ps-1"]);
  assert.deepEqual(twinPageScope("ps-1", { children: ["ps-1-p1", "ps-1-p2"] }), [
    "ps-1",
    "ps-1-p1",
    "ps-1-p2",
  ]);
  assert.deepEqual(
    twinPageScope("rtu-1", { children: [] }, ["site-001", "site-001", "rtu-1"]),
    ["rtu-1", "site-001"],
  );
});
