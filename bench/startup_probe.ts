/**
 * Child process of the start-up benchmark: builds the demo plant scaled to
 * N twins (bench/scaled_demo.ts), validates it, starts the runtime with its
 * calculated points and alarms (`startPlant`, as the CLI does), runs one
 * step, and prints one JSON line: the time of each phase, the share of the
 * runtime's time spent constructing simulators (by kind), the resident set
 * size, and the resident set and V8 heap in use after each phase (where the
 * memory goes).
 *
 *   deno run --allow-read --allow-env bench/startup_probe.ts 100000
 *
 * @module
 */
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { validatePlant } from "../plant/plant_file.ts";
import type { KindDefinition } from "../twins/kind.ts";
import { type KindRegistry, loadKinds } from "../twins/registry.ts";
import { scaledDemo } from "./scaled_demo.ts";

/** What one probe reports. */
export interface StartupFigures {
  /** Twins built. */
  twins: number;
  /** Alarms running. */
  alarms: number;
  /** Calculated points running. */
  calculated: number;
  /** Validating the plant (expansion, sections), s. */
  loadS: number;
  /** Runtime, calculated points and alarms, s. */
  startS: number;
  /** Of `startS`: constructing simulators, by kind, s. */
  simulatorsS: Record<string, number>;
  /** The first step, s. */
  firstStepS: number;
  /** Validation, start and first step, s. */
  totalS: number;
  /** Resident set size after the first step, bytes. */
  rss: number;
  /** Resident set size after validation, after start and after the first step, MiB. */
  rssMb: { load: number; start: number; firstStep: number };
  /** V8 heap in use after validation, after start and after the first step, MiB. */
  heapMb: { load: number; start: number; firstStep: number };
}

/** Resident set and V8 heap in use now, MiB. */
function memoryMb(): { rss: number; heap: number } {
  const m = Deno.memoryUsage();
  return { rss: Math.round(m.rss / 2 ** 20), heap: Math.round(m.heapUsed / 2 ** 20) };
}

/** The kinds of `kinds` with their simulator factories timed into `times`. */
function timedKinds(kinds: KindRegistry, times: Record<string, number>): KindRegistry {
  const out = new Map<string, KindDefinition<unknown>>();
  for (const [name, def] of kinds) {
    const make = def.simulator;
    if (!make) {
      out.set(name, def);
      continue;
    }
    times[name] = 0;
    out.set(name, {
      ...def,
      simulator(ctx) {
        const t0 = performance.now();
        try {
          return make(ctx);
        } finally {
          times[name] += (performance.now() - t0) / 1000;
        }
      },
    });
  }
  return out;
}

/** Start the demo plant scaled to about `n` twins and measure it. */
export async function probeStartup(n: number): Promise<StartupFigures> {
  const simulatorsS: Record<string, number> = {};
  const kinds = timedKinds(await loadKinds(), simulatorsS);
  const demo = JSON.parse(
    await Deno.readTextFile(new URL("../plants/demo.json", import.meta.url)),
  );
  const doc = scaledDemo(demo, n);
  const t0 = performance.now();
  const plant = validatePlant(doc, kinds, PLANT_SECTIONS, "<scaled demo>");
  const t1 = performance.now();
  const loaded = memoryMb();
  const started = startPlant(plant, kinds, { virtual: true });
  const t2 = performance.now();
  const begun = memoryMb();
  started.runtime.runFor(plant.stepS * 1000);
  const t3 = performance.now();
  const stepped = memoryMb();
  const figures: StartupFigures = {
    twins: started.runtime.twins.size,
    alarms: started.alarms.engine.size,
    calculated: started.alarms.calculated.size,
    loadS: (t1 - t0) / 1000,
    startS: (t2 - t1) / 1000,
    simulatorsS,
    firstStepS: (t3 - t2) / 1000,
    totalS: (t3 - t0) / 1000,
    rss: Deno.memoryUsage().rss,
    rssMb: { load: loaded.rss, start: begun.rss, firstStep: stepped.rss },
    heapMb: { load: loaded.heap, start: begun.heap, firstStep: stepped.heap },
  };
  started.stop();
  return figures;
}

if (import.meta.main) {
  console.log(JSON.stringify(await probeStartup(Number(Deno.args[0] ?? "10000"))));
}
