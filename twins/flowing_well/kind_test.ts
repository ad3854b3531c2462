import assert from "node:assert/strict";
import { createActor } from "xstate";
import { kind } from "./kind.ts";

Deno.test("flowing well: the mode follows the recorded event class", () => {
  const seen = [undefined, 0, 109, 9, 0, 55].map((c) =>
    kind.observe(c === undefined ? {} : { event_class: c }, {})
  );
  assert.deepEqual(seen, ["unlabelled", "normal", "transient", "event", "normal", "unlabelled"]);
  const actor = createActor(kind.machine, { input: { id: "w", params: {} } }).start();
  assert.equal(actor.getSnapshot().value, "unlabelled");
  actor.send({ type: "observed", state: "transient" });
  assert.equal(actor.getSnapshot().value, "transient");
  actor.send({ type: "observed", state: "event" });
  assert.equal(actor.getSnapshot().value, "event");
  actor.stop();
  for (const [name, spec] of Object.entries(kind.points)) {
    assert.ok(spec.description.length > 0, name);
  }
});
