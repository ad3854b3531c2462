import assert from "node:assert/strict";
import type { CommandRecord } from "./api_types.ts";
import { mergeRecord } from "./command_records.ts";

const rec = (id: string, status: CommandRecord["status"]): CommandRecord => ({
  id,
  twin: "w",
  type: "stop",
  args: {},
  user: "anonymous",
  comment: "",
  status,
  requestedAt: 0,
});

Deno.test("a settled record replaces its accepted self in place", () => {
  const list = [rec("b", "accepted"), rec("a", "executed")];
  const out = mergeRecord(list, rec("b", "failed"));
  assert.deepEqual(out.map((r) => [r.id, r.status]), [["b", "failed"], ["a", "executed"]]);
  assert.equal(list[0].status, "accepted", "the old list is not mutated");
});

Deno.test("a new record goes first and the list stays bounded", () => {
  let list: CommandRecord[] = [];
  for (let i = 0; i < 25; i++) list = mergeRecord(list, rec(`c${i}`, "executed"), 20);
  assert.equal(list.length, 20);
  assert.equal(list[0].id, "c24");
  assert.equal(list[19].id, "c5");
});
