/**
 * A plant snapshot as a JSON file: what `GET /api/whatif/snapshot`
 * downloads and `deno task whatif ... --from-snapshot FILE` reads, so a
 * fork "from now" can run where no plant runs.
 *
 * The snapshot is structured-clone data (simulator states hold NaN, typed
 * arrays and the like), so the file tags what JSON cannot say and reading
 * gives back the same values bit for bit: a non-finite number or -0 is
 * `{"$number": "NaN"}`, a typed array `{"$typed": "Float64Array", "values":
 * [...]}`, an undefined field `{"$undefined": true}`.
 *
 * Reading checks the file against the plant file it is used with, naming
 * the JSON path or the twin of the first misfit: a version this code does
 * not read, a twin the plant file does not have, a twin of another kind.
 * Documented in docs/whatif.md.
 *
 * @module
 */
import type { Plant } from "../plant/plant_file.ts";
import { PLANT_SNAPSHOT_VERSION, type PlantSnapshot } from "./plant_snapshot.ts";

/** A snapshot file that does not fit; `path` is the JSON path of the problem. */
export class SnapshotFileError extends Error {
  /** JSON path in the file (`twins["p1"].kind`), empty for the whole file. */
  readonly path: string;

  /** Build for `path` with the reason. */
  constructor(path: string, reason: string) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = "SnapshotFileError";
    this.path = path;
  }
}

const TYPED: Record<string, new (values: number[]) => ArrayLike<number>> = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
};

/** `snapshot` as JSON text that {@linkcode parseSnapshotJson} reads back exactly. */
export function snapshotToJson(snapshot: PlantSnapshot): string {
  return JSON.stringify(snapshot, (key: string, value: unknown) => {
    if (typeof value === "number") {
      return Number.isFinite(value) && !Object.is(value, -0) ? value : { $number: String(value) };
    }
    if (value === undefined && key !== "") return { $undefined: true };
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const name = value.constructor.name;
      if (!(name in TYPED)) throw new Error(`cannot write a ${name} into a snapshot file`);
      return { $typed: name, values: Array.from(value as unknown as ArrayLike<number>) };
    }
    if (value instanceof Map || value instanceof Set) {
      throw new Error(`cannot write a ${value.constructor.name} at "${key}" into a snapshot file`);
    }
    return value;
  });
}

// Twins and simulators are keyed by twin id, named as the checks below name them.
function childPath(path: string, k: string): string {
  if (path === "") return k;
  if (path === "twins" || path === "simulators" || !/^[A-Za-z_]\w*$/.test(k)) {
    return `${path}["${k}"]`;
  }
  return `${path}.${k}`;
}

function decode(x: unknown, path: string): unknown {
  if (Array.isArray(x)) return x.map((v, i) => decode(v, `${path}[${i}]`));
  if (x === null || typeof x !== "object") return x;
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === "$number") {
    const n = { "NaN": NaN, "Infinity": Infinity, "-Infinity": -Infinity, "0": -0 }[
      String(o.$number)
    ];
    if (n === undefined) {
      throw new SnapshotFileError(path, `bad number ${JSON.stringify(o.$number)}`);
    }
    return n;
  }
  if (keys.length === 1 && keys[0] === "$undefined") return undefined;
  if (keys.length === 2 && "$typed" in o && Array.isArray(o.values)) {
    const make = TYPED[String(o.$typed)];
    if (!make) throw new SnapshotFileError(path, `unknown array type ${JSON.stringify(o.$typed)}`);
    return new make(o.values.map((v, i) => decode(v, `${path}.values[${i}]`) as number));
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    out[k] = decode(o[k], childPath(path, k));
  }
  return out;
}

function obj(x: unknown, path: string): Record<string, unknown> {
  if (typeof x !== "object" || x === null || Array.isArray(x)) {
    throw new SnapshotFileError(path, "expected an object");
  }
  return x as Record<string, unknown>;
}

function num(x: unknown, path: string): number {
  if (typeof x !== "number" || Number.isNaN(x)) {
    throw new SnapshotFileError(path, "expected a number");
  }
  return x;
}

function str(x: unknown, path: string): string {
  if (typeof x !== "string") throw new SnapshotFileError(path, "expected a string");
  return x;
}

function arr(x: unknown, path: string): unknown[] {
  if (!Array.isArray(x)) throw new SnapshotFileError(path, "expected an array");
  return x;
}

/**
 * Read a snapshot file's text and check it against `plant` (the plant
 * file the fork runs): throws a {@linkcode SnapshotFileError} naming the
 * JSON path or twin of the first problem. Twins the plant file has and the
 * snapshot lacks are not an error: they start from their initial
 * conditions, and the runs' warnings say so.
 */
export function parseSnapshotJson(text: string, plant: Plant): PlantSnapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SnapshotFileError("", `not JSON: ${(e as Error).message}`);
  }
  const doc = obj(decode(raw, ""), "(file)");
  if (doc.version !== PLANT_SNAPSHOT_VERSION) {
    throw new SnapshotFileError(
      "version",
      `this fieldtwin reads plant snapshots of version ${PLANT_SNAPSHOT_VERSION}, got ${
        JSON.stringify(doc.version) ?? "none"
      }`,
    );
  }
  num(doc.atMs, "atMs");
  num(doc.dayStartMs, "dayStartMs");
  str(doc.plant, "plant");
  const kinds = new Map(plant.twins.map((t) => [t.id, t.kind]));
  const where = `the plant file "${plant.name}"`;
  const twins = obj(doc.twins, "twins");
  for (const [id, t] of Object.entries(twins)) {
    const p = `twins["${id}"]`;
    const twin = obj(t, p);
    const kind = str(twin.kind, `${p}.kind`);
    const parent = twin.parent;
    if (parent !== undefined) {
      if (!kinds.has(str(parent, `${p}.parent`))) {
        throw new SnapshotFileError(`${p}.parent`, `unknown twin "${parent}": ${where} has none`);
      }
    } else if (!kinds.has(id)) {
      throw new SnapshotFileError(p, `unknown twin "${id}": ${where} has none`);
    } else if (kinds.get(id) !== kind) {
      throw new SnapshotFileError(
        `${p}.kind`,
        `"${id}" is a ${kind} in the snapshot, a ${kinds.get(id)} in ${where}`,
      );
    }
    str(twin.mode, `${p}.mode`);
    obj(twin.values, `${p}.values`);
    obj(twin.quality, `${p}.quality`);
    obj(twin.times, `${p}.times`);
    num(twin.sampleTs, `${p}.sampleTs`);
    num(twin.ts, `${p}.ts`);
  }
  for (const [id, s] of Object.entries(obj(doc.simulators, "simulators"))) {
    const p = `simulators["${id}"]`;
    if (!(id in twins)) throw new SnapshotFileError(p, `no twin "${id}" in the snapshot's twins`);
    str(obj(s, p).model, `${p}.model`);
  }
  arr(doc.alarms, "alarms").forEach((a, i) => obj(a, `alarms[${i}]`));
  if (doc.alarmJudging !== undefined) {
    arr(doc.alarmJudging, "alarmJudging").forEach((a, i) => {
      const p = `alarmJudging[${i}]`;
      const j = obj(a, p);
      str(j.id, `${p}.id`);
      str(obj(j.life, `${p}.life`).state, `${p}.life.state`);
      for (const k of ["delayLeftMs", "lifeLeftMs"]) if (j[k] !== null) num(j[k], `${p}.${k}`);
    });
  }
  if (doc.alarmMetrics !== undefined) {
    const m = obj(doc.alarmMetrics, "alarmMetrics");
    num(m.startedAt, "alarmMetrics.startedAt");
    num(m.total, "alarmMetrics.total");
    arr(m.window, "alarmMetrics.window").forEach((t, i) => num(t, `alarmMetrics.window[${i}]`));
    arr(m.episodes, "alarmMetrics.episodes").forEach((e, i) => {
      num(obj(e, `alarmMetrics.episodes[${i}]`).start, `alarmMetrics.episodes[${i}].start`);
    });
    arr(m.alarms, "alarmMetrics.alarms").forEach((a, i) => {
      const p = `alarmMetrics.alarms[${i}]`;
      const entry = obj(a, p);
      str(entry.alarm, `${p}.alarm`);
      num(entry.count, `${p}.count`);
      arr(entry.recent, `${p}.recent`).forEach((t, k) => num(t, `${p}.recent[${k}]`));
    });
  }
  arr(doc.timers, "timers").forEach((t, i) => {
    const timer = obj(t, `timers[${i}]`);
    const id = str(timer.twin, `timers[${i}].twin`);
    if (!(id in twins)) {
      throw new SnapshotFileError(`timers[${i}].twin`, `no twin "${id}" in the snapshot's twins`);
    }
    str(timer.id, `timers[${i}].id`);
    str(obj(timer.event, `timers[${i}].event`).type, `timers[${i}].event.type`);
    num(timer.remainingMs, `timers[${i}].remainingMs`);
  });
  obj(doc.learners, "learners");
  if (doc.replanner !== undefined) {
    const next = obj(obj(doc.replanner, "replanner").next, "replanner.next");
    for (const [id, due] of Object.entries(next)) num(due, `replanner.next["${id}"]`);
  }
  arr(doc.warnings, "warnings").forEach((w, i) => str(w, `warnings[${i}]`));
  return doc as unknown as PlantSnapshot;
}
