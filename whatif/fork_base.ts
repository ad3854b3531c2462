/**
 * The plant a what-if study forks: a plant file, or the running plant as it
 * is now: its definition with every twin's current params (those changed
 * through the API included), its virtual clock starting at the running
 * plant's present time so daily cycles (ambient, demand, tariff) line up.
 * With `from: "now"` the running plant's state comes along too, as a
 * snapshot (plant_snapshot.ts) each run restores before its first step.
 *
 * @module
 */
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { loadPlantFile, type Plant, PlantError, type TwinConfig } from "../plant/plant_file.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { KindRegistry } from "../twins/registry.ts";
import type { PlantSnapshot } from "./plant_snapshot.ts";
import { type WhatifSpec, WhatifSpecError } from "./whatif_spec.ts";

/**
 * The running plant's definition now: current params, the clock's present
 * time (or `atMs`, a snapshot's step) as start.
 */
export function forkRunning(runtime: Runtime, atMs?: number): Plant {
  const twins: TwinConfig[] = [];
  for (const id of runtime.twins.keys()) {
    const config = runtime.config(id);
    if (config) twins.push(config);
  }
  const stepMs = runtime.stepMs;
  return {
    ...runtime.plant,
    twins: structuredClone(twins),
    startMs: atMs ?? Math.floor(runtime.clock.now() / stepMs) * stepMs,
  };
}

/** Where {@linkcode loadBase} may look. */
export interface BaseOptions {
  /** The running plant, for `base: "running"`. */
  running?: Runtime;
  /** The running plant's snapshot, for `from: "now"`: the fork starts at its step. */
  snapshot?: PlantSnapshot;
  /** When given, plant files must lie under one of these directories. */
  roots?: readonly string[];
}

/** Load the plant a spec names; problems are WhatifSpecErrors at `base`. */
export async function loadBase(
  spec: WhatifSpec,
  kinds: KindRegistry,
  opts: BaseOptions = {},
): Promise<Plant> {
  if (spec.base === "running") {
    if (!opts.running) {
      throw new WhatifSpecError([{
        path: "base",
        message: "no plant is running here; name a plant file",
      }]);
    }
    return forkRunning(opts.running, opts.snapshot?.atMs);
  }
  const path = spec.base.plant;
  if (opts.roots) {
    const real = await Deno.realPath(path).catch(() => undefined);
    if (!real) {
      throw new WhatifSpecError([{ path: "base.plant", message: `no plant file "${path}"` }]);
    }
    if (!opts.roots.some((r) => real.startsWith(r.endsWith("/") ? r : `${r}/`))) {
      throw new WhatifSpecError([{
        path: "base.plant",
        message: `"${path}" is outside the plant folders this server reads (${
          opts.roots.join(", ")
        })`,
      }]);
    }
  }
  try {
    return await loadPlantFile(path, kinds, PLANT_SECTIONS);
  } catch (e) {
    if (!(e instanceof PlantError)) throw e;
    throw new WhatifSpecError([{ path: "base.plant", message: e.message }]);
  }
}
