/**
 * Turns a command's args JSON Schema (from GET /api/kinds) into form fields,
 * and the form's values back into the `args` object. The server stays the
 * judge of what is valid: a value the form cannot make sense of is sent as
 * typed, so the user sees the server's own message about it.
 *
 * @module
 */
import type { JsonSchema } from "./api_types.ts";

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
