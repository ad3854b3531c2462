import assert from "node:assert/strict";
import { renderMessage, unknownField } from "./alarm_message.ts";
import { AlarmEngine } from "./alarm_engine.ts";
import { definitionSchema } from "./alarm_definition.ts";
import { alarmSettings, alarmSpec, FakeHost } from "../../tests/alarm_fixture.ts";

Deno.test("alarm message template: fields filled with units and the limit level", () => {
  const x = {
    twin: "w-3",
    name: "tubing_pressure_h",
    point: "tubing_pressure",
    condition: "limit",
    value: 42.1,
    limit: 40,
    unit: "bar",
    active: true,
  };
  assert.equal(
    renderMessage("Well {twin} tubing pressure {level}: {value} (limit {limit})", x),
    "Well w-3 tubing pressure high: 42.10 bar (limit 40 bar)",
  );
  assert.equal(
    renderMessage("{point} {state}", { ...x, active: false }),
    "tubing_pressure cleared",
  );
  assert.equal(unknownField("{twin} {valeu}"), "valeu");
  assert.equal(unknownField("{twin} {value}"), undefined);
});

Deno.test("alarm message template: the engine words a templated alarm with it; a bad field is refused", () => {
  const host = new FakeHost(["w-3"]);
  const e = new AlarmEngine(host, {
    settings: alarmSettings(),
    alarms: [
      alarmSpec({
        twin: "w-3",
        name: "tubing_pressure_h",
        unit: "bar",
        message: "Well {twin} tubing pressure {level}: {value} (limit {limit})",
        condition: { type: "limit", point: "tubing_pressure", level: "h", limit: 40, deadband: 0 },
      }),
    ],
  });
  e.start();
  host.set("w-3", { tubing_pressure: 42.1 });
  const view = e.get("w-3/tubing_pressure_h")!;
  assert.equal(view.state, "unacknowledged");
  assert.equal(view.message, "Well w-3 tubing pressure high: 42.10 bar (limit 40 bar)");
  assert.equal(view.customMessage, true);
  assert.equal(e.journal.query({ alarms: ["w-3/tubing_pressure_h"] })[0].message, view.message);

  const bad = definitionSchema.safeParse({
    name: "p",
    kind: "well",
    message: "{twin} {valeu}",
    condition: { type: "limit", point: "x", h: 1 },
  });
  assert.equal(bad.success, false);
  assert.deepEqual(bad.error!.issues[0].path, ["message"]);
  assert.match(bad.error!.issues[0].message, /unknown field \{valeu\}/);
});
