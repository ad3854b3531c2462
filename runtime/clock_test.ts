import assert from "node:assert/strict";
import { createActor, createMachine } from "xstate";
import { RealClock, VirtualClock } from "./clock.ts";

Deno.test("virtual clock fires timers in due order, ties in creation order", () => {
  const clock = new VirtualClock(1_000);
  const seen: string[] = [];
  clock.setTimeout(() => seen.push(`b@${clock.now()}`), 20);
  clock.setTimeout(() => seen.push(`a@${clock.now()}`), 10);
  clock.setTimeout(() => seen.push(`c@${clock.now()}`), 20);
  clock.advanceBy(15);
  assert.deepEqual(seen, ["a@1010"]);
  assert.equal(clock.now(), 1_015);
  clock.advanceTo(1_020);
  assert.deepEqual(seen, ["a@1010", "b@1020", "c@1020"]);
});

Deno.test("virtual clock: cancelled timers never fire; timers set while firing run in the same advance", () => {
  const clock = new VirtualClock(0);
  let count = 0;
  const id = clock.setTimeout(() => count += 100, 5);
  clock.clearTimeout(id);
  const tick = () => {
    count++;
    if (count < 5) clock.setTimeout(tick, 10);
  };
  clock.setTimeout(tick, 10);
  clock.advanceTo(35);
  assert.equal(count, 3);
  assert.equal(clock.pending, 1);
  assert.equal(clock.nextDue(), 40);
  clock.advanceTo(100);
  assert.equal(count, 5);
  assert.equal(clock.pending, 0);
});

Deno.test("virtual clock refuses to go back in time", () => {
  const clock = new VirtualClock(50);
  assert.throws(() => clock.advanceTo(49), /cannot go back/);
});

Deno.test("XState `after` delays run on the virtual clock", () => {
  const clock = new VirtualClock(0);
  const machine = createMachine({
    initial: "starting",
    states: { starting: { after: { 3000: "running" } }, running: {} },
  });
  const actor = createActor(machine, { clock }).start();
  clock.advanceBy(2_999);
  assert.equal(actor.getSnapshot().value, "starting");
  clock.advanceBy(1);
  assert.equal(actor.getSnapshot().value, "running");
});

Deno.test("real clock reports wall time and fires host timers", async () => {
  const clock = new RealClock();
  const before = Date.now();
  assert.ok(Math.abs(clock.now() - before) < 1_000);
  await new Promise<void>((resolve) => clock.setTimeout(resolve, 1));
});

Deno.test("clocks tell a pending timer's due time, and nothing once it fired or was cancelled", async () => {
  const virtual = new VirtualClock(1_000);
  const a = virtual.setTimeout(() => {}, 250);
  const b = virtual.setTimeout(() => {}, 900);
  assert.equal(virtual.dueAt(a), 1_250);
  virtual.clearTimeout(b);
  assert.equal(virtual.dueAt(b), undefined);
  virtual.advanceTo(1_250);
  assert.equal(virtual.dueAt(a), undefined);

  const real = new RealClock();
  const before = Date.now();
  let fired: () => void = () => {};
  const done = new Promise<void>((resolve) => fired = resolve);
  const c = real.setTimeout(() => fired(), 5);
  const d = real.setTimeout(() => {}, 60_000);
  const due = real.dueAt(c)!;
  assert.ok(due >= before + 5 && due <= Date.now() + 5, `due ${due - before} ms on`);
  real.clearTimeout(d);
  assert.equal(real.dueAt(d), undefined);
  await done;
  assert.equal(real.dueAt(c), undefined);
});
