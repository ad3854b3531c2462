/**
 * The what-if spec: which plant to fork, for how long, at what tariff, and
 * the named override sets (variants) to run beside an untouched baseline.
 * This module checks the shape (zod) and durations; whether the twins,
 * params, points and commands it names exist is checked against the plant
 * in `overrides.ts`. Every problem names its JSON path. Documented in
 * docs/whatif.md.
 *
 * @module
 */
import { z } from "zod";
import { formatPath } from "../plant/json_locator.ts";
import { AMBIENT_PROFILE_NAMES } from "./ambient_profiles.ts";
import { parseDuration } from "./duration.ts";

/** Most variants one spec may hold (a sweep); each runs a whole plant. */
export const MAX_VARIANTS = 256;

/** Longest virtual time a run may cover. */
export const MAX_DURATION_MS = 366 * 86_400_000;

const duration = z.string().min(1);
const glob = z.string().min(1).max(200);
const variantName = z.string().regex(
  /^[A-Za-z0-9][A-Za-z0-9_. -]{0,63}$/,
  "a name of letters, digits, '_', '.', '-', ' ' (at most 64)",
);

/** Change params of the twins a selector picks (deep merge into their current params). */
const paramsOverride = z.strictObject({
  twin: glob.optional(),
  kind: z.string().min(1).optional(),
  set: z.record(z.string(), z.unknown()),
});

/** Scale or replace the demand of pump stations. */
const demandOverride = z.strictObject({
  twin: glob.optional(),
  scale: z.number().positive().max(100).optional(),
  base_lps: z.number().min(0).optional(),
  pattern: z.array(z.number().min(0)).min(1).max(10_000).optional(),
  pattern_step_s: z.number().positive().optional(),
  /** 24 demand multipliers, one per hour of the day (a pattern with 3600 s steps). */
  hourly: z.array(z.number().min(0).max(100)).length(24).optional(),
}).refine((d) => !(d.hourly && (d.pattern || d.pattern_step_s)), {
  message: 'give "hourly" or "pattern" (with "pattern_step_s"), not both',
  path: ["hourly"],
});

/** Shift or reshape the daily ambient temperature of cooling sites. */
const ambientOverride = z.strictObject({
  twin: glob.optional(),
  offset_c: z.number().min(-60).max(60).optional(),
  mean_c: z.number().optional(),
  amplitude_c: z.number().optional(),
  peak_hour: z.number().optional(),
  noise_c: z.number().optional(),
  /** 24 hourly temperatures, degC (00:00 to 23:00, interpolated), or a profile's name. */
  profile: z.union([
    z.array(z.number().min(-60).max(70)).length(24),
    z.enum(AMBIENT_PROFILE_NAMES),
  ]).optional(),
}).refine(
  (a) =>
    a.profile === undefined ||
    (a.mean_c === undefined && a.amplitude_c === undefined && a.peak_hour === undefined),
  {
    message: 'a profile replaces the daily cycle: give "profile" or "mean_c", "amplitude_c", ' +
      '"peak_hour", not both',
    path: ["profile"],
  },
);

/** Control setpoints by their meaning; each applies to the kinds that have it. */
const setpointsOverride = z.strictObject({
  twin: glob.optional(),
  supply_c: z.number().optional(),
  fan_min_pct: z.number().optional(),
  pump_pct: z.number().optional(),
  control_mode: z.enum(["auto", "manual"]).optional(),
  spm: z.number().optional(),
  level_bands: z.record(
    z.string(),
    z.strictObject({ start_below_m: z.number(), stop_above_m: z.number() }),
  ).optional(),
});

/** A command sent at a virtual-time offset from the start (a fault, a stop, a speed). */
const eventOverride = z.strictObject({
  at: duration,
  twin: glob,
  command: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
});

/** One set of overrides. */
export const overridesSchema = z.strictObject({
  params: z.array(paramsOverride).max(1000).default([]),
  demand: demandOverride.optional(),
  ambient: ambientOverride.optional(),
  setpoints: z.array(setpointsOverride).max(1000).default([]),
  events: z.array(eventOverride).max(10_000).default([]),
});

/** A point whose min, max and mean every run reports. */
const trackSchema = z.strictObject({ twin: glob, point: z.string().min(1) });

const tariffSchema = z.strictObject({
  /** Price per kWh at every hour. */
  price_per_kwh: z.number().min(0).optional(),
  /** 24 prices per kWh, one per hour of the day (time of use). */
  hourly: z.array(z.number().min(0)).length(24).optional(),
  currency: z.string().max(8).default(""),
}).refine((t) => !(t.price_per_kwh !== undefined && t.hourly !== undefined), {
  message: 'give "price_per_kwh" or "hourly", not both',
});

const baseSchema = z.union([
  z.literal("running"),
  z.strictObject({ plant: z.string().min(1) }),
]);

/** The spec's schema (shape only). */
export const whatifSchema = z.strictObject({
  name: z.string().max(200).default("what-if"),
  base: baseSchema.default("running"),
  from: z.enum(["initial", "now"]).default("initial"),
  duration: duration.default("24h"),
  seed: z.int().optional(),
  tariff: tariffSchema.prefault({}),
  track: z.array(trackSchema).max(100).default([]),
  overrides: overridesSchema.optional(),
  variants: z.array(z.strictObject({ name: variantName, overrides: overridesSchema.prefault({}) }))
    .max(MAX_VARIANTS).optional(),
  baseline: z.boolean().default(true),
  parallel: z.int().min(1).max(64).optional(),
});

/** One set of overrides, as validated. */
export type Overrides = z.output<typeof overridesSchema>;

/** A tracked point. */
export type Track = z.output<typeof trackSchema>;

/** The tariff. */
export type Tariff = z.output<typeof tariffSchema>;

/** A what-if spec with defaults applied and durations in ms. */
export interface WhatifSpec {
  /** Title of the study. */
  name: string;
  /** The plant forked: a plant file, or the running plant. */
  base: "running" | { plant: string };
  /**
   * Where runs start: `initial`, the plant's initial conditions; `now`, the
   * running plant's state at its latest step (base `running` only).
   */
  from: "initial" | "now";
  /** Virtual time each run covers, ms. */
  durationMs: number;
  /** Seed over the plant's, when given. */
  seed?: number;
  /** Energy prices. */
  tariff: Tariff;
  /** Extra points to report (min, max, mean). */
  track: Track[];
  /** Variants, each with its layers of overrides (shared `overrides` first). */
  variants: Variant[];
  /** Whether the untouched baseline runs too (deltas need it). */
  baseline: boolean;
  /** Most runs at once; default the core count. */
  parallel?: number;
}

/** Overrides and the JSON path they were written at (for messages). */
export interface OverrideLayer {
  /** JSON path of the overrides object, for example `variants[2].overrides`. */
  path: string;
  /** The overrides. */
  overrides: Overrides;
}

/** A named variant: its override layers, applied in order. */
export interface Variant {
  /** Name, unique in the spec. */
  name: string;
  /** Layers applied in order. */
  layers: OverrideLayer[];
}

/** One problem of a spec: where and what. */
export interface SpecProblem {
  /** JSON path, for example `variants[1].overrides.events[0].at`. */
  path: string;
  /** What is wrong. */
  message: string;
}

/** A spec refused; `problems` name each JSON path. */
export class WhatifSpecError extends Error {
  /** Every problem found. */
  readonly problems: SpecProblem[];

  /** Build from problems (at least one). */
  constructor(problems: SpecProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join("; "));
    this.name = "WhatifSpecError";
    this.problems = problems;
  }
}

/** Name of the run without overrides. */
export const BASELINE = "baseline";

/**
 * Check a spec's shape and durations; throws {@linkcode WhatifSpecError}.
 * Without `variants`, the top-level `overrides` make one variant `whatif`;
 * with them, `overrides` are shared by every variant (applied first).
 */
export function parseWhatifSpec(raw: unknown): WhatifSpec {
  const parsed = whatifSchema.safeParse(raw);
  if (!parsed.success) {
    throw new WhatifSpecError(
      parsed.error.issues.map((i) => ({
        path: formatPath(i.path as (string | number)[]),
        message: i.message,
      })),
    );
  }
  const s = parsed.data;
  const problems: SpecProblem[] = [];
  const ms = (text: string, path: (string | number)[]): number => {
    try {
      return parseDuration(text);
    } catch (e) {
      problems.push({ path: formatPath(path), message: (e as Error).message });
      return NaN;
    }
  };
  const durationMs = ms(s.duration, ["duration"]);
  if (s.from === "now" && s.base !== "running") {
    problems.push({
      path: "from",
      message: '"now" forks the running plant\'s state; it needs base "running", not a plant file',
    });
  }
  if (durationMs <= 0 || durationMs > MAX_DURATION_MS) {
    problems.push({ path: "duration", message: "must be above 0 and at most 366d" });
  }
  const shared: OverrideLayer[] = s.overrides
    ? [{ path: "overrides", overrides: s.overrides }]
    : [];
  const variants: Variant[] = s.variants
    ? s.variants.map((v, i) => ({
      name: v.name,
      layers: [...shared, { path: `variants[${i}].overrides`, overrides: v.overrides }],
    }))
    : s.overrides
    ? [{ name: "whatif", layers: shared }]
    : [];
  const seen = new Set<string>([BASELINE]);
  s.variants?.forEach((v, i) => {
    if (seen.has(v.name)) {
      problems.push({
        path: `variants[${i}].name`,
        message: v.name === BASELINE
          ? `"${BASELINE}" is the run without overrides; pick another name`
          : `duplicate variant name "${v.name}"`,
      });
    }
    seen.add(v.name);
  });
  if (variants.length === 0 && !s.baseline) {
    problems.push({ path: "variants", message: "nothing to run: no variants and no baseline" });
  }
  // Event offsets, per where they were written.
  const eventsAt = (o: Overrides | undefined, prefix: (string | number)[]) =>
    o?.events.forEach((e, k) => {
      const at = ms(e.at, [...prefix, "events", k, "at"]);
      if (at > durationMs) {
        problems.push({
          path: formatPath([...prefix, "events", k, "at"]),
          message: `${e.at} is after the end of the run (${s.duration})`,
        });
      }
    });
  eventsAt(s.overrides, ["overrides"]);
  s.variants?.forEach((v, i) => eventsAt(v.overrides, ["variants", i, "overrides"]));
  if (problems.length > 0) throw new WhatifSpecError(problems);
  return {
    name: s.name,
    base: s.base,
    from: s.from,
    durationMs,
    seed: s.seed,
    tariff: s.tariff,
    track: s.track,
    variants,
    baseline: s.baseline,
    parallel: s.parallel,
  };
}
