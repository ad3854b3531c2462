import assert from "node:assert/strict";
import type { TwinView } from "./api_types.ts";
import { countFleet, filterQuery, filterTwins, isFiltered, parseFilter } from "./fleet_filter.ts";

const twin = (id: string, kind: string, mode: string, name = id): TwinView => ({
  id,
  name,
  kind,
  mode,
  running: mode !== "stopped",
  source: "simulator",
  points: {},
  version: 1,
});

const fleet = [
  twin("well-01", "well", "producing", "North pad well 1"),
  twin("well-02", "well", "shut_in", "North pad well 2"),
  twin("rtu-01", "rtu", "online"),
  twin("rtu-02", "rtu", "offline"),
  twin("site-001", "cooling_site", "running", "Rig hall A"),
];

Deno.test("filter by kind, mode and words; all must hold", () => {
  const ids = (f: Parameters<typeof filterTwins>[1]) => filterTwins(fleet, f).map((t) => t.id);
  assert.deepEqual(ids({ q: "" }), fleet.map((t) => t.id));
  assert.deepEqual(ids({ kind: "rtu", q: "" }), ["rtu-01", "rtu-02"]);
  assert.deepEqual(ids({ mode: "offline", q: "" }), ["rtu-02"]);
  assert.deepEqual(ids({ kind: "well", mode: "offline", q: "" }), []);
  assert.deepEqual(ids({ q: "north 2" }), ["well-02"], "words match id or name, all of them");
  assert.deepEqual(ids({ q: "RIG hall" }), ["site-001"], "case-insensitive");
  assert.deepEqual(ids({ kind: "well", q: "pad" }), ["well-01", "well-02"]);
});

Deno.test("counts by kind and mode add up to the fleet", () => {
  const c = countFleet(fleet);
  assert.equal(c.total, 5);
  assert.equal(c.byKind.get("well")?.total, 2);
  assert.equal(c.byKind.get("well")?.byMode.get("shut_in"), 1);
  assert.equal(c.byKind.get("rtu")?.byMode.get("offline"), 1);
  let sum = 0;
  for (const k of c.byKind.values()) sum += k.total;
  assert.equal(sum, c.total);
  let modes = 0;
  for (const n of c.byMode.values()) modes += n;
  assert.equal(modes, c.total);
});

Deno.test("the filter round-trips through the query string", () => {
  const f = { kind: "cooling_site", mode: "shut_in", q: "hall a", table: true };
  assert.deepEqual(parseFilter(filterQuery(f)), f);
  assert.equal(filterQuery(f), "?kind=cooling_site&mode=shut_in&q=hall+a&view=table");
  assert.equal(filterQuery({ q: "  " }), "");
  assert.deepEqual(parseFilter(""), { kind: undefined, mode: undefined, q: "", table: undefined });
  assert.equal(isFiltered({ q: "" }), false);
  assert.equal(isFiltered({ q: "", mode: "stale" }), true);
});
