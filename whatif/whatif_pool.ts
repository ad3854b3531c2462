/**
 * Runs what-if requests on Deno workers, at most `parallel` at once (default
 * the core count), each worker with read access to the source tree only and
 * taking the next request when it finishes one. A run reports progress as
 * it goes; cancelling terminates the workers, which stops a run mid-step (a
 * run is CPU-bound and never yields).
 *
 * @module
 */
import type { AlarmsConfig } from "../actors/alarms/alarm_definition.ts";
import { cloneableAlarms } from "../actors/alarms/alarm_section.ts";
import type { RunRequest, RunResult } from "./whatif_run.ts";
import type { WorkerMessage } from "./whatif_worker.ts";

/** Options for {@linkcode runOnWorkers}. */
export interface PoolOptions {
  /** Most workers at once; default `navigator.hardwareConcurrency`. */
  parallel?: number;
  /** Hears each run's progress (0..1) by index. */
  onProgress?(index: number, fraction: number): void;
  /** Hears each run's end by index. */
  onDone?(index: number, result: RunResult): void;
  /** Abort to cancel every run still going. */
  signal?: AbortSignal;
}

/** A run cancelled before it finished. */
export class WhatifCancelled extends Error {
  /** Build with the default message. */
  constructor() {
    super("what-if cancelled");
    this.name = "WhatifCancelled";
  }
}

const WORKER_URL = new URL("./whatif_worker.ts", import.meta.url);
const SOURCE_ROOT = new URL("../", import.meta.url);

/** Whether this Deno lets workers have their own permissions (`--unstable-worker-options`). */
let narrowed: boolean | undefined;

function spawn(): Worker {
  if (narrowed !== false) {
    try {
      // `deno.permissions` is typed only under the unstable lib; the shape is Deno's.
      const w = new Worker(WORKER_URL, {
        type: "module",
        deno: {
          permissions: {
            read: [SOURCE_ROOT],
            write: false,
            net: false,
            env: false,
            run: false,
            ffi: false,
            sys: false,
            import: false,
          },
        },
      } as WorkerOptions);
      narrowed = true;
      return w;
    } catch (e) {
      if (!/unstable-worker-options/.test((e as Error).message)) throw e;
      // Without the flag a worker inherits the parent's permissions; the run
      // itself touches nothing outside memory either way.
      narrowed = false;
    }
  }
  return new Worker(WORKER_URL, { type: "module" });
}

/**
 * Run every request on workers; resolves with the results in request order,
 * rejects with the first run's error, or with {@linkcode WhatifCancelled}.
 */
export function runOnWorkers(
  requests: readonly RunRequest[],
  opts: PoolOptions = {},
): Promise<RunResult[]> {
  const limit = Math.max(1, opts.parallel ?? navigator.hardwareConcurrency ?? 1);
  const results = new Array<RunResult>(requests.length);
  const live = new Set<Worker>();
  let next = 0;
  let finished = 0;
  let settled = false;
  return new Promise((resolve, reject) => {
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      for (const w of live) w.terminate();
      live.clear();
      opts.signal?.removeEventListener("abort", onAbort);
      reject(e);
    };
    const onAbort = () => fail(new WhatifCancelled());
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener("abort", onAbort);
    // A worker runs one request after another: its start-up (loading the
    // modules) and its warm-up (the JIT) are paid once per worker, not per run.
    const feed = (w: Worker) => {
      if (settled) return;
      if (next >= requests.length) {
        w.terminate();
        live.delete(w);
        return;
      }
      const index = next++;
      w.onmessage = (e: MessageEvent<WorkerMessage>) => {
        const m = e.data;
        if (m.type === "progress") opts.onProgress?.(index, m.fraction);
        else if (m.type === "error") fail(new Error(`run "${requests[index].name}": ${m.message}`));
        else {
          results[index] = m.result;
          opts.onDone?.(index, m.result);
          if (++finished === requests.length) {
            settled = true;
            for (const x of live) x.terminate();
            live.clear();
            opts.signal?.removeEventListener("abort", onAbort);
            resolve(results);
          } else feed(w);
        }
      };
      w.onerror = (e) => {
        e.preventDefault();
        fail(new Error(`run "${requests[index].name}": ${e.message}`));
      };
      w.postMessage(cloneable(requests[index]));
    };
    const launch = () => {
      const workers = Math.min(limit, requests.length);
      for (let k = 0; k < workers; k++) {
        const w = spawn();
        live.add(w);
        feed(w);
      }
    };
    if (requests.length === 0) {
      settled = true;
      return resolve([]);
    }
    launch();
  });
}

/** `req` as a message can carry it: alarm specs with every field their own (see cloneableAlarms). */
function cloneable(req: RunRequest): RunRequest {
  const alarms = req.plant.sections.alarms as AlarmsConfig | undefined;
  if (alarms === undefined) return req;
  const sections = { ...req.plant.sections, alarms: cloneableAlarms(alarms) };
  return { ...req, plant: { ...req.plant, sections } };
}
