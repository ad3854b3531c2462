import assert from "node:assert/strict";
import { z } from "zod";
import { createActor } from "xstate";
import { loadKinds } from "../twins/registry.ts";
import { Twin } from "../twins/twin.ts";
import { acceptedCommands, argProbes } from "./accepted_commands.ts";

const kinds = await loadKinds();

/** A running twin of `kind` on default params (plus `params`), without a source. */
function twinOf(kind: string, params: Record<string, unknown> = {}): Twin {
  const def = kinds.get(kind)!;
  const parsed = def.params.parse(params);
  const twin = new Twin(`${kind}-1`, def, parsed, undefined, () => {});
  const actor = createActor(def.machine, { input: { id: twin.id, params: parsed } });
  actor.start();
  twin.attach(actor, undefined);
  return twin;
}

Deno.test("a running cooling site is not offered start; a stopped one is, and not stop", () => {
  const site = twinOf("cooling_site");
  assert.equal(site.mode, "running");
  const running = acceptedCommands(site);
  assert.ok(!running.includes("start"), running.join());
  assert.ok(!running.includes("exit_maintenance"));
  assert.ok(running.includes("stop"));
  assert.ok(running.includes("set_control_mode"));
  assert.ok(running.includes("inject_fault"), "fault commands go to the equipment only");

  site.send({ type: "stop" });
  assert.equal(site.mode, "stopped");
  const stopped = acceptedCommands(site);
  assert.ok(stopped.includes("start"));
  assert.ok(stopped.includes("enter_maintenance"));
  assert.ok(!stopped.includes("stop"));
});

Deno.test("a station's set_mode is accepted when some other mode is, whatever the current one", () => {
  const station = twinOf("pump_station");
  assert.ok(acceptedCommands(station).includes("set_mode"));
  station.send({ type: "set_mode", mode: "manual" });
  assert.equal(station.mode, "manual");
  assert.ok(acceptedCommands(station).includes("set_mode"));
});

Deno.test("a twin that is not running accepts nothing", () => {
  const site = twinOf("cooling_site");
  site.actor!.stop();
  site.detach();
  assert.deepEqual(acceptedCommands(site), []);
});

Deno.test("probes cover every fixed value of every enum argument, optional ones unset too", () => {
  const spec = {
    description: "",
    args: z.strictObject({
      mode: z.enum(["a", "b"]),
      fault: z.enum(["x"]).optional(),
      pct: z.number(),
    }),
  };
  assert.deepEqual(argProbes(spec), [
    { mode: "a" },
    { mode: "a", fault: "x" },
    { mode: "b" },
    { mode: "b", fault: "x" },
  ]);
});
