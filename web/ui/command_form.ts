/**
 * Turns a command's args JSON Schema (from GET /api/kinds) into form fields,
 * and the form's values back into the `args` object. The server stays the
 * judge of what is valid: a value the form cannot make sense of is sent as
 * typed, so the user sees the server's own message about it.
 *
 * @module
 */
import type { CommandRecord, JsonSchema, Point } from "./api_types.ts";

/** Which input a field needs. */
export type FieldType = "number" | "integer" | "enum" | "boolean" | "string" | "const" | "json";

/** One input of a command form. */
export interface FormField {
  /** Arg name. */
  name: string;
  /** Input type. */
  type: FieldType;
  /** Whether the server needs a value (one with a default is not required). */
  required: boolean;
  /** Lower bound, for numbers. */
  min?: number;
  /** Upper bound, for numbers. */
  max?: number;
  /** Whether `min` itself is excluded. */
  minExclusive?: boolean;
  /** Whether `max` itself is excluded. */
  maxExclusive?: boolean;
  /** Allowed values, for enums (and the one value of a const). */
  options?: unknown[];
  /** Default the server applies when the arg is left out. */
  defaultValue?: unknown;
  /** Description from the schema. */
  description?: string;
}

/** What the inputs hold: text, or a checkbox state. */
export type FormValues = Record<string, string | boolean>;

// zod writes the safe-integer range as the bounds of every z.int(); that is no real limit.
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/** The form fields for an args schema, in schema order. */
export function formFields(schema: JsonSchema): FormField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, p]) => {
    const field: FormField = {
      name,
      type: fieldType(p),
      required: required.has(name) && p.default === undefined,
    };
    if (p.default !== undefined) field.defaultValue = p.default;
    if (p.description) field.description = p.description;
    if (p.enum) field.options = p.enum;
    if (p.const !== undefined) field.options = [p.const];
    if (field.type === "number" || field.type === "integer") {
      if (p.exclusiveMinimum !== undefined) {
        field.min = p.exclusiveMinimum;
        field.minExclusive = true;
      } else if (p.minimum !== undefined && Math.abs(p.minimum) < NO_LIMIT) field.min = p.minimum;
      if (p.exclusiveMaximum !== undefined) {
        field.max = p.exclusiveMaximum;
        field.maxExclusive = true;
      } else if (p.maximum !== undefined && Math.abs(p.maximum) < NO_LIMIT) field.max = p.maximum;
    }
    return field;
  });
}

function fieldType(p: JsonSchema): FieldType {
  if (p.const !== undefined) return "const";
  if (p.enum) return "enum";
  switch (p.type) {
    case "number":
      return "number";
    case "integer":
      return "integer";
    case "boolean":
      return "boolean";
    case "string":
      return "string";
    default:
      return "json";
  }
}

/** Whether a boolean field is a plain checkbox (it always has a value) or a yes/no/unset choice. */
export function isCheckbox(f: FormField): boolean {
  return f.type === "boolean" && (f.required || typeof f.defaultValue === "boolean");
}

/** Starting values: defaults where the schema has them, the first option of a required enum. */
export function initialValues(fields: readonly FormField[]): FormValues {
  const values: FormValues = {};
  for (const f of fields) {
    if (isCheckbox(f)) values[f.name] = f.defaultValue === true;
    else if (f.defaultValue !== undefined) {
      values[f.name] = typeof f.defaultValue === "string"
        ? f.defaultValue
        : f.type === "json"
        ? JSON.stringify(f.defaultValue)
        : String(f.defaultValue);
    } else if (f.type === "enum" && f.required && f.options?.length) {
      values[f.name] = String(f.options[0]);
    } else values[f.name] = "";
  }
  return values;
}

/** `value` as the input of `field` holds it (text, or a checkbox state); undefined when the field cannot take it. */
export function toFormValue(field: FormField, value: unknown): string | boolean | undefined {
  switch (field.type) {
    case "const":
      return undefined;
    case "enum":
      return field.options?.some((o) => o === value) ? String(value) : undefined;
    case "boolean":
      if (typeof value !== "boolean") return undefined;
      return isCheckbox(field) ? value : String(value);
    case "number":
    case "integer": {
      if (typeof value !== "number" || !Number.isFinite(value)) return undefined;
      if (field.type === "integer" && !Number.isInteger(value)) return undefined;
      if (
        field.min !== undefined && (field.minExclusive ? value <= field.min : value < field.min)
      ) {
        return undefined;
      }
      if (
        field.max !== undefined && (field.maxExclusive ? value >= field.max : value > field.max)
      ) {
        return undefined;
      }
      return String(value);
    }
    case "string":
      return typeof value === "string" ? value : undefined;
    default:
      return value === undefined ? undefined : JSON.stringify(value);
  }
}

/**
 * What the twin holds now for the fields of command `type`, so a form opens
 * on the twin's setting rather than on defaults. A `set_x` command with one
 * argument reads the twin's point `x` (a station's `mode`, a well's `spm`, a
 * site's `control_mode`) when its value is one the field allows (a stopped
 * pump's speed 0 is no speed setting); otherwise the arguments of the
 * newest executed command of that type count. Fields the twin tells
 * nothing about are left out.
 */
export function currentValues(
  type: string,
  fields: readonly FormField[],
  points: Readonly<Record<string, Point>>,
  records: readonly CommandRecord[],
): FormValues {
  const out: FormValues = {};
  if (fields.length === 1 && type.startsWith("set_")) {
    const point = points[type.slice(4)];
    const v = point && point.quality !== "bad" ? toFormValue(fields[0], point.value) : undefined;
    if (v !== undefined) return { [fields[0].name]: v };
  }
  const last = records.find((r) => r.type === type && r.status === "executed");
  for (const f of fields) {
    const v = last ? toFormValue(f, last.args[f.name]) : undefined;
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}

/** The `args` object for the values; blank optional fields are left out. */
export function buildArgs(
  fields: readonly FormField[],
  values: FormValues,
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = values[f.name];
    if (f.type === "const") {
      args[f.name] = f.options![0];
      continue;
    }
    if (typeof raw === "boolean") {
      args[f.name] = raw;
      continue;
    }
    const text = (raw ?? "").trim();
    if (text === "" && !(f.type === "string" && f.required)) continue;
    switch (f.type) {
      case "number":
      case "integer": {
        const n = Number(text);
        args[f.name] = Number.isFinite(n) ? n : text;
        break;
      }
      case "enum":
        args[f.name] = f.options?.find((o) => String(o) === text) ?? text;
        break;
      case "boolean":
        args[f.name] = text === "true" ? true : text === "false" ? false : text;
        break;
      case "json":
        try {
          args[f.name] = JSON.parse(text);
        } catch {
          args[f.name] = text;
        }
        break;
      default:
        args[f.name] = raw;
    }
  }
  return args;
}

/** The allowed range of a number field in words (`0 to 1`, `> 0, ≤ 12`), if it has one. */
export function rangeHint(f: FormField): string | undefined {
  const lo = f.min === undefined ? undefined : `${f.minExclusive ? ">" : "≥"} ${f.min}`;
  const hi = f.max === undefined ? undefined : `${f.maxExclusive ? "<" : "≤"} ${f.max}`;
  if (lo && hi && !f.minExclusive && !f.maxExclusive) return `${f.min} to ${f.max}`;
  if (lo && hi) return `${lo}, ${hi}`;
  return lo ?? hi;
}
