/**
 * What an alarm is, as the plant file declares it: a condition on a twin's
 * points or mode, a priority, delays, latching, suppression by design,
 * shelving and re-alarm limits. A definition names a twin, a list of twins,
 * or a kind (every twin of it); a limit definition with several levels
 * (HH, H, L, LL) becomes one alarm per level.
 *
 * @module
 */
import { z } from "zod";
import { MESSAGE_FIELDS, unknownField } from "./alarm_message.ts";

/** Alarm priorities, most urgent first (ISA-18.2 uses three to four plus diagnostic). */
export const PRIORITIES = ["critical", "high", "medium", "low", "diagnostic"] as const;

/** An alarm priority. */
export type Priority = (typeof PRIORITIES)[number];

/** Limit levels of an analog alarm. */
export const LEVELS = ["hh", "h", "l", "ll"] as const;

/** A limit level: HH and H alarm above the limit, L and LL below it. */
export type Level = (typeof LEVELS)[number];

/** An alarm or calculated-point name: letters, digits, `_`, `.`, `-`. */
export const ALARM_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const priority = z.enum(PRIORITIES);
const deadband = z.number().min(0, "a deadband is not negative");
const level = z.union([
  z.number(),
  z.strictObject({
    limit: z.number(),
    priority: priority.optional(),
    deadband: deadband.optional(),
  }),
]);
const pointRef = z.union([
  z.string().min(1),
  z.strictObject({ twin: z.string().min(1), point: z.string().min(1) }),
]);
const stateValue = z.union([z.string(), z.number(), z.boolean()]);

const limitCondition = z.strictObject({
  type: z.literal("limit"),
  point: z.string().min(1),
  hh: level.optional(),
  h: level.optional(),
  l: level.optional(),
  ll: level.optional(),
  deadband: deadband.default(0),
}).refine((c) => LEVELS.some((l) => c[l] !== undefined), {
  message: 'a limit condition needs at least one of "hh", "h", "l", "ll"',
});

const deviationCondition = z.strictObject({
  type: z.literal("deviation"),
  point: z.string().min(1),
  setpoint: z.union([z.number(), pointRef]),
  limit: z.number().positive(),
  direction: z.enum(["both", "high", "low"]).default("both"),
  deadband: deadband.default(0),
});

const rateCondition = z.strictObject({
  type: z.literal("rate"),
  point: z.string().min(1),
  limit: z.number().positive(),
  per: z.enum(["s", "min"]).default("min"),
  window_s: z.number().positive().max(86_400).default(60),
  direction: z.enum(["rise", "fall", "both"]).default("rise"),
  deadband: deadband.default(0),
});

const stateCondition = z.strictObject({
  type: z.literal("state"),
  point: z.string().min(1),
  in: z.array(stateValue).min(1, "list the values that raise the alarm"),
});

const modeCondition = z.strictObject({
  type: z.literal("mode"),
  in: z.array(z.string().min(1)).min(1, "list the modes that raise the alarm"),
});

const expressionCondition = z.strictObject({
  type: z.literal("expression"),
  expr: z.string().min(1),
});

const conditionSchema = z.discriminatedUnion("type", [
  limitCondition,
  deviationCondition,
  rateCondition,
  stateCondition,
  modeCondition,
  expressionCondition,
]);

const suppressSchema = z.strictObject({
  modes: z.array(z.string().min(1)).min(1).optional(),
  twin: z.string().min(1).optional(),
  expr: z.string().min(1).optional(),
  hold_s: z.number().min(0).max(86_400).default(0),
}).refine((s) => s.modes !== undefined || s.expr !== undefined, {
  message: 'suppress_when needs "modes" or "expr"',
});

/** One alarm definition as written in the plant file. */
export const definitionSchema = z.strictObject({
  name: z.string().regex(ALARM_NAME, "expected letters, digits, '_', '.', '-'"),
  kind: z.string().min(1).optional(),
  twin: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  condition: conditionSchema,
  priority: priority.default("medium"),
  description: z.string().default(""),
  message: z.string().min(1).optional().superRefine((t, ctx) => {
    const bad = t === undefined ? undefined : unknownField(t);
    if (bad !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: `unknown field {${bad}} in the message; known: ${
          Object.keys(MESSAGE_FIELDS).map((f) => `{${f}}`).join(", ")
        }`,
      });
    }
  }),
  on_delay_s: z.number().min(0).default(0),
  off_delay_s: z.number().min(0).default(0),
  latching: z.boolean().default(false),
  suppress_when: suppressSchema.optional(),
  max_shelve_s: z.number().positive().optional(),
  realarm_s: z.number().min(0).default(0),
}).refine((d) => (d.kind === undefined) !== (d.twin === undefined), {
  message: 'give either "twin" (an id or a list of ids) or "kind" (every twin of that kind)',
});

/** Engine-wide settings. */
export const settingsSchema = z.strictObject({
  journal_capacity: z.int().min(100).max(10_000_000).default(100_000),
  flood_count: z.int().min(1).default(10),
  flood_window_s: z.number().positive().default(600),
  chatter_count: z.int().min(2).default(3),
  chatter_window_s: z.number().positive().default(60),
  standing_after_s: z.number().positive().default(86_400),
  max_shelve_s: z.number().positive().default(8 * 3600),
  bad_actors: z.int().min(1).max(1000).default(10),
});

/** The `alarms` section as written. */
export const alarmsSchema = z.strictObject({
  settings: settingsSchema.default(settingsSchema.parse({})),
  definitions: z.array(z.unknown()).default([]),
});

/** A definition after validation. */
export type AlarmDefinition = z.output<typeof definitionSchema>;

/** Engine-wide settings after validation. */
export type AlarmSettings = z.output<typeof settingsSchema>;

/** A reference to a point, on the alarm's own twin unless `twin` says otherwise. */
export interface PointRef {
  /** Twin id. */
  twin: string;
  /** Point name. */
  point: string;
}

/** The condition of one expanded alarm. */
export type AlarmCondition =
  | { type: "limit"; point: string; level: Level; limit: number; deadband: number }
  | {
    type: "deviation";
    point: string;
    setpoint: number | PointRef;
    limit: number;
    direction: "both" | "high" | "low";
    deadband: number;
  }
  | {
    type: "rate";
    point: string;
    limit: number;
    per: "s" | "min";
    windowS: number;
    direction: "rise" | "fall" | "both";
    deadband: number;
  }
  | { type: "state"; point: string; in: (string | number | boolean)[] }
  | { type: "mode"; in: string[] }
  | { type: "expression"; expr: string };

/** Suppression by design of one alarm. */
export interface AlarmSuppression {
  /** Suppressed while this twin's mode is one of `modes`. */
  twin: string;
  /** Modes that suppress. */
  modes: string[] | undefined;
  /** Suppressed while this expression is true. */
  expr: string | undefined;
  /**
   * Suppression holds this long after its condition ends (s), so a start
   * settles before the alarm is judged again. Optional; 0 when absent.
   */
  holdS?: number;
}

/**
 * One alarm of one twin, expanded from a definition. The alarms of a
 * definition share the fields that do not differ by twin through their
 * prototype (alarm_section.ts), so read fields by name; spreading a spec or
 * cloning it for a worker needs `cloneableAlarms`.
 */
export interface AlarmSpec {
  /** Stable id: `<twin>/<name>`. */
  id: string;
  /** Twin the alarm belongs to. */
  twin: string;
  /** Alarm name (a limit level adds `_hh`, `_h`, `_l`, `_ll` to the definition's name). */
  name: string;
  /** Priority. */
  priority: Priority;
  /** What raises it. */
  condition: AlarmCondition;
  /** Unit of the point it watches ("" when none). */
  unit: string;
  /** Consequence and operator action, from the definition. */
  description: string;
  /** The definition's own message template (alarm_message.ts), if it has one. */
  message?: string;
  /** Condition must hold this long before the alarm raises (s). */
  onDelayS: number;
  /** Condition must be gone this long before the alarm clears (s). */
  offDelayS: number;
  /** Stays active until reset once raised. */
  latching: boolean;
  /** Suppression by design, if any. */
  suppress: AlarmSuppression | undefined;
  /** Longest shelve an operator may ask for (s). */
  maxShelveS: number;
  /** An acknowledged alarm still active after this long raises again (s; 0 = never). */
  realarmS: number;
}

/** A validated definition with its place in the file. */
export interface DefinitionEntry {
  /** The definition. */
  def: AlarmDefinition;
  /** Its index in `alarms.definitions`. */
  index: number;
}

/** The validated `alarms` section. */
export interface AlarmsConfig {
  /** Engine-wide settings. */
  settings: AlarmSettings;
  /** Every alarm of every twin. */
  alarms: AlarmSpec[];
  /**
   * The valid definitions, to expand over twins added at run time (the
   * pumps a reconfigured station gains). Absent: alarms stay as loaded.
   */
  definitions?: DefinitionEntry[];
  /** Units of calculated points by kind then point, for twins added at run time. */
  calculatedUnits?: ReadonlyMap<string, ReadonlyMap<string, string>>;
}
