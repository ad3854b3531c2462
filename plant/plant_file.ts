/**
 * Loads a plant file: JSON validated at load, with `count` entries expanded
 * into numbered twins and children (a station's pumps) added. Every problem
 * is reported at once (the first few of each kind, the rest counted), each
 * naming the file, line and JSON path. The file is held to
 * {@linkcode PLANT_LIMITS} (size, nesting, array sizes, id length, twins),
 * so no file can run the loader out of memory or stack.
 *
 * @module
 */
import { z } from "zod";
import type { KindDefinition } from "../twins/kind.ts";
import type { KindRegistry } from "../twins/registry.ts";
import { checkBounds, countValues } from "./json_bounds.ts";
import { formatPath, JsonLocator } from "./json_locator.ts";
import { PlantError } from "./plant_error.ts";
import { PLANT_LIMITS, type PlantLimits } from "./plant_limits.ts";
import type { PlantSection } from "./plant_section.ts";
import { decodePlantBytes, findTooDeep } from "./plant_text.ts";
import { type JsonPath, ProblemList, TooManyProblems } from "./problem_list.ts";

/**
 * Where a twin's values come from: its kind's simulator, a field driver
 * (`modbus`; the driver's plant section says which registers feed which
 * points), a recording (`replay`; the `recordings` section maps its
 * columns), or nothing but commands.
 */
export type SourceConfig =
  | { type: "simulator" }
  | { type: "modbus" }
  | { type: "replay" }
  | { type: "none" };

/** One twin of a loaded plant. */
export interface TwinConfig {
  /** Stable id. */
  id: string;
  /** Asset kind. */
  kind: string;
  /** Display name. */
  name: string;
  /** Parameters, validated by the kind's schema (defaults applied). */
  params: unknown;
  /** Source of values. */
  source: SourceConfig;
  /** Parent twin id for children. */
  parent?: string;
  /** JSON path of the entry it came from, for messages. */
  path: string;
}

/** A validated plant. */
export interface Plant {
  /** Plant name. */
  name: string;
  /** What the plant is. */
  description: string;
  /** Seed of every random stream in the plant. */
  seed: number;
  /** Start of virtual time (epoch ms). */
  startMs: number;
  /** Simulation step in seconds. */
  stepS: number;
  /** A point sampled one by one turns `uncertain` after this many source periods without a sample. */
  staleAfterPeriods: number;
  /** Every twin, parents before their children. */
  twins: TwinConfig[];
  /** Validated top-level sections beyond `twins` (devices, alarms, ...), by key. */
  sections: Record<string, unknown>;
  /** Where it was loaded from, if a file. */
  file?: string;
}

export { PlantError, type PlantProblem } from "./plant_error.ts";

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const sourceSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("simulator") }),
  z.strictObject({ type: z.literal("modbus") }),
  z.strictObject({ type: z.literal("replay") }),
  z.strictObject({ type: z.literal("none") }),
]);

const twinEntrySchema = z.strictObject({
  id: z.string().min(1, "expected a non-empty id"),
  kind: z.string().min(1),
  name: z.string().optional(),
  count: z.int().min(1).max(100_000).optional(),
  from: z.int().min(0).default(1),
  params: z.record(z.string(), z.unknown()).default({}),
  source: sourceSchema.default({ type: "simulator" }),
});

const baseSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(""),
  seed: z.int().default(1),
  start: z.iso.datetime({ offset: true }).default("2026-01-01T00:00:00Z"),
  step_s: z.number().positive().max(3600).default(1),
  stale_after_periods: z.number().min(1).max(1_000).default(3),
  twins: z.array(z.unknown()).min(1, "a plant needs at least one twin"),
});

function plantSchema(sections: readonly PlantSection[]) {
  return baseSchema.extend(
    Object.fromEntries(sections.map((s) => [s.key, z.unknown().optional()])),
  );
}

/**
 * Read and validate a plant file against `kinds` and the top-level `sections`
 * the caller knows (the application passes its own, see app/plant_sections.ts).
 * Throws {@linkcode PlantError} listing the problems.
 */
export async function loadPlantFile(
  path: string,
  kinds: KindRegistry,
  sections: readonly PlantSection[],
  limits: PlantLimits = PLANT_LIMITS,
): Promise<Plant> {
  let bytes: Uint8Array;
  try {
    const { size } = await Deno.stat(path);
    if (size > limits.maxFileBytes) throw tooLarge(path, size, limits);
    bytes = await Deno.readFile(path);
  } catch (e) {
    if (e instanceof PlantError) throw e;
    throw new PlantError(path, [{
      path: "(file)",
      message: `cannot read: ${(e as Error).message}`,
    }]);
  }
  return { ...parsePlantBytes(bytes, kinds, sections, path, limits), file: path };
}

/** Validate the bytes of a plant file (UTF-8, a byte-order mark allowed); `file` names it in messages. */
export function parsePlantBytes(
  bytes: Uint8Array,
  kinds: KindRegistry,
  sections: readonly PlantSection[],
  file = "<plant>",
  limits: PlantLimits = PLANT_LIMITS,
): Plant {
  if (bytes.length > limits.maxFileBytes) throw tooLarge(file, bytes.length, limits);
  const decoded = decodePlantBytes(bytes);
  if ("problem" in decoded) {
    throw new PlantError(file, [{
      path: "(document)",
      ...decoded.problem.position,
      message: decoded.problem.message,
    }]);
  }
  return parsePlant(decoded.text, kinds, sections, file, limits);
}

/** Validate plant JSON text; `file` names it in messages. */
export function parsePlant(
  text: string,
  kinds: KindRegistry,
  sections: readonly PlantSection[],
  file = "<plant>",
  limits: PlantLimits = PLANT_LIMITS,
): Plant {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte-order mark
  if (text.length > limits.maxFileBytes) throw tooLarge(file, text.length, limits);
  const locator = new JsonLocator(text);
  const tooDeep = findTooDeep(text, limits.maxDepth);
  if (tooDeep) {
    throw new PlantError(file, [{
      path: formatPath(tooDeep.path),
      ...locator.positionAt(tooDeep.offset),
      message: `nested deeper than ${limits.maxDepth} levels`,
    }]);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw syntaxError(file, locator, e as Error, limits);
  }
  return validate(doc, kinds, sections, file, locator, limits);
}

/** Validate an already parsed plant object (for plants built in code or sent over HTTP). */
export function validatePlant(
  doc: unknown,
  kinds: KindRegistry,
  sections: readonly PlantSection[],
  file = "<plant>",
  limits: PlantLimits = PLANT_LIMITS,
): Plant {
  return validate(doc, kinds, sections, file, undefined, limits);
}

function tooLarge(file: string, size: number, limits: PlantLimits): PlantError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return new PlantError(file, [{
    path: "(file)",
    line: 1,
    column: 1,
    message: `the file is ${mb(size)}; at most ${mb(limits.maxFileBytes)} allowed`,
  }]);
}

function syntaxError(
  file: string,
  locator: JsonLocator,
  e: Error,
  limits: PlantLimits,
): PlantError {
  const problems = new ProblemList(limits);
  const errors = locator.syntaxErrors();
  try {
    if (locator.text.includes("\u0000")) {
      problems.report(
        [],
        "the text holds NUL characters: is the file UTF-16? Plant files are UTF-8",
        { line: 1, column: 1 },
      );
    }
    for (const error of errors) problems.report([], error.message, error.position);
  } catch (stop) {
    if (!(stop instanceof TooManyProblems)) throw stop;
  }
  if (problems.size === 0) {
    // JSON.parse is the judge; the locating parser found nothing to point at.
    const at = /position (\d+)/.exec(e.message);
    problems.report(
      [],
      `JSON syntax error: ${e.message}`,
      locator.positionAt(at ? Number(at[1]) : 0),
    );
  }
  return problems.error(file);
}

function validate(
  doc: unknown,
  kinds: KindRegistry,
  sections: readonly PlantSection[],
  file: string,
  locator: JsonLocator | undefined,
  limits: PlantLimits,
): Plant {
  const problems = new ProblemList(limits);
  const report = (path: JsonPath, message: string) => problems.report(path, message);
  try {
    checkBounds(doc, limits, report);
    if (problems.size > 0) throw problems.error(file, locator);
    const plant = check(doc, kinds, sections, limits, report);
    if (problems.size > 0 || !plant) throw problems.error(file, locator);
    return plant;
  } catch (e) {
    if (e instanceof TooManyProblems) throw problems.error(file, locator);
    throw e;
  }
}

/** The checks proper; problems go to `report`; returns the plant when the document parsed at all. */
function check(
  doc: unknown,
  kinds: KindRegistry,
  sections: readonly PlantSection[],
  limits: PlantLimits,
  report: (path: JsonPath, message: string) => void,
): Plant | undefined {
  const top = plantSchema(sections).safeParse(doc) as z.ZodSafeParseResult<
    z.output<typeof baseSchema> & Record<string, unknown>
  >;
  if (!top.success) {
    for (const issue of top.error.issues) report(issue.path as JsonPath, issue.message);
    return undefined;
  }

  const twins: TwinConfig[] = [];
  const where = new Map<string, string>();
  let full = false;
  const add = (config: TwinConfig, path: JsonPath): boolean => {
    if (config.id.length > limits.maxIdLength) {
      report(
        [...path, "id"],
        `id of ${config.id.length} characters; at most ${limits.maxIdLength} allowed`,
      );
      return true;
    }
    if (!ID_PATTERN.test(config.id)) {
      report([...path, "id"], `id "${config.id}" may hold only letters, digits, '_', '.', '-'`);
      return true;
    }
    const first = where.get(config.id);
    if (first) {
      report([...path, "id"], `duplicate twin id "${config.id}" (first defined at ${first})`);
      return true;
    }
    if (twins.length >= limits.maxTwins) {
      report(
        path,
        `the plant would have more than ${limits.maxTwins.toLocaleString("en-US")} twins`,
      );
      full = true;
      return false;
    }
    where.set(config.id, config.path);
    twins.push(config);
    return true;
  };

  top.data.twins.forEach((raw, index) => {
    if (full) return;
    const path: JsonPath = ["twins", index];
    const entry = twinEntrySchema.safeParse(raw);
    if (!entry.success) {
      for (const issue of entry.error.issues) {
        report([...path, ...(issue.path as JsonPath)], issue.message);
      }
      return;
    }
    const e = entry.data;
    const def = kinds.get(e.kind);
    if (!def) {
      report(
        [...path, "kind"],
        `unknown kind "${e.kind}"; known kinds: ${[...kinds.keys()].join(", ")}`,
      );
      return;
    }
    if (e.count !== undefined && !/\{i(:\d+)?\}/.test(e.id)) {
      report(
        [...path, "id"],
        `an entry with "count" needs "{i}" in its id, for example "${e.id}-{i:03}"`,
      );
      return;
    }
    const wide = widePadding(raw, path, limits.maxPadWidth);
    if (wide) {
      report(wide, `"{i:NN}" may pad to at most ${limits.maxPadWidth} digits`);
      return;
    }
    const values = e.count === undefined
      ? 0
      : e.count * countValues(e.params, limits.maxExpandedValues);
    if (values > limits.maxExpandedValues) {
      report(
        [...path, "count"],
        `count ${e.count} copies of these params make ${
          values.toLocaleString("en-US")
        } values; at most ${limits.maxExpandedValues.toLocaleString("en-US")} allowed`,
      );
      return;
    }
    const numbers = e.count === undefined
      ? [undefined]
      : Array.from({ length: e.count }, (_, k) => e.from + k);
    // Without a placeholder in its params every copy parses the same: parse once, and the
    // copies share the parsed params (a twin's params are replaced, never changed in place).
    const templated = e.count !== undefined && hasPlaceholder(e.params);
    const once = templated ? undefined : def.params.safeParse(e.params);
    for (const n of numbers) {
      const expand = <T>(v: T): T => n === undefined ? v : substitute(v, n);
      const params = once ?? def.params.safeParse(expand(e.params));
      if (!params.success) {
        for (const issue of params.error.issues) {
          report([...path, "params", ...(issue.path as JsonPath)], issue.message);
        }
        if (templated) continue;
        return;
      }
      const id = expand(e.id);
      const parent = { id, source: e.source, path: formatPath(path) };
      if (
        !add({ ...parent, kind: e.kind, name: expand(e.name) ?? id, params: params.data }, path)
      ) {
        return;
      }
      for (const child of childConfigs(def, parent, params.data)) {
        if (!kinds.has(child.kind)) {
          report([...path, "params"], `child "${child.id}" has unknown kind "${child.kind}"`);
          continue;
        }
        if (!add(child, path)) return;
      }
    }
  });

  // References to other twins (an RTU's assets) must resolve.
  for (const twin of twins) {
    const refs = kinds.get(twin.kind)?.references?.(twin.params) ?? [];
    for (const ref of refs) {
      if (!where.has(ref)) {
        const index = Number(/^twins\[(\d+)\]/.exec(twin.path)?.[1]);
        report(["twins", index, "params"], `twin "${twin.id}" refers to unknown twin "${ref}"`);
      }
    }
  }

  const byId = new Map(twins.map((t) => [t.id, t]));
  const values: Record<string, unknown> = {};
  const raw = top.data;
  for (const section of sections) {
    if (raw[section.key] === undefined) continue;
    try {
      values[section.key] = section.validate(raw[section.key], { twins: byId, kinds, report });
    } catch (e) {
      if (e instanceof TooManyProblems) throw e;
      // A validator that throws has a bug; the plant still gets a plant error, not a crash.
      report(
        [section.key],
        `could not be checked (a bug in the loader, please report it): ${(e as Error).message}`,
      );
    }
  }

  const p = top.data;
  return {
    name: p.name,
    description: p.description,
    seed: p.seed,
    startMs: Date.parse(p.start),
    stepS: p.step_s,
    staleAfterPeriods: p.stale_after_periods,
    twins,
    sections: values,
  };
}

/**
 * The configurations of the children a twin's kind creates for `params` (a
 * station's pumps): they share the parent's source and plant-file entry.
 */
export function childConfigs(
  def: KindDefinition<unknown>,
  parent: Pick<TwinConfig, "id" | "source" | "path">,
  params: unknown,
): TwinConfig[] {
  return (def.children?.(parent.id, params) ?? []).map((child) => ({
    id: child.id,
    kind: child.kind,
    name: child.id,
    params: child.params,
    source: parent.source,
    parent: parent.id,
    path: parent.path,
  }));
}

/** The path of the first string under `value` whose `{i:NN}` pads wider than `max`. */
function widePadding(value: unknown, path: JsonPath, max: number): JsonPath | undefined {
  if (typeof value === "string") {
    for (const m of value.matchAll(/\{i:(\d+)\}/g)) if (Number(m[1]) > max) return path;
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const found = widePadding(v, [...path, Array.isArray(value) ? Number(k) : k], max);
      if (found) return found;
    }
  }
  return undefined;
}

/** Whether any string under `value` holds `{i}` or `{i:NN}`. */
function hasPlaceholder(value: unknown): boolean {
  if (typeof value === "string") return /\{i(:\d+)?\}/.test(value);
  if (value && typeof value === "object") return Object.values(value).some(hasPlaceholder);
  return false;
}

/** Replace `{i}` and `{i:03}` (zero-padded) in every string of `value`. */
function substitute<T>(value: T, n: number): T {
  if (typeof value === "string") {
    return value.replace(
      /\{i(?::(\d+))?\}/g,
      (_, width?: string) => String(n).padStart(width ? Number(width) : 0, "0"),
    ) as T;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, n)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substitute(v, n)]),
    ) as T;
  }
  return value;
}
