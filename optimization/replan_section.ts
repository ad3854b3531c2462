/**
 * The `optimization` plant-file section: pump stations re-planned
 * periodically by the runtime (optimization/station_replanner.ts).
 *
 * ```json
 * "optimization": { "stations": { "every": "1h", "solver": "pso", "epanet": false } }
 * ```
 *
 * `every` is a duration (`90s`, `15m`, `1h`, `1d`; at least a minute);
 * `twins` names the stations (default: every pump station of the plant);
 * every other field is a field of the on-demand request body
 * (`POST /api/twins/{station}/schedules`, optimization/schedule_request.ts)
 * with the same defaults, so a periodic plan and an on-demand one with the
 * same fields from the same tank level are the same plan. A periodic plan
 * always starts from the station's live tank level, and with `rolling`
 * (the default) at the hour the station fell due (`start_hour`).
 *
 * @module
 */
import { z } from "zod";
import type { PlantSection } from "../plant/plant_section.ts";
import { type ScheduleRequest, scheduleRequest } from "./schedule_request.ts";

/** Shortest period: a search takes seconds of a core. */
export const MIN_PERIOD_MS = 60_000;

/** Longest period: a week. */
export const MAX_PERIOD_MS = 7 * 86_400_000;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds of a duration such as `90s`, `15m`, `1h` or `1.5d`; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*$/.exec(text);
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({
      code: "custom",
      message:
        `"${text}" is not a duration: write a number and s, m, h or d, such as "15m" or "1h"`,
    });
    return z.NEVER;
  }
  if (ms < MIN_PERIOD_MS || ms > MAX_PERIOD_MS) {
    ctx.addIssue({
      code: "custom",
      message: `"${text}" is outside 1m to 7d: a plan takes seconds of a core to compute`,
    });
    return z.NEVER;
  }
  return ms;
});

const stationsSchema = scheduleRequest.omit({ from_live_level: true, start_hour: true }).extend({
  /**
   * Plan the 24 h from the hour the station falls due (a rolling horizon),
   * or always from midnight.
   */
  rolling: z.boolean().default(true),
  /** How often each station is re-planned, on the runtime clock. */
  every: duration,
  /** The stations re-planned; default every pump station. */
  twins: z.array(z.string().min(1)).min(1).optional(),
});

const sectionSchema = z.strictObject({ stations: stationsSchema.optional() });

/** Periodic re-planning of pump stations, validated. */
export interface StationReplanConfig {
  /** Period, ms of the runtime clock. */
  everyMs: number;
  /** Stations re-planned; undefined: every pump station. */
  twins?: string[];
  /** The request each plan is computed with (from the live tank level). */
  request: ScheduleRequest;
  /** Whether each plan starts at the hour its station fell due (else at midnight). */
  rolling: boolean;
}

/** The `optimization` section, validated. */
export interface OptimizationConfig {
  /** Periodic station re-planning, when configured. */
  stations?: StationReplanConfig;
}

/** The `optimization` section. */
export const optimizationSection: PlantSection<OptimizationConfig> = {
  key: "optimization",
  validate(raw, ctx) {
    const parsed = sectionSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.report(["optimization", ...(issue.path as (string | number)[])], issue.message);
      }
      return {};
    }
    const s = parsed.data.stations;
    if (!s) return {};
    s.twins?.forEach((id, i) => {
      const t = ctx.twins.get(id);
      const path = ["optimization", "stations", "twins", i];
      if (!t) ctx.report(path, `unknown twin "${id}"`);
      else if (t.kind !== "pump_station") {
        ctx.report(path, `twin "${id}" is a ${t.kind}; only pump stations are re-planned`);
      }
    });
    const { every, twins, rolling, ...request } = s;
    return {
      stations: {
        everyMs: every,
        ...(twins ? { twins } : {}),
        rolling,
        request: { ...request, from_live_level: true, start_hour: 0 },
      },
    };
  },
};
