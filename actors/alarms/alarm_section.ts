/**
 * The `alarms` plant-file section: settings and definitions, validated and
 * expanded into one alarm per twin (and per limit level), each with a stable
 * id `<twin>/<name>`. Points, modes, twins and expressions are checked at
 * load, so a typo is a load error with its line, not a silent alarm that
 * never raises.
 *
 * @module
 */
import type { PlantSection, SectionContext } from "../../plant/plant_section.ts";
import type { TwinConfig } from "../../plant/plant_file.ts";
import { declaredCalculated, pointUnitLookup } from "../rules/calculated_section.ts";
import { ExpressionError, parseExpression } from "../rules/expression.ts";
import {
  type AlarmCondition,
  type AlarmDefinition,
  type AlarmsConfig,
  type AlarmSpec,
  alarmsSchema,
  definitionSchema,
  type Level,
  LEVELS,
  type PointRef,
} from "./alarm_definition.ts";

type Path = (string | number)[];

/** The `alarms` section. */
export const alarmSection: PlantSection<AlarmsConfig> = {
  key: "alarms",
  validate(raw, ctx) {
    const top = alarmsSchema.safeParse(raw);
    if (!top.success) {
      for (const issue of top.error.issues) {
        ctx.report(["alarms", ...(issue.path as Path)], issue.message);
      }
      return { settings: alarmsSchema.parse({}).settings, alarms: [] };
    }
    const { settings } = top.data;
    const alarms: AlarmSpec[] = [];
    const seen = new Map<string, string>();
    top.data.definitions.forEach((rawDef, i) => {
      const path: Path = ["alarms", "definitions", i];
      const parsed = definitionSchema.safeParse(rawDef);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          ctx.report([...path, ...(issue.path as Path)], issue.message);
        }
        return;
      }
      for (const spec of expand(parsed.data, path, ctx, settings.max_shelve_s)) {
        const first = seen.get(spec.id);
        if (first) {
          ctx.report(
            [...path, "name"],
            `duplicate alarm id "${spec.id}" (first defined at ${first})`,
          );
          continue;
        }
        seen.set(spec.id, `alarms.definitions[${i}]`);
        alarms.push(spec);
      }
    });
    return { settings, alarms };
  },
};

/** Expand one definition over its twins; problems go to `ctx.report`. */
function expand(
  def: AlarmDefinition,
  path: Path,
  ctx: SectionContext,
  maxShelveS: number,
): AlarmSpec[] {
  let targets: TwinConfig[] = [];
  if (def.kind !== undefined) {
    if (!ctx.kinds.has(def.kind)) {
      ctx.report(
        [...path, "kind"],
        `unknown kind "${def.kind}"; known kinds: ${[...ctx.kinds.keys()].join(", ")}`,
      );
      return [];
    }
    targets = [...ctx.twins.values()].filter((t) => t.kind === def.kind);
  } else {
    const ids = typeof def.twin === "string" ? [def.twin] : def.twin!;
    for (const id of ids) {
      const t = ctx.twins.get(id);
      if (t) targets.push(t);
      else ctx.report([...path, "twin"], `unknown twin "${id}"`);
    }
  }
  const unitOf = pointUnitLookup(ctx, declaredCalculated(ctx.twins));
  const out: AlarmSpec[] = [];
  for (const twin of targets) {
    const problems = (where: Path, message: string) => ctx.report([...path, ...where], message);
    const conditions = conditionsOf(def, twin, unitOf, ctx, problems);
    const suppress = def.suppress_when && {
      twin: def.suppress_when.twin ?? twin.id,
      modes: def.suppress_when.modes,
      expr: def.suppress_when.expr,
    };
    if (suppress) {
      const owner = ctx.twins.get(suppress.twin);
      if (!owner) problems(["suppress_when", "twin"], `unknown twin "${suppress.twin}"`);
      else if (suppress.modes) {
        const who = def.suppress_when?.twin ? `${owner.kind} "${owner.id}"` : label(def, owner);
        checkModes(suppress.modes, owner, who, ctx, ["suppress_when", "modes"], problems);
      }
      if (suppress.expr !== undefined) {
        checkExpression(suppress.expr, twin, unitOf, ctx, ["suppress_when", "expr"], problems);
      }
    }
    for (const { suffix, condition, priority } of conditions) {
      const name = suffix ? `${def.name}_${suffix}` : def.name;
      out.push({
        id: `${twin.id}/${name}`,
        twin: twin.id,
        name,
        priority: priority ?? def.priority,
        condition,
        unit: "point" in condition ? unitOf(twin.id, condition.point) ?? "" : "",
        description: def.description,
        onDelayS: def.on_delay_s,
        offDelayS: def.off_delay_s,
        latching: def.latching,
        suppress,
        maxShelveS: def.max_shelve_s ?? maxShelveS,
        realarmS: def.realarm_s,
      });
    }
  }
  return out;
}

interface Expanded {
  suffix: Level | undefined;
  condition: AlarmCondition;
  priority: AlarmSpec["priority"] | undefined;
}

function conditionsOf(
  def: AlarmDefinition,
  twin: TwinConfig,
  unitOf: (twin: string, point: string) => string | undefined,
  ctx: SectionContext,
  problems: (where: Path, message: string) => void,
): Expanded[] {
  const c = def.condition;
  const hasPoint = (point: string, where: Path) => {
    if (unitOf(twin.id, point) !== undefined) return true;
    const known = Object.keys(ctx.kinds.get(twin.kind)?.points ?? {}).join(", ");
    problems(where, `${label(def, twin)} has no point "${point}"; its points: ${known}`);
    return false;
  };
  switch (c.type) {
    case "limit": {
      if (!hasPoint(c.point, ["condition", "point"])) return [];
      const out: Expanded[] = [];
      for (const level of LEVELS) {
        const l = c[level];
        if (l === undefined) continue;
        const o = typeof l === "number" ? { limit: l } : l;
        out.push({
          suffix: level,
          priority: o.priority,
          condition: {
            type: "limit",
            point: c.point,
            level,
            limit: o.limit,
            deadband: o.deadband ?? c.deadband,
          },
        });
      }
      const v = (lv: Level) => {
        const l = c[lv];
        return l === undefined ? undefined : typeof l === "number" ? l : l.limit;
      };
      const order = LEVELS.map(v).filter((x): x is number => x !== undefined);
      if (order.some((x, k) => k > 0 && x > order[k - 1])) {
        problems(
          ["condition"],
          `limits must be ordered hh >= h >= l >= ll, got ${order.join(", ")}`,
        );
        return [];
      }
      return out;
    }
    case "deviation": {
      if (!hasPoint(c.point, ["condition", "point"])) return [];
      let setpoint: number | PointRef;
      if (typeof c.setpoint === "number") setpoint = c.setpoint;
      else {
        setpoint = typeof c.setpoint === "string"
          ? { twin: twin.id, point: c.setpoint }
          : c.setpoint;
        const owner = ctx.twins.get(setpoint.twin);
        if (!owner) {
          problems(["condition", "setpoint", "twin"], `unknown twin "${setpoint.twin}"`);
          return [];
        }
        if (unitOf(setpoint.twin, setpoint.point) === undefined) {
          problems(
            ["condition", "setpoint"],
            `"${setpoint.twin}" has no point "${setpoint.point}"`,
          );
          return [];
        }
      }
      return [{ suffix: undefined, priority: undefined, condition: { ...c, setpoint } }];
    }
    case "rate":
      if (!hasPoint(c.point, ["condition", "point"])) return [];
      return [{
        suffix: undefined,
        priority: undefined,
        condition: {
          type: "rate",
          point: c.point,
          limit: c.limit,
          per: c.per,
          windowS: c.window_s,
          direction: c.direction,
          deadband: c.deadband,
        },
      }];
    case "state":
      if (!hasPoint(c.point, ["condition", "point"])) return [];
      return [{ suffix: undefined, priority: undefined, condition: c }];
    case "mode":
      if (!checkModes(c.in, twin, label(def, twin), ctx, ["condition", "in"], problems)) return [];
      return [{ suffix: undefined, priority: undefined, condition: c }];
    case "expression":
      if (!checkExpression(c.expr, twin, unitOf, ctx, ["condition", "expr"], problems)) return [];
      return [{ suffix: undefined, priority: undefined, condition: c }];
  }
}

/** How messages name a twin: by kind for kind-wide definitions, so the problem is reported once. */
function label(def: AlarmDefinition, twin: TwinConfig): string {
  return def.kind !== undefined ? twin.kind : `${twin.kind} "${twin.id}"`;
}

function checkModes(
  modes: string[],
  twin: TwinConfig,
  who: string,
  ctx: SectionContext,
  where: Path,
  problems: (where: Path, message: string) => void,
): boolean {
  const known = Object.keys(ctx.kinds.get(twin.kind)?.modes ?? {});
  // A twin the operator stopped shows mode "stopped" whatever its kind.
  const bad = modes.filter((m) => m !== "stopped" && !known.includes(m));
  if (bad.length === 0) return true;
  problems(
    where,
    `${who} has no mode ${bad.map((m) => `"${m}"`).join(", ")}; its modes: ${known.join(", ")}`,
  );
  return false;
}

function checkExpression(
  expr: string,
  twin: TwinConfig,
  unitOf: (twin: string, point: string) => string | undefined,
  ctx: SectionContext,
  where: Path,
  problems: (where: Path, message: string) => void,
): boolean {
  try {
    const parsed = parseExpression(expr, {
      units: false,
      isPoint: (name) => unitOf(twin.id, name) !== undefined,
    });
    for (const r of parsed.refs) {
      const id = r.twin ?? twin.id;
      if (!ctx.twins.has(id)) throw new ExpressionError(`"${expr}" refers to unknown twin "${id}"`);
      if (!r.mode && unitOf(id, r.point) === undefined) {
        throw new ExpressionError(`"${expr}" refers to unknown point "${r.point}" of "${id}"`);
      }
    }
    return true;
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    problems(where, e.message);
    return false;
  }
}
