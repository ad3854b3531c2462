/**
 * The fastest path of the alarm hot path: the common alarms of one twin
 * (limits, deviations from a fixed or own setpoint, discrete states and
 * modes, suppressed by the twin's own mode)
 * judged by one generated function with the point names fixed in its code.
 * Property lookups then stay monomorphic for the one kind of twin it serves,
 * and twins of a kind with the same alarms share the function. Measured on
 * the demo plant this is several times faster than calling a check object
 * per alarm with varying keys; other alarms (deviation, rate, expressions,
 * other twins) keep their check objects.
 *
 * The code is generated from validated definitions only: point names, modes
 * and state values are quoted with JSON.stringify and limits are printed
 * numbers, so no plant text reaches it unquoted.
 *
 * @module
 */
import type { AlarmSpec } from "./alarm_definition.ts";
import type { WatchedTwin } from "./alarm_condition.ts";
import { familyLine } from "../../twins/source_family.ts";

/**
 * Judge a twin's `n` scanned alarms. `state` holds each alarm's raw
 * condition at `[base + k]` and its suppression at `[base + n + k]` (0/1),
 * updated in place; every change is written to `changes` from `at` on, as
 * `k << 2 | 1` (condition) or `k << 2 | 2` (suppression), suppression
 * first. Returns the number of changes (at most `2n`). One state buffer and
 * one change buffer per engine, rather than arrays per twin, keep a plant
 * of half a million alarms small and quick to build.
 */
export type ScanFunction = (
  twin: WatchedTwin,
  state: Uint8Array,
  base: number,
  changes: Uint32Array,
  at: number,
) => number;

/** Whether `spec` can be judged by a generated scan of its own twin. */
export function scannable(spec: AlarmSpec): boolean {
  const c = spec.condition;
  const s = spec.suppress;
  const simpleSuppression = !s || (s.twin === spec.twin && s.expr === undefined);
  const ownSetpoint = c.type === "deviation" &&
    (typeof c.setpoint === "number" || c.setpoint.twin === spec.twin);
  return simpleSuppression &&
    (c.type === "limit" || c.type === "state" || c.type === "mode" || ownSetpoint);
}

const cache = new Map<string, ScanFunction>();

/**
 * The scan function of a twin's scannable alarms, in order, shared by
 * identical alarm sets of twins of one `family` (see twins/source_family.ts).
 */
export function compileScan(specs: readonly AlarmSpec[], family = ""): ScanFunction {
  const lines: string[] = [];
  const n = specs.length;
  const raw = (k: number) => `st[b + ${k}]`;
  const sup = (k: number) => `st[b + ${n + k}]`;
  const modeSets = new Map<string, string>();
  const num = (x: number) => (Number.isFinite(x) ? `(${x})` : x > 0 ? "Infinity" : "(-Infinity)");
  const q = (x: unknown) => JSON.stringify(x);
  specs.forEach((spec, k) => {
    const s = spec.suppress;
    if (s?.modes) {
      const key = q(s.modes);
      let name = modeSets.get(key);
      if (!name) {
        name = `s${modeSets.size}`;
        modeSets.set(key, name);
        lines.push(`const ${name} = ${s.modes.map((m) => `m === ${q(m)}`).join(" || ")} ? 1 : 0;`);
      }
      lines.push(
        `if (${name} !== ${sup(k)}) { ${sup(k)} = ${name}; ch[at + c++] = ${(k << 2) | 2}; }`,
      );
    } else {
      lines.push(`if (${sup(k)} !== 0) { ${sup(k)} = 0; ch[at + c++] = ${(k << 2) | 2}; }`);
    }
    const c = spec.condition;
    const set = (test: string) =>
      `a = ${test} ? 1 : 0; if (a !== ${raw(k)}) { ${raw(k)} = a; ch[at + c++] = ${
        (k << 2) | 1
      }; }`;
    if (c.type === "limit") {
      const high = c.level === "hh" || c.level === "h";
      const on = high ? `x > ${num(c.limit)}` : `x < ${num(c.limit)}`;
      const hold = high ? `x > ${num(c.limit - c.deadband)}` : `x < ${num(c.limit + c.deadband)}`;
      lines.push(
        `x = v[${q(c.point)}]; if (typeof x === "boolean") x = x ? 1 : 0;`,
        `if (typeof x === "number" && x === x && qu[${q(c.point)}] !== "bad") { ${
          set(`(${raw(k)} === 1 ? ${hold} : ${on})`)
        } }`,
      );
    } else if (c.type === "deviation") {
      const read = (target: string, point: string) =>
        `${target} = v[${
          q(point)
        }]; if (typeof ${target} === "boolean") ${target} = ${target} ? 1 : 0;` +
        ` if (typeof ${target} !== "number" || ${target} !== ${target} || qu[${
          q(point)
        }] === "bad") ${target} = undefined;`;
      lines.push(read("x", c.point));
      if (typeof c.setpoint === "number") lines.push(`y = ${num(c.setpoint)};`);
      else lines.push(read("y", c.setpoint.point));
      const size = c.direction === "high"
        ? "(x - y)"
        : c.direction === "low"
        ? "(y - x)"
        : "Math.abs(x - y)";
      lines.push(
        `if (x !== undefined && y !== undefined) { d = ${size}; ${
          set(`(${raw(k)} === 1 ? d > ${num(c.limit - c.deadband)} : d > ${num(c.limit)})`)
        } }`,
      );
    } else if (c.type === "state") {
      const tests = c.in.map((value) => {
        if (typeof value === "string") return `x === ${q(value)}`;
        if (typeof value === "number") {
          return `(x === ${num(value)} || (typeof x === "boolean" && +x === ${num(value)}))`;
        }
        return `(x === ${value} || x === ${value ? 1 : 0})`;
      });
      lines.push(
        `x = v[${q(c.point)}];`,
        `if (x !== undefined && qu[${q(c.point)}] !== "bad") { ${set(`(${tests.join(" || ")})`)} }`,
      );
    } else if (c.type === "mode") {
      lines.push(set(`(${c.in.map((m) => `m === ${q(m)}`).join(" || ")})`));
    } else {
      throw new Error(`alarm ${spec.id}: ${c.type} conditions are not scanned`);
    }
  });
  // Named by the alarms it judges, so that profiles tell scans apart.
  const name = `scan_${
    specs.map((x) => x.name).join("_").replace(/[^A-Za-z0-9_]/g, "_").slice(0, 80)
  }`;
  const body = `"use strict"; return function ${name}(t, st, b, ch, at) {
  ${familyLine(family)}
  let c = 0, x, y, d, a;
  if (!t.running) {
    for (let k = 0; k < ${n}; k++) {
      if (st[b + ${n} + k] !== 1) { st[b + ${n} + k] = 1; ch[at + c++] = (k << 2) | 2; }
    }
    return c;
  }
  const v = t.values, qu = t.quality, m = t.mode;
  ${lines.join("\n  ")}
  return c;
};`;
  let fn = cache.get(body);
  if (!fn) {
    fn = new Function(body)() as ScanFunction;
    cache.set(body, fn);
  }
  return fn;
}
