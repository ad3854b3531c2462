/**
 * The what-if page's form as data: an example set of variants that fits the
 * plant (so "Run" works at once), the quick controls that write a demand
 * scale or an ambient offset into the first variant's JSON, and the spec
 * built from the form with local errors that name the JSON path before
 * anything is sent (the server checks the rest and names its path too).
 *
 * @module
 */

/** What the form holds. */
export interface WhatifForm {
  /** Study name. */
  name: string;
  /** `running`, or `file` to fork the plant file at `plantPath`. */
  base: "running" | "file";
  /** Plant file path, when `base` is `file`. */
  plantPath: string;
  /**
   * With the running plant: start from `now` (its state: levels,
   * temperatures, faults, alarm states) or from its `initial` conditions.
   */
  from: "now" | "initial";
  /** Virtual time each run covers (`24h`, `90m`...). */
  duration: string;
  /** The variants as JSON text (an array of `{ name, overrides }`). */
  variantsText: string;
}

/** A spec ready to POST, or the first problem found. */
export type BuiltSpec =
  | { ok: true; spec: Record<string, unknown> }
  | { ok: false; field: "plantPath" | "duration" | "variants"; error: string };

/** A variant as the editor holds it. */
interface Variant {
  name?: unknown;
  overrides?: Record<string, unknown>;
}

const DURATION = /^(\d+(\.\d+)?d)?(\d+(\.\d+)?h)?(\d+(\.\d+)?m)?(\d+(\.\d+)?s)?(\d+ms)?$/;

/** Variants that make sense for a plant with twins of these kinds (pump stations, cooling sites). */
export function exampleVariants(kinds: readonly string[]): unknown[] {
  const has = (k: string) => kinds.includes(k);
  if (has("pump_station")) {
    return [{ name: "demand x1.2", overrides: { demand: { scale: 1.2 } } }];
  }
  if (has("cooling_site")) {
    return [{ name: "hot day", overrides: { ambient: { offset_c: 8 } } }];
  }
  if (has("oil_well")) {
    return [{ name: "slower wells", overrides: { setpoints: [{ twin: "*", spm: 6 }] } }];
  }
  return [{ name: "as is" }];
}

/** Pretty JSON as the editor shows it. */
export function variantsJson(variants: unknown): string {
  return JSON.stringify(variants, null, 2);
}

/** JSON.parse with a message that says where, as `line L, column C`. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const msg = (e as Error).message;
    const at = /position (\d+)/.exec(msg);
    if (!at) return { ok: false, error: `variants: not JSON: ${msg}` };
    const before = text.slice(0, Number(at[1])).split("\n");
    return {
      ok: false,
      error: `variants: not JSON at line ${before.length}, column ${
        before[before.length - 1].length + 1
      }: ${msg.replace(/ in JSON at position \d+.*$/, "")}`,
    };
  }
}

/** The variants in the editor, checked for shape (an array of objects with unique names). */
export function parseVariants(
  text: string,
): { ok: true; variants: Variant[] } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, variants: [] };
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  if (!Array.isArray(v)) return { ok: false, error: "variants: expected an array of variants" };
  const names = new Set<string>();
  for (let i = 0; i < v.length; i++) {
    const item = v[i];
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      return { ok: false, error: `variants[${i}]: expected an object { "name", "overrides" }` };
    }
    const { name, overrides } = item as Variant;
    if (typeof name !== "string" || !name) {
      return { ok: false, error: `variants[${i}].name: a name is needed` };
    }
    if (name === "baseline") {
      return { ok: false, error: `variants[${i}].name: "baseline" is taken` };
    }
    if (names.has(name)) return { ok: false, error: `variants[${i}].name: "${name}" twice` };
    names.add(name);
    if (
      overrides !== undefined && (!overrides || typeof overrides !== "object" ||
        Array.isArray(overrides))
    ) {
      return { ok: false, error: `variants[${i}].overrides: expected an object` };
    }
  }
  return { ok: true, variants: v as Variant[] };
}

/** The spec to POST, or the first problem with the field it belongs to. */
export function buildSpec(form: WhatifForm): BuiltSpec {
  const duration = form.duration.trim();
  if (!duration || !DURATION.test(duration)) {
    return {
      ok: false,
      field: "duration",
      error: `duration: "${form.duration}" is not a duration like 24h, 90m or 1h30m`,
    };
  }
  const path = form.plantPath.trim();
  if (form.base === "file" && !path) {
    return { ok: false, field: "plantPath", error: "base.plant: type a plant file path" };
  }
  const parsed = parseVariants(form.variantsText);
  if (!parsed.ok) return { ok: false, field: "variants", error: parsed.error };
  const spec: Record<string, unknown> = {
    name: form.name.trim() || "what-if",
    base: form.base === "file" ? { plant: path } : "running",
    duration,
  };
  if (form.base === "running" && form.from === "now") spec.from = "now";
  if (parsed.variants.length) spec.variants = parsed.variants;
  return { ok: true, spec };
}

/** Values the quick controls read from the first variant (undefined when absent or unreadable). */
export function quickValues(text: string): { demandScale?: number; ambientOffset?: number } {
  const parsed = parseVariants(text);
  if (!parsed.ok || !parsed.variants.length) return {};
  const o = parsed.variants[0].overrides ?? {};
  const demand = o.demand as { scale?: unknown } | undefined;
  const ambient = o.ambient as { offset_c?: unknown } | undefined;
  return {
    demandScale: typeof demand?.scale === "number" ? demand.scale : undefined,
    ambientOffset: typeof ambient?.offset_c === "number" ? ambient.offset_c : undefined,
  };
}

/**
 * Write a quick control into the first variant's overrides (creating the
 * variant when there is none); `undefined` removes it. Returns the new
 * text, or an error when the editor's JSON cannot be read.
 */
export function applyQuick(
  text: string,
  control: "demandScale" | "ambientOffset",
  value: number | undefined,
): { ok: true; text: string } | { ok: false; error: string } {
  const parsed = parseVariants(text);
  if (!parsed.ok) return parsed;
  const variants = parsed.variants.map((v) => ({ ...v }));
  if (!variants.length) variants.push({ name: "whatif" });
  const first = variants[0];
  const overrides = { ...(first.overrides ?? {}) };
  const [key, field] = control === "demandScale" ? ["demand", "scale"] : ["ambient", "offset_c"];
  const section = { ...(overrides[key] as Record<string, unknown> ?? {}) };
  if (value === undefined) delete section[field];
  else section[field] = value;
  if (Object.keys(section).length) overrides[key] = section;
  else delete overrides[key];
  first.overrides = overrides;
  if (!Object.keys(overrides).length) delete first.overrides;
  return { ok: true, text: variantsJson(variants) };
}
