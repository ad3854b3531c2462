/**
 * Loads a plant file: JSON validated at load, with `count` entries expanded
 * into numbered twins and children (a station's pumps) added. Every problem
 * is reported at once, each naming the file, line and JSON path.
 *
 * @module
 */
import { z } from "zod";
import type { KindDefinition } from "../twins/kind.ts";
import type { KindRegistry } from "../twins/registry.ts";
import { formatPath, JsonLocator } from "./json_locator.ts";
import type { PlantSection } from "./plant_section.ts";

/**
 * Where a twin's values come from: its kind's simulator, a field driver
 * (`modbus`; the driver's plant section says which registers feed which
 * points), or nothing but commands.
 */
export type SourceConfig = { type: "simulator" } | { type: "modbus" } | { type: "none" };

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
  /** Every twin, parents before their children. */
  twins: TwinConfig[];
  /** Validated top-level sections beyond `twins` (devices, alarms, ...), by key. */
  sections: Record<string, unknown>;
  /** Where it was loaded from, if a file. */
  file?: string;
}

/** One problem found while loading a plant. */
export interface PlantProblem {
  /** JSON path, for example `twins[3].params.fans`. */
  path: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** 1-based column in the file, when known. */
  column?: number;
  /** What is wrong and what was expected. */
  message: string;
}

/** A plant that failed to load; `problems` lists every problem found. */
export class PlantError extends Error {
  /** Every problem found. */
  readonly problems: PlantProblem[];

  /** Build the error; the message lists the problems one per line. */
  constructor(file: string, problems: PlantProblem[]) {
    const lines = problems.map((p) =>
      `${file}${p.line ? `:${p.line}:${p.column}` : ""}: ${p.path}: ${p.message}`
    );
    super(`plant file has ${problems.length} problem(s):\n${lines.join("\n")}`);
    this.name = "PlantError";
    this.problems = problems;
  }
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const sourceSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("simulator") }),
  z.strictObject({ type: z.literal("modbus") }),
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
 * Throws {@linkcode PlantError} listing every problem.
 */
export async function loadPlantFile(
  path: string,
  kinds: KindRegistry,
  sections: readonly PlantSection[],
): Promise<Plant> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new PlantError(path, [{
      path: "(file)",
      message: `cannot read: ${(e as Error).message}`,
    }]);
  }
  return { ...parsePlant(text, kinds, sections, path), file: path };
}

/** Validate plant JSON text; `file` names it in messages. */
export function parsePlant(
  text: string,
  kinds: KindRegistry,
  sections: readonly PlantSection[],
  file = "<plant>",
): Plant {
  const locator = new JsonLocator(text);
  if (locator.syntaxErrors.length > 0) {
    throw new PlantError(
      file,
      locator.syntaxErrors.map((e) => ({ path: "(document)", ...e.position, message: e.message })),
    );
  }
  return validate(JSON.parse(text), kinds, sections, file, locator);
}

/** Validate an already parsed plant object (for plants built in code or sent over HTTP). */
export function validatePlant(
  doc: unknown,
  kinds: KindRegistry,
  sections: readonly PlantSection[],
  file = "<plant>",
): Plant {
  return validate(doc, kinds, sections, file, undefined);
}

function validate(
  doc: unknown,
  kinds: KindRegistry,
  sections: readonly PlantSection[],
  file: string,
  locator: JsonLocator | undefined,
): Plant {
  const problems: PlantProblem[] = [];
  const seen = new Set<string>();
  const report = (path: (string | number)[], message: string) => {
    const key = `${formatPath(path)}\u0000${message}`;
    if (seen.has(key)) return; // a `count` template repeats its problems once per copy
    seen.add(key);
    problems.push({ path: formatPath(path), ...locator?.locate(path), message });
  };

  const top = plantSchema(sections).safeParse(doc) as z.ZodSafeParseResult<
    z.output<typeof baseSchema> & Record<string, unknown>
  >;
  if (!top.success) {
    for (const issue of top.error.issues) report(issue.path as (string | number)[], issue.message);
    throw new PlantError(file, problems);
  }

  const twins: TwinConfig[] = [];
  const where = new Map<string, string>();
  const add = (config: TwinConfig, path: (string | number)[]) => {
    if (!ID_PATTERN.test(config.id)) {
      report([...path, "id"], `id "${config.id}" may hold only letters, digits, '_', '.', '-'`);
      return;
    }
    const first = where.get(config.id);
    if (first) {
      report([...path, "id"], `duplicate twin id "${config.id}" (first defined at ${first})`);
      return;
    }
    where.set(config.id, config.path);
    twins.push(config);
  };

  top.data.twins.forEach((raw, index) => {
    const path: (string | number)[] = ["twins", index];
    const entry = twinEntrySchema.safeParse(raw);
    if (!entry.success) {
      for (const issue of entry.error.issues) {
        report([...path, ...(issue.path as (string | number)[])], issue.message);
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
    const numbers = e.count === undefined
      ? [undefined]
      : Array.from({ length: e.count }, (_, k) => e.from + k);
    if (e.count !== undefined && !/\{i(:\d+)?\}/.test(e.id)) {
      report(
        [...path, "id"],
        `an entry with "count" needs "{i}" in its id, for example "${e.id}-{i:03}"`,
      );
      return;
    }
    for (const n of numbers) {
      const expand = <T>(v: T): T => n === undefined ? v : substitute(v, n);
      const params = def.params.safeParse(expand(e.params));
      if (!params.success) {
        for (const issue of params.error.issues) {
          report([...path, "params", ...(issue.path as (string | number)[])], issue.message);
        }
        continue;
      }
      const id = expand(e.id);
      add({
        id,
        kind: e.kind,
        name: expand(e.name) ?? id,
        params: params.data,
        source: e.source,
        path: formatPath(path),
      }, path);
      for (
        const child of childConfigs(
          def,
          { id, source: e.source, path: formatPath(path) },
          params.data,
        )
      ) {
        if (!kinds.has(child.kind)) {
          report([...path, "params"], `child "${child.id}" has unknown kind "${child.kind}"`);
          continue;
        }
        add(child, path);
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
    values[section.key] = section.validate(raw[section.key], { twins: byId, kinds, report });
  }

  if (problems.length > 0) throw new PlantError(file, problems);
  const p = top.data;
  return {
    name: p.name,
    description: p.description,
    seed: p.seed,
    startMs: Date.parse(p.start),
    stepS: p.step_s,
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
