import assert from "node:assert/strict";
import type { Twin } from "../twins/twin.ts";
import { TwinWatch, type WatchEntry } from "./twin_watch.ts";
import { LearnerStateError } from "./learner_json.ts";

// Twins are only read for their id, kind, params, running flag and ts here.
const twin = (id: string, kind = "pump", params: unknown = { a: 1 }) =>
  ({ id, def: { kind }, params, running: true, ts: 5 }) as unknown as Twin;

interface Entry extends WatchEntry {
  learnt: number;
}

function watchOf(
  twins: Twin[],
  relearnOnParams = true,
  paramsKey?: (params: unknown) => string,
) {
  const host = { twins: new Map(twins.map((t) => [t.id, t])) };
  let made = 0;
  const watch = new TwinWatch<Entry>(host, {
    kind: "pump",
    make: (t) => {
      made++;
      return t.id === "broken" ? undefined : { twin: t, params: t.params, lastTs: t.ts, learnt: 0 };
    },
    relearnOnParams,
    ...(paramsKey ? { paramsKey } : {}),
    version: 2,
    key: "pumps",
    learner: "toy learner",
    afresh: "learns afresh",
    save: (w) => ({ learnt: w.learnt }),
    load: (w, entry, path) => {
      if (typeof entry.learnt !== "number") throw new LearnerStateError(`${path}.learnt`, "no");
      w.learnt = entry.learnt;
    },
  });
  return { host, watch, made: () => made };
}

Deno.test("twin watch: one entry per twin of its kind, following the twin set", () => {
  const { host, watch } = watchOf([twin("p1"), twin("p2"), twin("s1", "cooling_site")]);
  assert.deepEqual([...watch.entries.keys()], ["p1", "p2"]);
  host.twins.set("p3", twin("p3"));
  host.twins.delete("p1");
  watch.follow({ added: ["p3"], removed: ["p1"] });
  assert.deepEqual([...watch.entries.keys()], ["p2", "p3"]);
});

Deno.test("twin watch: list holds the entries in order, renewed as twins join, leave and are replaced", () => {
  const { host, watch } = watchOf([twin("p1"), twin("p2")]);
  const before = watch.list;
  assert.deepEqual(before.map((w) => w.twin.id), ["p1", "p2"]);
  assert.equal(watch.list, before, "the same array while nothing changes");
  host.twins.set("p3", twin("p3"));
  watch.follow({ added: ["p3"], removed: ["p1"] });
  assert.deepEqual(watch.list.map((w) => w.twin.id), ["p2", "p3"]);
  const p2 = watch.entries.get("p2")!;
  (host.twins.get("p2") as { running: boolean }).running = false;
  host.twins.set("p2", twin("p2", "pump", { a: 2 }));
  const renewed = watch.current("p2", p2)!;
  assert.notEqual(renewed, p2);
  assert.deepEqual(watch.list, [renewed, watch.entries.get("p3")]);
});

Deno.test("twin watch: a replaced twin or new params give a new entry; a stopped twin none", () => {
  const { host, watch, made } = watchOf([twin("p1")]);
  const first = watch.entries.get("p1")!;
  first.learnt = 7;
  assert.equal(watch.current("p1", first), first);
  // As the runtime replaces a twin: the old one stops, a new one takes its id.
  (host.twins.get("p1") as { running: boolean }).running = false;
  host.twins.set("p1", twin("p1", "pump", { a: 2 }));
  const renewed = watch.current("p1", first)!;
  assert.notEqual(renewed, first);
  assert.equal(renewed.learnt, 0);
  assert.equal(made(), 2);
  (host.twins.get("p1") as { running: boolean }).running = false;
  assert.equal(watch.current("p1", renewed), undefined);
});

Deno.test("twin watch: learners of the twin's past keep their entry under new params", () => {
  const { host, watch } = watchOf([twin("p1")], false);
  const w = watch.entries.get("p1")!;
  const same = host.twins.get("p1")!;
  (same as { params: unknown }).params = { a: 9 };
  assert.equal(watch.current("p1", w), w);
});

Deno.test("twin watch: an entry that cannot be made leaves the twin unwatched", () => {
  const { watch } = watchOf([twin("p1"), twin("broken")]);
  assert.deepEqual([...watch.entries.keys()], ["p1"]);
});

Deno.test("twin watch: snapshot and restore carry each learner, naming what starts afresh", () => {
  const a = watchOf([twin("p1"), twin("p2")]);
  a.watch.entries.get("p1")!.learnt = 3;
  a.watch.entries.get("p1")!.lastTs = NaN;
  const state = JSON.parse(JSON.stringify(a.watch.snapshot()));
  assert.deepEqual(state.pumps.p1, { params: '{"a":1}', lastTs: "NaN", learnt: 3 });

  const b = watchOf([twin("p1"), twin("p2", "pump", { a: 5 }), twin("p3")]);
  const warnings = b.watch.restore(state, "toy");
  assert.equal(b.watch.entries.get("p1")!.learnt, 3);
  assert.ok(Number.isNaN(b.watch.entries.get("p1")!.lastTs));
  assert.equal(b.watch.entries.get("p2")!.learnt, 0);
  assert.deepEqual(warnings, [
    "p2: params differ from the snapshot's; its toy learner learns afresh",
    "p3: no toy learner in the snapshot; it learns afresh",
  ]);
  state.pumps.p1.learnt = "x";
  assert.throws(() => b.watch.restore(state, "toy"), /toy\.pumps\["p1"\]\.learnt/);
  assert.throws(() => b.watch.restore({ ...state, version: 3 }, "toy"), /toy/);
});

Deno.test("twin watch: a learner keyed on the params it reads keeps its entry when others change", () => {
  const onlyA = (p: unknown) => `a=${(p as { a: number }).a}`;
  const { host, watch, made } = watchOf([twin("p1", "pump", { a: 1, b: 1 })], true, onlyA);
  const w = watch.entries.get("p1")!;
  w.learnt = 4;
  const t = host.twins.get("p1") as { params: unknown };
  t.params = { a: 1, b: 2 };
  assert.equal(watch.current("p1", w), w, "b is not read");
  assert.deepEqual(w.params, { a: 1, b: 2 });
  const state = JSON.parse(JSON.stringify(watch.snapshot()));
  assert.equal(state.pumps.p1.params, "a=1");

  const fork = watchOf([twin("p1", "pump", { a: 1, b: 7 })], true, onlyA);
  assert.deepEqual(fork.watch.restore(state, "toy"), []);
  assert.equal(fork.watch.entries.get("p1")!.learnt, 4);

  t.params = { a: 2, b: 2 };
  const renewed = watch.current("p1", w)!;
  assert.notEqual(renewed, w, "a is read: a new learner");
  assert.equal(made(), 2);
});
