import assert from "node:assert/strict";
import { matchRoute } from "./route.ts";
import { routeScope, twinPageScope } from "./stream_scope.ts";

Deno.test("stream scope: a twin's page narrows to the twin, every other page takes all", () => {
  assert.deepEqual(routeScope(matchRoute("/twins/site-001")), ["site-001"]);
  for (const path of ["/", "/wall", "/alarms", "/alarms/journal", "/reports", "/whatif"]) {
    assert.equal(routeScope(matchRoute(path)), undefined, path);
  }
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
