/**
 * The `alarms` plant-file section: settings and definitions, validated and
 * expanded into one alarm per twin (and per limit level), each with a stable
 * id `<twin>/<name>`. Points, modes, twins and expressions are checked at
 * load, so a typo is a load error with its line, not a silent alarm that
 * never raises.
 *
 * @module
 */
import type { PlantSection } from "../../plant/plant_section.ts";
import type { TwinConfig } from "../../plant/plant_file.ts";
import type { KindRegistry } from "../../twins/registry.ts";
import { declaredCalculated, pointUnitLookup } from "../rules/calculated_section.ts";
import { ExpressionError, parseExpression } from "../rules/expression.ts";
import {
  type AlarmCondition,
  type AlarmDefinition,
  type AlarmsConfig,
  type AlarmSpec,
  alarmsSchema,
  type DefinitionEntry,
  definitionSchema,
  type Level,
  LEVELS,
  type PointRef,
} from "./alarm_definition.ts";

type Path = (string | number)[];

/**
 * What expanding definitions over twins needs: at load the plant being
 * validated, at run time the runtime's twins (a reconfigured station's new
 * pumps).
 */
export interface ExpansionContext {
  /** A twin's configuration by id. */
  twin(id: string): TwinConfig | undefined;
  /** Known kinds. */
  kinds: KindRegistry;
  /** Unit of a point of a twin (its kind's or a calculated one); undefined when it has none. */
  unitOf(twin: string, point: string): string | undefined;
  /** Report a problem at a JSON path. */
  report(path: Path, message: string): void;
}

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
    const declared = declaredCalculated(ctx.twins);
    const expansion: ExpansionContext = {
      twin: (id) => ctx.twins.get(id),
      kinds: ctx.kinds,
      unitOf: pointUnitLookup(ctx, declared),
      report: ctx.report,
    };
    // Twins by kind once, so a kind-wide definition does not scan the plant.
    const byKind = new Map<string, TwinConfig[]>();
    for (const t of ctx.twins.values()) {
      const list = byKind.get(t.kind);
      if (list) list.push(t);
      else byKind.set(t.kind, [t]);
    }
    const alarms: AlarmSpec[] = [];
    const definitions: DefinitionEntry[] = [];
    // An id is `<twin>/<name>`, so two alarms share one only when two definitions make the
    // same name, or one definition names a twin twice. A plant has few names and many alarms:
    // per name, the one definition that made it so far, and ids are indexed (twin -> first
    // definition) only under a name a second definition makes or a repeating one.
    const byName = new Map<string, number | Map<string, number>>();
    top.data.definitions.forEach((rawDef, i) => {
      const path: Path = ["alarms", "definitions", i];
      const parsed = definitionSchema.safeParse(rawDef);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          ctx.report([...path, ...(issue.path as Path)], issue.message);
        }
        return;
      }
      const def = parsed.data;
      definitions.push({ def, index: i });
      let targets: TwinConfig[] = [];
      if (def.kind !== undefined) {
        if (!ctx.kinds.has(def.kind)) {
          ctx.report(
            [...path, "kind"],
            `unknown kind "${def.kind}"; known kinds: ${[...ctx.kinds.keys()].join(", ")}`,
          );
          return;
        }
        targets = byKind.get(def.kind) ?? [];
      } else {
        for (const id of typeof def.twin === "string" ? [def.twin] : def.twin!) {
          const t = ctx.twins.get(id);
          if (t) targets.push(t);
          else ctx.report([...path, "twin"], `unknown twin "${id}"`);
        }
      }
      const repeats = targets.length !== new Set(targets).size;
      for (const spec of expand(def, path, targets, expansion, settings.max_shelve_s)) {
        let made = byName.get(spec.name);
        if (made === undefined && !repeats) {
          byName.set(spec.name, i);
        } else if (made !== i) {
          if (typeof made !== "object") {
            const index = new Map<string, number>();
            // Every earlier alarm of this name is the one earlier definition's.
            if (made !== undefined) {
              for (const a of alarms) if (a.name === spec.name) index.set(a.twin, made);
            }
            byName.set(spec.name, made = index);
          }
          const first = made.get(spec.twin);
          if (first !== undefined) {
            ctx.report(
              [...path, "name"],
              `duplicate alarm id "${spec.id}" (first defined at alarms.definitions[${first}])`,
            );
            continue;
          }
          made.set(spec.twin, i);
        }
        alarms.push(spec);
      }
    });
    const calculatedUnits = new Map<string, Map<string, string>>();
    for (const [twin, points] of declared) {
      const kind = ctx.twins.get(twin)?.kind;
      if (kind === undefined) continue;
      const units = calculatedUnits.get(kind) ?? new Map<string, string>();
      for (const [point, unit] of points) if (!units.has(point)) units.set(point, unit);
      calculatedUnits.set(kind, units);
    }
    return { settings, alarms, definitions, calculatedUnits };
  },
};

/**
 * The alarms of `twins` (twins added at run time): every definition of
 * their kind, and every definition that names them. Problems (a definition
 * that does not fit a new twin) go to `ctx.report` and leave that alarm out.
 */
export function expandForTwins(
  config: AlarmsConfig,
  twins: readonly TwinConfig[],
  ctx: ExpansionContext,
): AlarmSpec[] {
  const out: AlarmSpec[] = [];
  for (const { def, index } of config.definitions ?? []) {
    const named = def.twin === undefined
      ? undefined
      : new Set(typeof def.twin === "string" ? [def.twin] : def.twin);
    const targets = twins.filter((t) =>
      def.kind !== undefined ? t.kind === def.kind : named!.has(t.id)
    );
    if (targets.length === 0) continue;
    out.push(
      ...expand(
        def,
        ["alarms", "definitions", index],
        targets,
        ctx,
        config.settings.max_shelve_s,
      ),
    );
  }
  return out;
}

/**
 * `config` with every spec's fields its own. Expanded specs keep what their
 * definition shares on their prototype, which a structured clone (a message
 * to a worker) drops: clone this instead.
 */
export function cloneableAlarms(config: AlarmsConfig): AlarmsConfig {
  return {
    ...config,
    alarms: config.alarms.map((s) => ({
      id: s.id,
      twin: s.twin,
      name: s.name,
      priority: s.priority,
      condition: s.condition,
      unit: s.unit,
      description: s.description,
      message: s.message,
      onDelayS: s.onDelayS,
      offDelayS: s.offDelayS,
      latching: s.latching,
      suppress: s.suppress,
      maxShelveS: s.maxShelveS,
      realarmS: s.realarmS,
    })),
  };
}

/** Expand one definition over its target twins; problems go to `ctx.report`. */
function expand(
  def: AlarmDefinition,
  path: Path,
  targets: readonly TwinConfig[],
  ctx: ExpansionContext,
  maxShelveS: number,
): AlarmSpec[] {
  const unitOf = ctx.unitOf;
  const problems = (where: Path, message: string) => ctx.report([...path, ...where], message);
  // What a kind-wide definition makes of a twin depends only on the twin's
  // kind and on the units of the points it names: judge it once per such
  // signature (a plant of 100,000 twins has half a million alarms from a
  // few dozen definitions). Messages name the kind, so the problems of one
  // signature are the same for each of its twins.
  const names = def.kind !== undefined ? namesOf(def) : undefined;
  const memo = new Map<string, Judged>();
  const c = def.condition;
  const ownSetpoint = c.type === "deviation" && typeof c.setpoint === "string";
  const out: AlarmSpec[] = [];
  /** What the alarms of one judged condition share, by the judged condition. */
  const templates = new Map<Judged["conditions"][number], AlarmSpec>();
  for (const twin of targets) {
    let judged: Judged | undefined;
    let key = "";
    if (names) {
      key = twin.kind;
      for (const n of names) key += "\u0000" + (unitOf(twin.id, n) ?? "\u0001");
      judged = memo.get(key);
    }
    if (!judged) {
      judged = judge(def, twin, ctx, problems);
      if (names) memo.set(key, judged);
    }
    const suppress = def.suppress_when && {
      twin: def.suppress_when.twin ?? twin.id,
      modes: def.suppress_when.modes,
      expr: def.suppress_when.expr,
      holdS: def.suppress_when.hold_s,
    };
    for (const judgedCondition of judged.conditions) {
      const { name, condition, priority } = judgedCondition;
      let shared = templates.get(judgedCondition);
      if (shared === undefined) {
        shared = {
          id: "",
          twin: "",
          name,
          priority: priority ?? def.priority,
          condition,
          unit: judged.unit,
          description: def.description,
          // Always present (undefined when the definition has none).
          message: def.message,
          onDelayS: def.on_delay_s,
          offDelayS: def.off_delay_s,
          latching: def.latching,
          suppress: undefined,
          maxShelveS: def.max_shelve_s ?? maxShelveS,
          realarmS: def.realarm_s,
        };
        templates.set(judgedCondition, shared);
      }
      // The twins of a kind-wide definition share everything but these four
      // fields, which each alarm holds itself over the shared part as its
      // prototype: 56 bytes a spec instead of about 130 (624,000 specs at
      // 100k twins). The same four fields in the same order keep one shape
      // per shared part. A structured clone drops the prototype: a plant
      // sent to a worker goes through cloneableAlarms.
      const spec: AlarmSpec = Object.create(shared);
      // Joined rather than concatenated: `+` makes a rope that the first
      // Map lookup flattens into a second string, and both stay (14 MB at 100k).
      spec.id = [twin.id, "/", name].join("");
      spec.twin = twin.id;
      spec.condition = ownSetpoint ? setpointOf(condition, twin.id) : condition;
      spec.suppress = suppress;
      out.push(spec);
    }
  }
  return out;
}

/** A definition judged for one twin: its alarms' names and conditions, and the unit. */
interface Judged {
  conditions: { name: string; condition: AlarmCondition; priority: Expanded["priority"] }[];
  unit: string;
}

function judge(
  def: AlarmDefinition,
  twin: TwinConfig,
  ctx: ExpansionContext,
  problems: (where: Path, message: string) => void,
): Judged {
  const conditions = conditionsOf(def, twin, ctx, problems);
  const s = def.suppress_when;
  if (s) {
    const owner = ctx.twin(s.twin ?? twin.id);
    if (!owner) problems(["suppress_when", "twin"], `unknown twin "${s.twin}"`);
    else if (s.modes) {
      const who = s.twin ? `${owner.kind} "${owner.id}"` : label(def, owner);
      checkModes(s.modes, owner, who, ctx, ["suppress_when", "modes"], problems);
    }
    if (s.expr !== undefined) {
      checkExpression(s.expr, twin, ctx, ["suppress_when", "expr"], problems);
    }
  }
  const c = def.condition;
  return {
    conditions: conditions.map(({ suffix, condition, priority }) => ({
      name: suffix ? `${def.name}_${suffix}` : def.name,
      condition,
      priority,
    })),
    unit: "point" in c ? ctx.unitOf(twin.id, c.point) ?? "" : "",
  };
}

/** A deviation from a point of the alarm's own twin names that twin: one condition per twin. */
function setpointOf(condition: AlarmCondition, twin: string): AlarmCondition {
  if (condition.type !== "deviation" || typeof condition.setpoint === "number") return condition;
  if (condition.setpoint.twin === twin) return condition;
  return { ...condition, setpoint: { twin, point: condition.setpoint.point } };
}

/**
 * Every name whose unit can change what a kind-wide definition makes of a
 * twin: its point, setpoint, and the words of its expressions (a superset
 * of their point names).
 */
function namesOf(def: AlarmDefinition): string[] {
  const names = new Set<string>();
  const c = def.condition;
  if ("point" in c) names.add(c.point);
  if (c.type === "deviation" && typeof c.setpoint === "string") names.add(c.setpoint);
  const words = (expr: string | undefined) => {
    for (const m of expr?.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) names.add(m[0]);
  };
  if (c.type === "expression") words(c.expr);
  words(def.suppress_when?.expr);
  return [...names];
}

interface Expanded {
  suffix: Level | undefined;
  condition: AlarmCondition;
  priority: AlarmSpec["priority"] | undefined;
}

function conditionsOf(
  def: AlarmDefinition,
  twin: TwinConfig,
  ctx: ExpansionContext,
  problems: (where: Path, message: string) => void,
): Expanded[] {
  const unitOf = ctx.unitOf;
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
        const owner = ctx.twin(setpoint.twin);
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
      if (!checkExpression(c.expr, twin, ctx, ["condition", "expr"], problems)) return [];
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
  ctx: ExpansionContext,
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
  ctx: ExpansionContext,
  where: Path,
  problems: (where: Path, message: string) => void,
): boolean {
  const unitOf = ctx.unitOf;
  try {
    const parsed = parseExpression(expr, {
      units: false,
      isPoint: (name) => unitOf(twin.id, name) !== undefined,
    });
    for (const r of parsed.refs) {
      const id = r.twin ?? twin.id;
      if (!ctx.twin(id)) throw new ExpressionError(`"${expr}" refers to unknown twin "${id}"`);
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
