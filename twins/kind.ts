/**
 * What an asset kind is: its parameters, points, operating modes, commands,
 * XState machine and, optionally, the simulator that feeds it. A kind lives
 * in its own folder under `twins/` with a `kind.ts` exporting `kind`; the
 * registry finds it there, so adding a kind means adding files.
 *
 * @module
 */
import type { z } from "zod";
import type { AnyStateMachine } from "xstate";
import type { PointSpec } from "./point.ts";
import type { DeclaredPoints } from "../simulators/rtu/register_image.ts";
import type { PointValues, Simulator } from "../simulators/simulator.ts";

/** A command a twin of this kind accepts. */
export interface CommandSpec {
  /** One-line meaning, shown in the UI and docs. */
  description: string;
  /** Schema of the command's `args` object. */
  args: z.ZodType<Record<string, unknown>>;
  /**
   * Whether the twin's machine must accept the command (as an event of the
   * same type) before it goes to the source. False for commands that only
   * touch the equipment, such as fault injection. Default true.
   */
  machine?: boolean;
}

/** A twin created by another twin, such as the pumps of a station. */
export interface ChildTwin {
  /** Stable id of the child twin. */
  id: string;
  /** Its kind. */
  kind: string;
  /** Its parameters, already validated. */
  params: unknown;
}

/** What a kind's simulator factory is given. */
export interface SimulatorContext<P> {
  /** Id of the twin the simulator is built for. */
  id: string;
  /** The twin's validated parameters. */
  params: P;
  /** Seed for this twin's random streams (derived from the plant seed). */
  seed: number;
  /** Child twins of this twin, which the simulator must feed too. */
  children: readonly ChildTwin[];
  /** Live values of another twin, for simulators that mirror peers (an RTU). */
  lookup(id: string): Readonly<PointValues> | undefined;
  /** Points another twin declares: its kind's and those the plant adds (calculated). */
  declared(id: string): DeclaredPoints | undefined;
  /**
   * A store the simulators of this kind share within one runtime (for
   * results that depend only on their inputs, such as solved well cards);
   * absent outside a runtime.
   */
  memo?: Map<string, unknown>;
}

/**
 * What the simulators of one kind share in a runtime, kept in its `memo`
 * under `key` and made by `make` on first use; without a memo (a simulator
 * built outside a runtime) `make` gives each simulator its own.
 */
export function sharedInMemo<T>(
  memo: Map<string, unknown> | undefined,
  key: string,
  make: () => T,
): T {
  if (!memo) return make();
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}

/** Everything the runtime needs to know about one asset kind. */
export interface KindDefinition<P = unknown> {
  /** Kind name as used in plant files, for example `pump`. */
  readonly kind: string;
  /** One-line description for docs and the UI. */
  readonly description: string;
  /** Schema of `params` in the plant file, with defaults applied. */
  readonly params: z.ZodType<P>;
  /** Points a twin of this kind exposes. */
  readonly points: Readonly<Record<string, PointSpec>>;
  /** Top-level machine states and what each means. */
  readonly modes: Readonly<Record<string, string>>;
  /** Commands it accepts, by command type. */
  readonly commands: Readonly<Record<string, CommandSpec>>;
  /** The twin's XState machine; its input is `{ id, params }`. */
  readonly machine: AnyStateMachine;
  /**
   * Reduce a source sample to a discrete observation (for a pump:
   * `running`, `stopped`, `tripped`). When it changes the machine gets
   * `{ type: "observed", state }`; nothing is sent otherwise, which keeps
   * XState off the per-sample hot path.
   */
  observe(values: Readonly<PointValues>, params: P): string;
  /** Twins this twin owns and whose lifetime follows its own. */
  children?(id: string, params: P): ChildTwin[];
  /** Ids of other twins the params refer to; the plant loader checks they exist. */
  references?(params: P): string[];
  /** Build the simulator that feeds this twin (and its children). */
  simulator?(ctx: SimulatorContext<P>): Simulator;
  /** Step this kind's simulators after all others, because they read peers. */
  readonly readsPeers?: boolean;
}

/** Input every twin machine receives. */
export interface TwinInput<P = unknown> {
  /** The twin's id. */
  id: string;
  /** The twin's validated parameters. */
  params: P;
}
