/**
 * The root actor of a plant: every twin actor is its child, so all twins live
 * in one XState actor system, reachable by their stable ids through
 * `system.get(id)`, and share the runtime's clock.
 *
 * @module
 */
import { type AnyActorLogic, type AnyActorRef, createActor, enqueueActions, setup } from "xstate";
import type { Clock } from "../runtime/clock.ts";

/** Events the plant actor handles. */
export type PlantSystemEvent =
  | { type: "twins.spawn"; twins: { id: string; logic: AnyActorLogic; input: unknown }[] }
  | { type: "twins.stop"; ids: string[] };

const plantMachine = setup({
  types: { events: {} as PlantSystemEvent },
}).createMachine({
  id: "plant",
  on: {
    "twins.spawn": {
      actions: enqueueActions(({ enqueue, event }) => {
        // XState's types forbid an `id` with inline logic; the runtime allows
        // it, and stable ids are the point of this system.
        const spawn = enqueue.spawnChild as unknown as (
          logic: AnyActorLogic,
          options: { id: string; systemId: string; input: unknown },
        ) => void;
        for (const t of event.twins) spawn(t.logic, { id: t.id, systemId: t.id, input: t.input });
      }),
    },
    "twins.stop": {
      actions: enqueueActions(({ enqueue, event }) => {
        for (const id of event.ids) enqueue.stopChild(id);
      }),
    },
  },
});

/** Owns the root actor and spawns and stops twin actors under it. */
export class PlantSystem {
  readonly #root;

  /** Start the root actor on `clock`. */
  constructor(clock: Clock) {
    this.#root = createActor(plantMachine, { clock }).start();
  }

  /** Spawn twin actors in one batch; returns their refs by id. */
  spawn(twins: { id: string; logic: AnyActorLogic; input: unknown }[]): Map<string, AnyActorRef> {
    this.#root.send({ type: "twins.spawn", twins });
    const children = this.#root.getSnapshot().children as Record<string, AnyActorRef>;
    const refs = new Map<string, AnyActorRef>();
    for (const t of twins) {
      const ref = children[t.id];
      if (!ref) throw new Error(`twin actor "${t.id}" did not start`);
      refs.set(t.id, ref);
    }
    return refs;
  }

  /** Stop twin actors. */
  stop(ids: string[]): void {
    this.#root.send({ type: "twins.stop", ids });
  }

  /** Look a twin actor up by id through the actor system. */
  get(id: string): AnyActorRef | undefined {
    return this.#root.system.get(id);
  }

  /** Stop the root actor and with it every twin. */
  shutdown(): void {
    this.#root.stop();
  }
}
