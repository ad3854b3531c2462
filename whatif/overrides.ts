/**
 * Applies a variant's overrides to a validated plant: params (deep merge),
 * demand, ambient temperature and control setpoints become new twin params,
 * checked by each kind's schema; events become commands at offsets, checked
 * by each kind's command schemas. Everything a spec names (twins, kinds,
 * params, commands, points) is checked here against the plant, and each
 * problem names its JSON path in the spec. The plant given is not changed.
 *
 * @module
 */
import { childConfigs, type Plant, type TwinConfig } from "../plant/plant_file.ts";
import type { CalculatedConfig } from "../actors/rules/calculated_section.ts";
import type { OptimizationConfig } from "../optimization/replan_section.ts";
import { PLAN_POINTS } from "../optimization/station_replanner.ts";
import type { KindRegistry } from "../twins/registry.ts";
import { formatPath } from "../plant/json_locator.ts";
import { AMBIENT_PROFILES } from "./ambient_profiles.ts";
import { parseDuration } from "./duration.ts";
import {
  type OverrideLayer,
  type Overrides,
  type SpecProblem,
  type Track,
  WhatifSpecError,
} from "./whatif_spec.ts";

/** A command to send at a virtual-time offset from the start of the run. */
export interface ScheduledCommand {
  /** Offset from the start, ms. */
  atMs: number;
  /** Target twin. */
  twin: string;
  /** Command body for the command path. */
  body: { type: string; args: Record<string, unknown> };
  /** Where the spec asked for it. */
  path: string;
}

/** A plant with a variant's overrides applied, and the commands to send during the run. */
export interface ForkedPlant {
  /** The overridden plant. */
  plant: Plant;
  /** Commands in time order (ties in spec order). */
  commands: ScheduledCommand[];
}

/** Which kinds have which setpoint, and where it lives in their params. */
const SETPOINTS: Record<string, { kind: string; param: string }> = {
  supply_c: { kind: "cooling_site", param: "supply_setpoint_c" },
  fan_min_pct: { kind: "cooling_site", param: "fan_min_pct" },
  pump_pct: { kind: "cooling_site", param: "pump_setpoint_pct" },
  control_mode: { kind: "cooling_site", param: "control_mode" },
  spm: { kind: "well", param: "spm" },
  level_bands: { kind: "pump_station", param: "pumps" },
};

/** Whether `id` matches a glob with `*` (any run) and `?` (one character). */
export function globMatch(glob: string, id: string): boolean {
  const re = new RegExp(
    "^" + glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") +
      "$",
  );
  return re.test(id);
}

/** `patch` merged into `base`: objects key by key, everything else (arrays too) replaced. */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(base[k], v);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Apply `layers` in order to `plant`; throws {@linkcode WhatifSpecError}
 * listing every problem. `durationMs` bounds event offsets.
 */
export function applyOverrides(
  plant: Plant,
  kinds: KindRegistry,
  layers: readonly OverrideLayer[],
  seed?: number,
): ForkedPlant {
  const problems: SpecProblem[] = [];
  const report = (path: (string | number)[], message: string) =>
    problems.push({ path: formatPath(path), message });
  // Params of top-level twins as they become; children are rebuilt from them.
  const params = new Map<string, unknown>();
  const top = plant.twins.filter((t) => t.parent === undefined);
  const byId = new Map(plant.twins.map((t) => [t.id, t]));
  const current = (t: TwinConfig) => params.has(t.id) ? params.get(t.id) : t.params;
  const commands: ScheduledCommand[] = [];

  const select = (
    path: (string | number)[],
    glob: string | undefined,
    kind?: string,
  ): TwinConfig[] => {
    if (kind !== undefined && !kinds.has(kind)) {
      report(
        [...path, "kind"],
        `unknown kind "${kind}"; known kinds: ${[...kinds.keys()].join(", ")}`,
      );
      return [];
    }
    const g = glob ?? "*";
    const picked = top.filter((t) => globMatch(g, t.id) && (kind === undefined || t.kind === kind));
    if (picked.length > 0) return picked;
    const child = plant.twins.find((t) => t.parent !== undefined && globMatch(g, t.id));
    if (child) {
      report(
        [...path, "twin"],
        `"${child.id}" is configured by its parent "${child.parent}"; override "${child.parent}"`,
      );
    } else if (kind !== undefined) {
      report(
        glob === undefined ? [...path, "kind"] : [...path, "twin"],
        `no twin of kind "${kind}" matches "${g}"`,
      );
    } else {
      report([...path, "twin"], /[*?]/.test(g) ? `no twin matches "${g}"` : `unknown twin "${g}"`);
    }
    return [];
  };

  /** Set new params for `t`, reporting schema issues under `path`. */
  const setParams = (t: TwinConfig, next: unknown, path: (string | number)[]): boolean => {
    const def = kinds.get(t.kind)!;
    const parsed = def.params.safeParse(next);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        report([...path, ...(issue.path as (string | number)[])], `${t.id}: ${issue.message}`);
      }
      return false;
    }
    params.set(t.id, parsed.data);
    return true;
  };

  for (const { path: at, overrides } of layers) {
    const base: (string | number)[] = [at];
    applyLayer(overrides, base);
  }

  function applyLayer(o: Overrides, base: (string | number)[]): void {
    o.params.forEach((p, i) => {
      const path = [...base, "params", i];
      for (const t of select(path, p.twin, p.kind)) {
        if (!setParams(t, deepMerge(current(t), p.set), [...path, "set"])) break;
      }
    });
    if (o.demand) {
      const d = o.demand;
      const path = [...base, "demand"];
      for (const t of select(path, d.twin, "pump_station")) {
        const prev = (current(t) as { demand: Record<string, unknown> }).demand;
        const baseLps = d.base_lps ?? (prev.base_lps as number);
        const demand = {
          ...prev,
          base_lps: baseLps * (d.scale ?? 1),
          ...(d.pattern ? { pattern: d.pattern } : {}),
          ...(d.pattern_step_s ? { pattern_step_s: d.pattern_step_s } : {}),
          ...(d.hourly ? { pattern: d.hourly, pattern_step_s: 3600 } : {}),
        };
        if (!setParams(t, { ...(current(t) as object), demand }, path)) break;
      }
    }
    if (o.ambient) {
      const a = o.ambient;
      const path = [...base, "ambient"];
      for (const t of select(path, a.twin, "cooling_site")) {
        const p = current(t) as Record<string, number> & { ambient_profile_c?: number[] };
        const shift = a.offset_c ?? 0;
        const named = typeof a.profile === "string" ? AMBIENT_PROFILES[a.profile] : a.profile;
        // A profile replaces the cosine; a new cosine shape drops a profile.
        const reshaped = a.mean_c !== undefined || a.amplitude_c !== undefined ||
          a.peak_hour !== undefined;
        const profile = named ?? (reshaped ? undefined : p.ambient_profile_c);
        const next: Record<string, unknown> = {
          ...p,
          ambient_mean_c: (a.mean_c ?? p.ambient_mean_c) + shift,
          ...(a.amplitude_c !== undefined ? { ambient_amplitude_c: a.amplitude_c } : {}),
          ...(a.peak_hour !== undefined ? { ambient_peak_hour: a.peak_hour } : {}),
          ...(a.noise_c !== undefined ? { ambient_noise_c: a.noise_c } : {}),
        };
        delete next.ambient_profile_c;
        if (profile) next.ambient_profile_c = profile.map((v) => v + shift);
        if (!setParams(t, next, path)) break;
      }
    }
    o.setpoints.forEach((s, i) => {
      const path = [...base, "setpoints", i];
      const picked = select(path, s.twin);
      for (const [name, value] of Object.entries(s)) {
        if (name === "twin" || value === undefined) continue;
        const where = SETPOINTS[name];
        const targets = picked.filter((t) => t.kind === where.kind);
        if (picked.length > 0 && targets.length === 0) {
          report([...path, name], `no ${where.kind} among the twins "${s.twin ?? "*"}" selects`);
        }
        for (const t of targets) {
          const p = current(t) as Record<string, unknown>;
          let next: unknown;
          if (name === "level_bands") {
            const pumps = p.pumps as { suffix: string; control?: unknown }[];
            const bands = value as Record<string, unknown>;
            for (const suffix of Object.keys(bands)) {
              if (!pumps.some((pump) => pump.suffix === suffix)) {
                report(
                  [...path, name, suffix],
                  `${t.id} has no pump "${suffix}"; its pumps: ${
                    pumps.map((x) => x.suffix).join(", ")
                  }`,
                );
              }
            }
            next = {
              ...p,
              pumps: pumps.map((pump) =>
                bands[pump.suffix] ? { ...pump, control: bands[pump.suffix] } : pump
              ),
            };
          } else {
            next = { ...p, [where.param]: value };
          }
          setParams(t, next, [...path, name]);
        }
      }
    });
    o.events.forEach((e, i) => {
      const path = [...base, "events", i];
      const atMs = parseDuration(e.at);
      const targets = plant.twins.filter((t) => globMatch(e.twin, t.id));
      if (targets.length === 0) {
        report(
          [...path, "twin"],
          /[*?]/.test(e.twin) ? `no twin matches "${e.twin}"` : `unknown twin "${e.twin}"`,
        );
      }
      for (const t of targets) {
        const def = kinds.get(t.kind)!;
        const spec = Object.hasOwn(def.commands, e.command) ? def.commands[e.command] : undefined;
        if (!spec) {
          report(
            [...path, "command"],
            `${t.kind} "${t.id}" has no command "${e.command}"; it accepts: ${
              Object.keys(def.commands).join(", ")
            }`,
          );
          break;
        }
        const args = spec.args.safeParse(e.args);
        if (!args.success) {
          for (const issue of args.error.issues) {
            report([...path, "args", ...(issue.path as (string | number)[])], issue.message);
          }
          break;
        }
        commands.push({
          atMs,
          twin: t.id,
          body: { type: e.command, args: args.data },
          path: formatPath(path),
        });
      }
    });
  }

  // References (an RTU's assets) must still resolve.
  for (const [id, p] of params) {
    const t = byId.get(id)!;
    for (const ref of kinds.get(t.kind)!.references?.(p) ?? []) {
      if (!byId.has(ref)) {
        problems.push({ path: "(params)", message: `${id} refers to unknown twin "${ref}"` });
      }
    }
  }
  if (problems.length > 0) throw new WhatifSpecError(problems);

  const twins: TwinConfig[] = [];
  for (const t of plant.twins) {
    if (t.parent !== undefined && params.has(t.parent)) continue; // rebuilt with the parent
    if (!params.has(t.id)) {
      twins.push(t);
      continue;
    }
    const p = params.get(t.id);
    twins.push({ ...t, params: p });
    twins.push(...childConfigs(kinds.get(t.kind)!, t, p));
  }
  commands.sort((a, b) => a.atMs - b.atMs);
  return {
    plant: { ...plant, twins, ...(seed !== undefined ? { seed } : {}) },
    commands,
  };
}

/**
 * Check tracked points against the plant (kind points, calculated points,
 * and the plan points of re-planned stations); returns each track as the
 * twin ids it covers.
 */
export function resolveTracks(
  plant: Plant,
  kinds: KindRegistry,
  tracks: readonly Track[],
): { twin: string; point: string }[] {
  const problems: SpecProblem[] = [];
  const calculated = (plant.sections.calculated as CalculatedConfig | undefined)?.points ?? [];
  const replan = (plant.sections.optimization as OptimizationConfig | undefined)?.stations;
  const pointsOf = (t: TwinConfig): string[] => [
    ...Object.keys(kinds.get(t.kind)!.points),
    ...calculated.filter((c) => c.twin === t.id).map((c) => c.point),
    ...(replan && t.kind === "pump_station" && (replan.twins?.includes(t.id) ?? true)
      ? Object.keys(PLAN_POINTS)
      : []),
  ];
  const out: { twin: string; point: string }[] = [];
  tracks.forEach((tr, i) => {
    const twins = plant.twins.filter((t) => globMatch(tr.twin, t.id));
    if (twins.length === 0) {
      problems.push({
        path: `track[${i}].twin`,
        message: /[*?]/.test(tr.twin)
          ? `no twin matches "${tr.twin}"`
          : `unknown twin "${tr.twin}"`,
      });
      return;
    }
    const has = twins.filter((t) => pointsOf(t).includes(tr.point));
    if (has.length === 0) {
      problems.push({
        path: `track[${i}].point`,
        message: `unknown point "${tr.point}" on "${twins[0].id}"; its points: ${
          pointsOf(twins[0]).join(", ")
        }`,
      });
      return;
    }
    for (const t of has) out.push({ twin: t.id, point: tr.point });
  });
  if (problems.length > 0) throw new WhatifSpecError(problems);
  return out;
}
