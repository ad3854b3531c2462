/**
 * A what-if study: a spec checked against its base plant and turned into
 * runs (the baseline and each variant), run on workers with progress per
 * run, cancellable, and its results compared with the baseline. The API,
 * the CLI and the bench all go through here.
 *
 * @module
 */
import type { Plant } from "../plant/plant_file.ts";
import type { KindRegistry } from "../twins/registry.ts";
import { compareKpis, type KpiRow } from "./kpis.ts";
import type { PlantSnapshot } from "./plant_snapshot.ts";
import { applyOverrides, resolveTracks } from "./overrides.ts";
import { type PoolOptions, runOnWorkers, WhatifCancelled } from "./whatif_pool.ts";
import type { RunRequest, RunResult } from "./whatif_run.ts";
import { BASELINE, type WhatifSpec } from "./whatif_spec.ts";

/** Turn a checked spec into runs over `base`; throws WhatifSpecError naming JSON paths. */
export function prepareRuns(
  spec: WhatifSpec,
  base: Plant,
  kinds: KindRegistry,
  snapshot?: PlantSnapshot,
): RunRequest[] {
  const tracks = resolveTracks(base, kinds, spec.track);
  const common = {
    durationMs: spec.durationMs,
    tariff: spec.tariff,
    tracks,
    ...(snapshot ? { snapshot } : {}),
  };
  const runs: RunRequest[] = [];
  if (spec.baseline) {
    const fork = applyOverrides(base, kinds, [], spec.seed);
    runs.push({ name: BASELINE, ...fork, ...common });
  }
  const problems = [];
  for (const v of spec.variants) {
    try {
      runs.push({ name: v.name, ...applyOverrides(base, kinds, v.layers, spec.seed), ...common });
    } catch (e) {
      if (!(e instanceof Error && "problems" in e)) throw e;
      problems.push(e);
    }
  }
  // Shared overrides fail alike in every variant: report the first variant's problems.
  if (problems.length > 0) throw problems[0];
  return runs;
}

/** Where a study is. */
export type StudyStatus = "running" | "done" | "failed" | "cancelled";

/** Results of a finished study. */
export interface StudyResults {
  /** Each run's KPIs, command outcomes and wall time. */
  runs: RunResult[];
  /** One row per run per KPI, with deltas against the baseline. */
  comparison: KpiRow[];
}

/** A study running (or run) on workers. */
export class WhatifStudy {
  /** Study id. */
  readonly id: string;
  /** The spec. */
  readonly spec: WhatifSpec;
  /** Run names in order. */
  readonly runs: readonly string[];
  /** Fraction of virtual time done per run. */
  readonly progress: number[];
  /** When it started (wall clock, epoch ms). */
  readonly createdAt = Date.now();
  /** When it ended. */
  finishedAt: number | undefined;
  /** Where it is. */
  status: StudyStatus = "running";
  /** Results once done. */
  results: StudyResults | undefined;
  /** Why it failed. */
  error: string | undefined;
  /** Settles when the study ends, whatever the outcome (never rejects). */
  readonly done: Promise<void>;
  readonly #abort = new AbortController();

  /** Start running `requests` (from {@linkcode prepareRuns}) on workers. */
  constructor(
    id: string,
    spec: WhatifSpec,
    requests: RunRequest[],
    opts: Pick<PoolOptions, "parallel" | "onProgress"> = {},
  ) {
    this.id = id;
    this.spec = spec;
    this.runs = requests.map((r) => r.name);
    this.progress = requests.map(() => 0);
    this.done = runOnWorkers(requests, {
      parallel: opts.parallel ?? spec.parallel,
      signal: this.#abort.signal,
      onProgress: (i, f) => {
        this.progress[i] = f;
        opts.onProgress?.(i, f);
      },
    }).then(
      (runs) => {
        const base = runs.find((r) => r.name === BASELINE);
        this.results = { runs, comparison: compareKpis(runs, base?.kpis) };
        this.status = "done";
      },
      (e: Error) => {
        this.status = e instanceof WhatifCancelled ? "cancelled" : "failed";
        if (!(e instanceof WhatifCancelled)) this.error = e.message;
      },
    ).finally(() => {
      this.finishedAt = Date.now();
    });
  }

  /** Fraction of the whole study done (mean over runs). */
  get fraction(): number {
    return this.progress.reduce((a, b) => a + b, 0) / Math.max(1, this.progress.length);
  }

  /** Stop every run still going; a finished study is left as it is. */
  cancel(): void {
    this.#abort.abort();
  }
}
