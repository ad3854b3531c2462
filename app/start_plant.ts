/**
 * The composition root of a running plant: the runtime with its twins, and
 * the supervisors that watch it (calculated points, alarms, notifications).
 * The CLI, the test server and the benchmarks all start a plant through
 * here, so each runs the same whole.
 *
 * @module
 */
import { type AlarmSystem, startAlarms } from "../actors/alarms/start_alarms.ts";
import type { Plant } from "../plant/plant_file.ts";
import { Runtime, type RuntimeOptions } from "../runtime/runtime.ts";
import type { KindRegistry } from "../twins/registry.ts";

/** A plant with its supervisors. */
export interface StartedPlant {
  /** The runtime: clock, twins, commands. */
  runtime: Runtime;
  /** Calculated points, alarms and notifications. */
  alarms: AlarmSystem;
  /** Prometheus lines of the supervisors, to append to `/metrics`. */
  prometheus(): string;
  /** Stop supervisors and runtime. */
  stop(): void;
}

/**
 * Build the runtime for `plant` and start its supervisors. On real time the
 * caller starts the step loop (`runtime.start()`); on virtual time it drives
 * `runtime.runFor`.
 */
export function startPlant(
  plant: Plant,
  kinds: KindRegistry,
  opts: RuntimeOptions = {},
): StartedPlant {
  const runtime = new Runtime(plant, kinds, opts);
  const alarms = startAlarms(runtime);
  return {
    runtime,
    alarms,
    prometheus: () => alarms.prometheus(),
    stop() {
      alarms.stop();
      runtime.shutdown();
    },
  };
}
