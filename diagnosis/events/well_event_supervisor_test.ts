import assert from "node:assert/strict";
import type { TwinSetChange } from "../../runtime/runtime.ts";
import type { Twin } from "../../twins/twin.ts";
import { WellEventSupervisor } from "./well_event_supervisor.ts";

// Twins are read here for their id, kind, params, running flag, sample time and values.
function twin(id: string, kind: string): Twin {
  const t = {
    id,
    def: { kind },
    params: {},
    running: true,
    ts: 0,
    values: {} as Record<string, unknown>,
    times: {},
    pointTs: () => t.ts,
    touch() {},
  };
  return t as unknown as Twin;
}

// A runtime's listener sets, as the supervisor sees them.
function host(twins: Twin[]) {
  const change = new Set<(twin: Twin) => void>();
  const set = new Set<(c: TwinSetChange) => void>();
  const step = new Set<(now: number) => void>();
  const sub = <T>(s: Set<T>) => (l: T) => (s.add(l), () => s.delete(l));
  return {
    twins: new Map(twins.map((t) => [t.id, t])),
    onChange: sub(change),
    onStep: sub(step),
    onTwinsChanged: sub(set),
    change,
    emit: (c: TwinSetChange) => set.forEach((l) => l(c)),
  };
}

Deno.test("well events: listens to twin changes only while it watches a flowing well", () => {
  const h = host([twin("p1", "pump")]);
  const sup = new WellEventSupervisor(h);
  const detach = sup.attach();
  assert.equal(h.change.size, 0, "no flowing well: no change listener");

  const w1 = twin("w1", "flowing_well");
  h.twins.set("w1", w1);
  h.emit({ added: ["w1"], removed: [] });
  assert.deepEqual(sup.wells, ["w1"]);
  assert.equal(h.change.size, 1);
  (w1 as { ts: number }).ts = 1_000;
  w1.values.pdg_pressure = 2e7;
  h.change.forEach((l) => l(h.twins.get("p1")!));
  h.change.forEach((l) => l(w1));
  assert.equal(sup.samples, 1, "the well's sample judged, the pump's change ignored");

  h.twins.delete("w1");
  h.emit({ added: [], removed: ["w1"] });
  assert.equal(h.change.size, 0, "the last well gone: the listener too");

  h.twins.set("w2", twin("w2", "flowing_well"));
  h.emit({ added: ["w2"], removed: [] });
  assert.equal(h.change.size, 1);
  detach();
  assert.equal(h.change.size, 0);
});
