import assert from "node:assert/strict";
import { type Concern, NORMAL_RANK } from "./twin_concern.ts";
import type { AlarmView } from "./api_types.ts";
import { alarmsByTwin } from "./twin_concern.ts";
import { groupAlarmSummary, largestKind, parseWall, wallGroups } from "./wall_view.ts";

Deno.test("wall: settings from the address, bounded, with the largest kind by default", () => {
  assert.deepEqual(parseWall("", "cooling_site"), { kind: "cooling_site", per: 50, every: 15 });
  assert.deepEqual(parseWall("?kind=all&per=2&every=9999", "x"), {
    kind: undefined,
    per: 4,
    every: 3600,
  });
  assert.deepEqual(parseWall("?kind=rtu&per=abc&every=20"), { kind: "rtu", per: 50, every: 20 });
  assert.equal(largestKind(["a", "b", "b", "a", "b"]), "b");
});

Deno.test("wall: groups in plant order, abnormal groups first, worst first", () => {
  const ranks = [100, 100, 100, 100, 12, 100, 100, 3, 100, 100];
  const items = ranks.map((rank, i) => ({ i, concern: { rank } as Concern }));
  const groups = wallGroups(items, 3);
  assert.deepEqual(groups.map((g) => g.start), [6, 3, 0, 9]);
  assert.deepEqual(groups[0].items.map((t) => t.i), [6, 7, 8]);
  assert.equal(groups[0].worst, 3);
  assert.equal(groups[2].worst, NORMAL_RANK);
  assert.equal(groups[1].abnormal, 1);
});

Deno.test("wall: alarm counts of the group on screen, not of the plant", () => {
  const items = ["s1", "s2", "s3", "s4", "s5", "s6"].map((id) => ({
    t: { id },
    concern: { rank: NORMAL_RANK } as Concern,
  }));
  const alarm = (twin: string, priority: string, state: string) =>
    ({ id: `${twin}/${priority}`, twin, priority, state, since: 1 }) as AlarmView;
  const byTwin = alarmsByTwin([
    alarm("s1", "critical", "unacknowledged"),
    alarm("s2", "high", "acknowledged"),
    alarm("s2", "critical", "unacknowledged"),
    alarm("s5", "low", "unacknowledged"),
    alarm("x9", "critical", "unacknowledged"), // a twin of another kind, not on the wall
  ]);
  const [first, second] = wallGroups(items, 3);
  const count = (s: ReturnType<typeof groupAlarmSummary>) =>
    Object.fromEntries(s.counts.filter((c) => c.total).map((c) => [c.priority, c.total]));
  const a = groupAlarmSummary(first, byTwin);
  assert.deepEqual(count(a), { critical: 2, high: 1 });
  assert.equal(a.total, 3);
  assert.equal(a.unacked, 2);
  assert.deepEqual(count(groupAlarmSummary(second, byTwin)), { low: 1 });
  assert.equal(groupAlarmSummary(undefined, byTwin).total, 0);
});
