/**
 * Fuzz of the plant loader: 1,000 seeded mutations of plants/demo.json
 * (byte flips, deleted and duplicated ranges, cuts, type swaps at random
 * JSON paths, prototype names, huge numbers and arrays, deep nesting). Each
 * must load or be refused with a PlantError whose every problem names a JSON
 * path and a line; never another exception, a crash or a hang. Loads run in
 * a worker, so a hang is caught by a time bound instead of stalling the run.
 *
 * The seed is printed; `FUZZ_SEED=<n>` repeats a run, `FUZZ_PLANTS=<n>`
 * changes its length.
 */
import assert from "node:assert/strict";
import { Dice, mutateBytes, mutateJson } from "./fuzz_mutation.ts";
import type { FuzzLoad, FuzzOutcome } from "./fuzz_plant_worker.ts";

const SEED = Number(Deno.env.get("FUZZ_SEED") ?? 20260701);
const PLANTS = Number(Deno.env.get("FUZZ_PLANTS") ?? 1_000);
/** A load slower than this is a hang (a demo-sized plant loads in tens of milliseconds). */
const HANG_MS = 15_000;

Deno.test({
  name: `fuzz: ${PLANTS} mutations of the demo plant load or are refused with a path and line`,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    console.log(`fuzz_plant seed ${SEED} (FUZZ_SEED=${SEED} repeats this run)`);
    const dice = new Dice(SEED);
    const original = await Deno.readFile(new URL("../plants/demo.json", import.meta.url));
    const doc = JSON.parse(new TextDecoder().decode(original));
    const loader = await Loader.start();
    const tally = { loaded: 0, rejected: 0 };
    const bad: string[] = [];
    let slowest = 0, total = 0;
    try {
      for (let n = 0; n < PLANTS && bad.length < 10; n++) {
        const [how, bytes] = mutation(dice, original, doc);
        const result = await loader.load({ n, bytes }, HANG_MS);
        if (result === "hang") {
          bad.push(`#${n} (${how}): no answer within ${HANG_MS} ms`);
          break;
        }
        slowest = Math.max(slowest, result.ms);
        total += result.ms;
        if (result.outcome === "crashed") {
          bad.push(`#${n} (${how}): ${result.message?.slice(0, 400)}`);
          continue;
        }
        tally[result.outcome]++;
        for (const p of result.problems ?? []) {
          if (!p.path || !(p.line! >= 1) || /a bug in the loader/.test(p.message)) {
            bad.push(`#${n} (${how}): problem without a path and line: ${JSON.stringify(p)}`);
          }
        }
      }
    } finally {
      loader.stop();
    }
    console.log(
      `fuzz_plant: ${tally.loaded} loaded, ${tally.rejected} refused; loads took ${
        (total / 1000).toFixed(1)
      } s, the slowest ${slowest.toFixed(0)} ms`,
    );
    assert.deepEqual(bad, []);
    assert.equal(tally.loaded + tally.rejected, PLANTS);
    assert.ok(tally.rejected > PLANTS / 2, "most mutations should break the plant");
  },
});

/** One mutation of the demo plant: its description and the bytes. */
function mutation(dice: Dice, original: Uint8Array, doc: unknown): [string, Uint8Array] {
  if (dice.chance(0.5)) {
    let bytes = original;
    const times = 1 + dice.int(3);
    for (let i = 0; i < times; i++) bytes = mutateBytes(dice, bytes);
    return [`${times} byte mutation(s)`, bytes];
  }
  let value = doc, text = JSON.stringify(doc, null, 2);
  const times = 1 + dice.int(3);
  for (let i = 0; i < times; i++) {
    const next = mutateJson(dice, value);
    try {
      text = JSON.stringify(next, null, 2);
      value = next;
    } catch (e) {
      // Repeated 200-fold copies of a big subtree outgrow the longest string JS can make: skip that one.
      if (!(e instanceof RangeError)) throw e;
    }
  }
  return [`${times} JSON mutation(s)`, new TextEncoder().encode(text)];
}

/** The loader worker: one load at a time, restartable after a hang. */
class Loader {
  #worker: Worker;

  private constructor(worker: Worker) {
    this.#worker = worker;
  }

  /** Start a worker and wait until it has loaded the kinds. */
  static async start(): Promise<Loader> {
    const worker = new Worker(new URL("./fuzz_plant_worker.ts", import.meta.url), {
      type: "module",
    });
    await new Promise<void>((resolve, reject) => {
      worker.onmessage = () => resolve();
      worker.onerror = (e) => reject(new Error(`loader worker failed: ${e.message}`));
    });
    return new Loader(worker);
  }

  /** Load one file; "hang" when no answer comes within `timeoutMs`. */
  load(msg: FuzzLoad, timeoutMs: number): Promise<FuzzOutcome | "hang"> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve("hang"), timeoutMs);
      this.#worker.onmessage = (e: MessageEvent<FuzzOutcome>) => {
        clearTimeout(timer);
        resolve(e.data);
      };
      this.#worker.onerror = (e) => {
        e.preventDefault();
        clearTimeout(timer);
        resolve({ n: msg.n, outcome: "crashed", message: e.message, ms: 0 });
      };
      this.#worker.postMessage(msg);
    });
  }

  /** Stop the worker. */
  stop(): void {
    this.#worker.terminate();
  }
}
