/**
 * The contract every physics simulator meets, so the runtime can step any of
 * them without knowing the asset kind. Simulators are plain TypeScript: no
 * actors, no timers, no wall clock, no Math.random; all time comes in through
 * `step` and all randomness from a seeded generator, which makes a run
 * repeatable for a given seed.
 *
 * @module
 */

/** Point values by point name, as a source reports them. */
export type PointValues = Record<string, number | boolean | string>;

/** An actuation a simulator is asked to perform: a command type and its arguments. */
export interface Actuation {
  /** Command name, for example `start`, `set_speed`, `inject_fault`. */
  readonly type: string;
  /** Command arguments, already validated against the kind's schema. */
  readonly args: Readonly<Record<string, unknown>>;
}

/** A deterministic physics model feeding one or more twins. */
export interface Simulator {
  /** Ids of the twins this simulator feeds, in a stable order. */
  readonly feeds: readonly string[];
  /**
   * Advance the model by `dtS` seconds; `tS` is the time at the *end* of
   * this step in seconds since UTC midnight of the day the run started (for
   * daily cycles and demand patterns; it keeps growing past 86,400).
   */
  step(dtS: number, tS: number): void;
  /** Copy the current outputs for twin `id` into `out` (no allocation needed). */
  read(id: string, out: PointValues): void;
  /**
   * Perform an actuation on twin `id`'s equipment. Returns undefined when
   * done, or a sentence saying why it could not be done.
   */
  actuate(id: string, action: Actuation): string | undefined;
  /**
   * Rich data that is not a scalar point, for example a well's dynamometer
   * card or an RTU's register map; shown on the twin's detail page.
   */
  inspect?(id: string): Record<string, unknown> | undefined;
  /**
   * The Modbus-style register image twin `id`'s equipment exposes (an
   * RTU's), for serving it as a slave; empty before the first scan.
   */
  registerImage?(id: string): Uint16Array | undefined;
  /**
   * The model's state as plain structured-cloneable data, enough for a
   * simulator built from the same params to continue bit for bit (a what-if
   * fork of a running plant). Absent when the model cannot be snapshotted.
   */
  snapshot?(): SimulatorState;
  /**
   * Continue from {@linkcode Simulator.snapshot} of a simulator of the same
   * kind and twin. A setting that comes from the params (a setpoint) keeps
   * the running value unless this simulator's params set it differently
   * from the snapshot's (an override wins). Throws a sentence when the
   * state does not fit (another configuration shape).
   */
  restore?(state: SimulatorState): void;
}

/** A simulator's state: plain data tagged with the kind of model that wrote it. */
export interface SimulatorState {
  /** Which model wrote it (`cooling_site`, `pump`, ...); restore refuses another. */
  model: string;
  /** The model's own data. */
  [field: string]: unknown;
}

/** Refuse a state written by another model. */
export function checkModel(state: SimulatorState, model: string): void {
  if (state?.model !== model) {
    throw new Error(`state of a "${state?.model}" simulator given to a "${model}" simulator`);
  }
}
