import assert from "node:assert/strict";
import type { AlarmState, AlarmView, Priority } from "./api_types.ts";
import {
  filterAlarms,
  listQueryString,
  parseListQuery,
  sortAlarms,
  tabStates,
  upsertAlarm,
} from "./alarm_list_query.ts";

function alarm(twin: string, priority: Priority, state: AlarmState, since: number): AlarmView {
  return { id: `${twin}/a`, twin, name: "a", priority, state, since } as AlarmView;
}

Deno.test("tab and filters round-trip through the address; unknown values are dropped", () => {
  const q = parseListQuery("?tab=all&priority=critical,urgent,high&twin=rtu-1&state=normal,bogus");
  assert.deepEqual(q, {
    tab: "all",
    priorities: ["critical", "high"],
    twin: "rtu-1",
    states: ["normal"],
  });
  assert.equal(listQueryString(q), "?tab=all&priority=critical,high&twin=rtu-1&state=normal");
  assert.equal(listQueryString(parseListQuery("")), "");
  assert.deepEqual(parseListQuery("?tab=nope&state=shelved"), {
    tab: "active",
    priorities: [],
    twin: "",
    states: [],
  }, "shelved is not a state of the active tab");
});

Deno.test("each tab shows its own states", () => {
  assert.deepEqual(tabStates("active"), [
    "unacknowledged",
    "acknowledged",
    "returned_unacknowledged",
  ]);
  assert.deepEqual(tabStates("out_of_service"), ["out_of_service"]);
  assert.equal(tabStates("all").length, 7);
});

Deno.test("filters: priority, state within the tab, twin exact when it is a twin id, else a part", () => {
  const list = [
    alarm("rtu-1", "critical", "unacknowledged", 1),
    alarm("rtu-10", "high", "acknowledged", 2),
    alarm("site-1", "high", "shelved", 3),
    alarm("site-2", "low", "normal", 4),
  ];
  const ids = (q: string) => filterAlarms(list, parseListQuery(q)).map((a) => a.twin);
  assert.deepEqual(ids(""), ["rtu-1", "rtu-10"]);
  assert.deepEqual(ids("?tab=all"), ["rtu-1", "rtu-10", "site-1", "site-2"]);
  assert.deepEqual(ids("?tab=all&priority=high"), ["rtu-10", "site-1"]);
  assert.deepEqual(ids("?state=acknowledged"), ["rtu-10"]);
  assert.deepEqual(ids("?tab=all&twin=rtu-1"), ["rtu-1"], "an exact id keeps only that twin");
  assert.deepEqual(ids("?tab=all&twin=RTU"), ["rtu-1", "rtu-10"]);
  assert.deepEqual(ids("?tab=shelved&twin=site"), ["site-1"]);
});

Deno.test("sorted as the API sorts: most urgent first, then newest", () => {
  const sorted = sortAlarms([
    alarm("a", "low", "unacknowledged", 9),
    alarm("b", "critical", "unacknowledged", 1),
    alarm("c", "critical", "acknowledged", 5),
    alarm("d", "diagnostic", "unacknowledged", 10),
  ]);
  assert.deepEqual(sorted.map((a) => a.twin), ["c", "b", "a", "d"]);
});

Deno.test("upsert replaces in place, adds in order, removes when the state leaves the tab", () => {
  const states = tabStates("active");
  let list = upsertAlarm([], alarm("a", "low", "unacknowledged", 1), states);
  list = upsertAlarm(list, alarm("b", "critical", "unacknowledged", 2), states);
  assert.deepEqual(list.map((a) => a.twin), ["b", "a"]);
  list = upsertAlarm(list, alarm("a", "low", "acknowledged", 3), states);
  assert.deepEqual(list.map((a) => [a.twin, a.state]), [
    ["b", "unacknowledged"],
    ["a", "acknowledged"],
  ]);
  list = upsertAlarm(list, alarm("b", "critical", "normal", 4), states);
  assert.deepEqual(list.map((a) => a.twin), ["a"]);
  const same = upsertAlarm(list, alarm("z", "high", "shelved", 5), states);
  assert.equal(same, list, "an alarm that neither was nor belongs leaves the list as it was");
});
