import assert from "node:assert/strict";
import { PRIORITIES as ENGINE_PRIORITIES } from "../../actors/alarms/alarm_definition.ts";
import {
  ALARM_STATES as ENGINE_STATES,
  ANNUNCIATED as ENGINE_ANNUNCIATED,
} from "../../actors/alarms/alarm_machine.ts";
import {
  ALARM_STATES,
  ANNUNCIATED_STATES,
  isAnnunciated,
  needsAck,
  PRIORITIES,
  PRIORITY_MARK,
  priorityRank,
  STATE_CODE,
  STATE_LABEL,
  stateLabel,
} from "./alarm_labels.ts";

Deno.test("the UI's priorities and states are the engine's, in the same order", () => {
  assert.deepEqual(PRIORITIES, ENGINE_PRIORITIES);
  assert.deepEqual(ALARM_STATES, ENGINE_STATES);
  assert.deepEqual(new Set(ANNUNCIATED_STATES), ENGINE_ANNUNCIATED);
  for (const s of ENGINE_STATES) assert.equal(isAnnunciated(s), ENGINE_ANNUNCIATED.has(s), s);
});

Deno.test("every priority has its own shape and every state a label and an ISA code", () => {
  assert.equal(new Set(PRIORITIES.map((p) => PRIORITY_MARK[p])).size, PRIORITIES.length);
  assert.deepEqual(Object.keys(STATE_LABEL).sort(), [...ALARM_STATES].sort());
  assert.deepEqual(Object.values(STATE_CODE), [
    "NORM",
    "UNACK",
    "ACKED",
    "RTNUN",
    "SHLVD",
    "DSUPR",
    "OOSRV",
  ]);
  assert.equal(stateLabel("returned_unacknowledged"), "returned, unacknowledged");
  assert.equal(stateLabel("some_new_state"), "some new state");
});

Deno.test("critical ranks first, unknown priorities last; only UNACK and RTNUN wait for ack", () => {
  assert.deepEqual(
    ["low", "bogus", "critical", "medium"].sort((a, b) => priorityRank(a) - priorityRank(b)),
    ["critical", "medium", "low", "bogus"],
  );
  assert.deepEqual(ALARM_STATES.filter(needsAck), ["unacknowledged", "returned_unacknowledged"]);
});
