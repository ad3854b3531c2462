/**
 * A twin's JSON written straight from its tables, without building the view
 * object first. Every change of every twin is serialised once for the SSE
 * stream; with a thousand viewers the step's frames wait behind it, and
 * building `view()` (an object per point) and then `JSON.stringify` took
 * about a quarter of the fan-out's time. The writer is generated once per
 * list of points and source family (source_family.ts), with the names and
 * units as JSON constants, and yields exactly `JSON.stringify(twin.view())`
 * (a test compares them over random twins).
 *
 * @module
 */
import type { PointSpec } from "./point.ts";
import { familyLine } from "./source_family.ts";

/** What the writer reads of a twin: the fields of its view. */
export interface JsonTwin {
  /** Stable id. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** Top-level mode. */
  readonly mode: string;
  /** Whether it runs. */
  readonly running: boolean;
  /** Parent id, if any. */
  readonly parent: string | undefined;
  /** The source's type, if any. */
  readonly source: { readonly type: string } | undefined;
  /** Latest values by point name. */
  readonly values: Record<string, unknown>;
  /** Qualities that are not good. */
  readonly quality: Record<string, string>;
  /** Per-point source times. */
  readonly times: Record<string, number>;
  /** Time of the latest full sample. */
  readonly sampleTs: number;
  /** Change counter. */
  readonly version: number;
}

/** Writes one twin's JSON for a fixed list of points. */
export type TwinJsonWriter = (twin: JsonTwin) => string;

/** A number as `JSON.stringify` writes it (NaN and infinities are null). */
function numberJson(n: number): string {
  return Number.isFinite(n) ? "" + n : "null";
}

/** A point's value as JSON, as `JSON.stringify` writes it. */
function valueJson(v: unknown): string {
  if (typeof v === "number") return numberJson(v);
  if (v === undefined || v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  return JSON.stringify(v);
}

/** A point name an object would list before the others (an array index), which the writer cannot place. */
function isIndex(name: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(name) && Number(name) < 2 ** 32 - 1;
}

/**
 * The writer for twins of `kind` fed by `family` whose points are `specs`,
 * in order; or undefined when a point's name is an array index (an object
 * lists those first, so only `JSON.stringify` of the view gets their order
 * right).
 */
export function compileTwinJson(
  kind: string,
  specs: readonly (readonly [string, PointSpec])[],
  family = "",
): TwinJsonWriter | undefined {
  if (specs.some(([name]) => isIndex(name))) return undefined;
  const lit = (s: string) => JSON.stringify(s);
  const body: string[] = [];
  specs.forEach(([name, spec], i) => {
    const key = lit(name);
    const open = lit(`${i === 0 ? "" : ","}${JSON.stringify(name)}:{"value":`);
    const unit = lit(`,"unit":${JSON.stringify(spec.unit)},"quality":`);
    const bad = lit(`null,"unit":${JSON.stringify(spec.unit)},"quality":"bad","ts":0}`);
    body.push(
      `v = values[${key}];`,
      `if (v === undefined) o += ${open} + ${bad};`,
      `else { q = quality[${key}]; t = times[${key}];`,
      `  o += ${open} + (typeof v === "number" && v === v && v !== Infinity && v !== -Infinity ? "" + v : valueJson(v))`,
      `    + ${unit} + (q === undefined ? '"good"' : str(q)) + ',"ts":' + num(t === undefined ? sampleTs : t) + "}"; }`,
    );
  });
  const fnName = `twin_json_${kind.replace(/\W/g, "_")}`;
  const src = `return function ${fnName}(twin) {
  ${familyLine(family)}
  const values = twin.values, quality = twin.quality, times = twin.times, sampleTs = twin.sampleTs;
  let v, q, t;
  let o = '{"id":' + str(twin.id) + ',"name":' + str(twin.name) + ${
    lit(`,"kind":${lit(kind)},"mode":`)
  }
    + str(twin.mode) + ',"running":' + (twin.running ? "true" : "false")
    + (twin.parent ? ',"parent":' + str(twin.parent) : "")
    + ',"source":' + str(twin.source ? twin.source.type : "none") + ',"points":{';
  ${body.join("\n  ")}
  return o + '},"version":' + twin.version + "}";
};`;
  return new Function("valueJson", "str", "num", src)(
    valueJson,
    JSON.stringify,
    numberJson,
  ) as TwinJsonWriter;
}

// Generated code, not plant state: one memo serves every runtime in the process.
const writers = new Map<string, TwinJsonWriter | undefined>();

/** The shared writer for `kind` fed by `family` with points `specs` (see {@linkcode compileTwinJson}). */
export function twinJsonWriter(
  kind: string,
  specs: readonly (readonly [string, PointSpec])[],
  family = "",
): TwinJsonWriter | undefined {
  const key = JSON.stringify([kind, family, specs.map(([name, spec]) => [name, spec.unit])]);
  if (!writers.has(key)) writers.set(key, compileTwinJson(kind, specs, family));
  return writers.get(key);
}
