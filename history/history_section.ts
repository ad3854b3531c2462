/**
 * The `history` plant-file section: how the points are recorded (deadband,
 * heartbeat, least interval; see {@linkcode RecordingPolicy}) for every
 * point, per kind and per point, and how long history is kept. Kinds,
 * twins and points are checked at load, so a typo is a load error with its
 * line, not a policy that silently applies to nothing.
 *
 * @module
 */
import { z } from "zod";
import { declaredCalculated } from "../actors/rules/calculated_section.ts";
import type { TwinConfig } from "../plant/plant_file.ts";
import type { PlantSection } from "../plant/plant_section.ts";
import type { HistoryConfig, PolicyEntry } from "./recording_policy.ts";

type Path = (string | number)[];

/** A year in seconds: the longest heartbeat or least interval taken. */
const YEAR_S = 365 * 86_400;

const policyFields = {
  deadband: z.number().min(0, "a deadband is not negative").optional(),
  deadband_pct: z.number().min(0, "a deadband is not negative").max(100).optional(),
  max_interval_s: z.number().min(0).max(YEAR_S).optional(),
  min_interval_s: z.number().min(0).max(YEAR_S).optional(),
};

/** `min_interval_s` above a heartbeat would forbid the heartbeat. */
function intervalsAgree(e: PolicyEntry): boolean {
  return e.min_interval_s === undefined || !e.max_interval_s ||
    e.min_interval_s <= e.max_interval_s;
}
const intervalMessage = {
  message: "min_interval_s is above max_interval_s: the heartbeat could never be stored",
  path: ["min_interval_s"],
};

const policySchema = z.strictObject(policyFields).refine(intervalsAgree, intervalMessage);

const pointSchema = z.strictObject({
  twin: z.string().min(1).optional(),
  kind: z.string().min(1).optional(),
  point: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  ...policyFields,
}).refine((e) => (e.twin === undefined) !== (e.kind === undefined), {
  message: 'name either "twin" or "kind"',
}).refine(intervalsAgree, intervalMessage);

const historySchema = z.strictObject({
  retention_days: z.number().positive().max(36_500).optional(),
  defaults: policySchema.default({}),
  kinds: z.record(z.string(), policySchema).default({}),
  points: z.array(pointSchema).default([]),
});

/** The `history` section. */
export const historySection: PlantSection<HistoryConfig> = {
  key: "history",
  validate(raw, ctx) {
    const parsed = historySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.report(["history", ...(issue.path as Path)], issue.message);
      }
      return { defaults: {}, kinds: {}, points: [] };
    }
    const config = parsed.data as HistoryConfig;
    const known = () => [...ctx.kinds.keys()].join(", ");
    for (const kind of Object.keys(config.kinds)) {
      if (!ctx.kinds.has(kind)) {
        ctx.report(["history", "kinds", kind], `unknown kind "${kind}"; known kinds: ${known()}`);
      }
    }
    const calculated = declaredCalculated(ctx.twins);
    const twinsOfKind = new Map<string, TwinConfig[]>();
    for (const t of ctx.twins.values()) {
      const list = twinsOfKind.get(t.kind);
      if (list) list.push(t);
      else twinsOfKind.set(t.kind, [t]);
    }
    config.points.forEach((e, i) => {
      const path: Path = ["history", "points", i];
      let kind: string;
      let ofTwins: TwinConfig[];
      let owner: string;
      if (e.twin !== undefined) {
        const t = ctx.twins.get(e.twin);
        if (!t) {
          ctx.report([...path, "twin"], `unknown twin "${e.twin}"`);
          return;
        }
        kind = t.kind;
        ofTwins = [t];
        owner = `twin "${e.twin}" (${kind})`;
      } else {
        kind = e.kind!;
        if (!ctx.kinds.has(kind)) {
          ctx.report([...path, "kind"], `unknown kind "${kind}"; known kinds: ${known()}`);
          return;
        }
        ofTwins = twinsOfKind.get(kind) ?? [];
        owner = `kind "${kind}"`;
      }
      const own = ctx.kinds.get(kind)!.points;
      const names = typeof e.point === "string" ? [e.point] : e.point;
      names.forEach((point, j) => {
        if (point in own) return;
        if (ofTwins.some((t) => calculated.get(t.id)?.has(point))) return;
        const where = typeof e.point === "string" ? [...path, "point"] : [...path, "point", j];
        ctx.report(
          where,
          `${owner} has no point "${point}"; its points: ${Object.keys(own).join(", ")}` +
            " (and its calculated points)",
        );
      });
    });
    return config;
  },
};
