/**
 * The studies a server holds: started from API requests, listed, polled,
 * cancelled, and forgotten oldest first once more than a few are kept.
 * One registry per web app (no process-wide state).
 *
 * @module
 */
import type { Plant } from "../plant/plant_file.ts";
import type { KindRegistry } from "../twins/registry.ts";
import { formatDuration } from "./duration.ts";
import type { PlantSnapshot } from "./plant_snapshot.ts";
import { prepareRuns, WhatifStudy } from "./whatif_study.ts";
import type { WhatifSpec } from "./whatif_spec.ts";

/** Options for {@linkcode WhatifJobs}. */
export interface JobOptions {
  /** Finished studies kept (oldest forgotten first); default 50. */
  keep?: number;
  /** Studies running at once; default 2 (each already uses every core). */
  maxRunning?: number;
}

/** Too many studies are running; try later. */
export class JobsBusy extends Error {}

/** A study as the API shows it. */
export interface StudyView {
  id: string;
  name: string;
  status: string;
  base: WhatifSpec["base"];
  from: WhatifSpec["from"];
  duration: string;
  duration_ms: number;
  created_at: string;
  finished_at: string | null;
  progress: number;
  runs: { name: string; progress: number }[];
  error?: string;
  results?: WhatifStudy["results"];
}

/** The studies of one server. */
export class WhatifJobs {
  readonly #studies = new Map<string, WhatifStudy>();
  readonly #keep: number;
  readonly #maxRunning: number;

  /** Start empty. */
  constructor(opts: JobOptions = {}) {
    this.#keep = opts.keep ?? 50;
    this.#maxRunning = opts.maxRunning ?? 2;
  }

  /** Check and start a study over `base`; throws WhatifSpecError or JobsBusy. */
  start(spec: WhatifSpec, base: Plant, kinds: KindRegistry, snapshot?: PlantSnapshot): WhatifStudy {
    const requests = prepareRuns(spec, base, kinds, snapshot);
    const running = [...this.#studies.values()].filter((s) => s.status === "running").length;
    if (running >= this.#maxRunning) {
      throw new JobsBusy(`${running} what-if studies are running; cancel one or wait`);
    }
    // A server shares its cores with the live plant: never more workers than cores.
    const cores = navigator.hardwareConcurrency;
    const study = new WhatifStudy(crypto.randomUUID(), spec, requests, {
      parallel: Math.min(spec.parallel ?? cores, cores),
    });
    this.#studies.set(study.id, study);
    this.#forgetOld();
    return study;
  }

  /** A study by id. */
  get(id: string): WhatifStudy | undefined {
    return this.#studies.get(id);
  }

  /** Every study, newest first. */
  list(): WhatifStudy[] {
    return [...this.#studies.values()].reverse();
  }

  /** Forget a study (cancelled first if running). */
  remove(id: string): boolean {
    this.#studies.get(id)?.cancel();
    return this.#studies.delete(id);
  }

  /** Cancel every running study (server shutdown). */
  close(): void {
    for (const s of this.#studies.values()) s.cancel();
  }

  #forgetOld(): void {
    const finished = [...this.#studies.values()].filter((s) => s.status !== "running");
    for (const s of finished.slice(0, Math.max(0, finished.length - this.#keep))) {
      this.#studies.delete(s.id);
    }
  }
}

/** The API's view of a study; results only when asked for and done. */
export function studyView(s: WhatifStudy, withResults: boolean): StudyView {
  return {
    id: s.id,
    name: s.spec.name,
    status: s.status,
    base: s.spec.base,
    from: s.spec.from,
    duration: formatDuration(s.spec.durationMs),
    duration_ms: s.spec.durationMs,
    created_at: new Date(s.createdAt).toISOString(),
    finished_at: s.finishedAt === undefined ? null : new Date(s.finishedAt).toISOString(),
    progress: Number(s.fraction.toFixed(4)),
    runs: s.runs.map((name, i) => ({ name, progress: Number(s.progress[i].toFixed(4)) })),
    ...(s.error ? { error: s.error } : {}),
    ...(withResults && s.results ? { results: s.results } : {}),
  };
}
