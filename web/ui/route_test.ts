import assert from "node:assert/strict";
import { alarmPath, matchRoute, twinPath } from "./route.ts";

Deno.test("the root and /twins show the fleet with its query", () => {
  assert.deepEqual(matchRoute("/", "?kind=rtu"), { page: "fleet", search: "?kind=rtu" });
  assert.deepEqual(matchRoute("/twins"), { page: "fleet", search: "" });
});

Deno.test("a twin path shows that twin, ids with odd characters round-trip", () => {
  assert.deepEqual(matchRoute("/twins/rtu-01"), { page: "twin", id: "rtu-01" });
  assert.deepEqual(matchRoute("/twins/station-1.pump-2/"), {
    page: "twin",
    id: "station-1.pump-2",
  });
  const odd = "well 7/b#x";
  const path = twinPath(odd);
  assert.equal(path, "/twins/well%207%2Fb%23x");
  assert.deepEqual(matchRoute(path), { page: "twin", id: odd });
});

Deno.test("the wall display keeps its settings in the query", () => {
  assert.deepEqual(matchRoute("/wall", "?every=20"), { page: "wall", search: "?every=20" });
  assert.deepEqual(matchRoute("/wall/"), { page: "wall", search: "" });
});

Deno.test("anything else is a missing page", () => {
  assert.equal(matchRoute("/nope").page, "missing");
  assert.equal(matchRoute("/twins/a/b").page, "missing");
  assert.equal(matchRoute("/twins/%E0%A4%A").page, "missing");
});

Deno.test("alarm pages: the list, the journal, and one alarm as two segments or one encoded", () => {
  assert.deepEqual(matchRoute("/alarms", "?tab=all"), { page: "alarms", search: "?tab=all" });
  assert.deepEqual(matchRoute("/alarms/"), { page: "alarms", search: "" });
  assert.deepEqual(matchRoute("/alarms/journal", "?twin=a"), {
    page: "journal",
    search: "?twin=a",
  });
  assert.deepEqual(matchRoute("/alarms/site-001/supply_temp_h"), {
    page: "alarm",
    twin: "site-001",
    name: "supply_temp_h",
  });
  assert.deepEqual(matchRoute("/alarms/site-001%2Fsupply_temp_h"), {
    page: "alarm",
    twin: "site-001",
    name: "supply_temp_h",
  });
  const odd = { twin: "station 1/b", name: "trip.hh" };
  assert.deepEqual(matchRoute(alarmPath(odd)), { page: "alarm", ...odd });
  assert.equal(alarmPath(odd), "/alarms/station%201%2Fb/trip.hh");
  assert.equal(matchRoute("/alarms/no-slash").page, "missing");
  assert.equal(matchRoute("/alarms/a/b/c").page, "missing");
});

Deno.test("the admin pages have their routes", () => {
  assert.deepEqual(matchRoute("/admin/users"), { page: "users" });
  assert.deepEqual(matchRoute("/whatif"), { page: "whatif" });
  assert.deepEqual(matchRoute("/whatif/"), { page: "whatif" });
  assert.deepEqual(matchRoute("/admin/audit", "?user=ann"), { page: "audit", search: "?user=ann" });
  assert.equal(matchRoute("/admin/other").page, "missing");
});

Deno.test("the replay page keeps its query (the run it watches)", () => {
  assert.deepEqual(matchRoute("/replay", "?run=replay-1-ab"), {
    page: "replay",
    search: "?run=replay-1-ab",
  });
  assert.deepEqual(matchRoute("/replay/"), { page: "replay", search: "" });
  assert.equal(matchRoute("/replay/x").page, "missing");
});
