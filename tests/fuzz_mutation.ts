/**
 * Seeded mutations for the fuzz tests: JSON values changed at random paths
 * (types swapped, keys dropped or added, prototype names, huge numbers, long
 * strings, deep nesting) and bytes changed in place (flips, deleted and
 * duplicated ranges, cuts). One seed always gives the same mutations.
 *
 * @module
 */
import { Random } from "../simulators/random.ts";

/** Names an object inherits, which a lookup on a plain object would find. */
export const PROTOTYPE_NAMES: readonly string[] = [
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "__proto__",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__lookupGetter__",
  "prototype",
];

/** A seeded source of choices. */
export class Dice {
  readonly #random: Random;

  /** Dice for `seed`. */
  constructor(readonly seed: number) {
    this.#random = new Random(seed, "fuzz");
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.#random.next() * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.#random.next() < p;
  }

  /** One of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** A JSON path: keys and indexes. */
export type Path = (string | number)[];

/** Every path in `value` (the root included), up to `max` of them. */
export function paths(value: unknown, max = 10_000): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, path: Path) => {
    if (out.length >= max) return;
    out.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    }
  };
  walk(value, []);
  return out;
}

/** A value that breaks expectations: another type, a huge number, a long string, deep nesting. */
export function oddValue(dice: Dice): unknown {
  switch (dice.int(14)) {
    case 0:
      return null;
    case 1:
      return dice.chance(0.5);
    case 2:
      return dice.pick([1e308, -1e308, 1e21, 2 ** 53 + 1, -0, 0.1, -1, 0]);
    case 3:
      return dice.pick(["", "x", "é", "\u0000", "\ud800", "%", "..", "{i:99999}"]);
    case 4:
      return "x".repeat(dice.pick([256, 10_000, 100_000]));
    case 5:
      return [];
    case 6:
      return {};
    case 7:
      return [dice.int(100), "a", null];
    case 8:
      return nested(dice.pick([10, 100, 1_000]));
    case 9:
      return dice.pick(PROTOTYPE_NAMES);
    case 10:
      return { [dice.pick(PROTOTYPE_NAMES)]: 1 };
    case 11:
      return "9".repeat(400);
    case 12:
      return Array.from({ length: dice.pick([1_000, 50_000]) }, (_, i) => i);
    default:
      return { type: dice.pick(PROTOTYPE_NAMES) };
  }
}

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** A copy of `value` with one random change at a random path. */
export function mutateJson(dice: Dice, value: unknown): unknown {
  const copy = structuredClone(value);
  const all = paths(copy);
  const path = dice.pick(all);
  const parent = path.length ? get(copy, path.slice(0, -1)) : undefined;
  const key = path[path.length - 1];
  const action = dice.int(5);
  if (path.length === 0) return action < 2 ? oddValue(dice) : copy;
  if (action === 0 && parent && typeof parent === "object") {
    // drop the key or entry
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete (parent as Record<string, unknown>)[key as string];
    return copy;
  }
  if (action === 1 && parent && typeof parent === "object" && !Array.isArray(parent)) {
    // an extra key, sometimes an inherited name (JSON.parse makes "__proto__" an own key)
    const name = dice.chance(0.5) ? dice.pick(PROTOTYPE_NAMES) : `extra_${dice.int(100)}`;
    Object.defineProperty(parent, name, {
      value: oddValue(dice),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return copy;
  }
  if (action === 2 && Array.isArray(parent)) {
    parent.push(...Array.from({ length: dice.pick([1, 3, 200]) }, () => parent[key as number]));
    return copy;
  }
  (parent as Record<string | number, unknown>)[key] = oddValue(dice);
  return copy;
}

function get(value: unknown, path: Path): unknown {
  let v = value;
  for (const p of path) v = (v as Record<string | number, unknown>)[p];
  return v;
}

/** A copy of `bytes` with one byte-level change. */
export function mutateBytes(dice: Dice, bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  const at = dice.int(n);
  const len = 1 + dice.int(Math.min(64, n - at));
  switch (dice.int(6)) {
    case 0: {
      const out = bytes.slice();
      out[at] ^= 1 << dice.int(8);
      return out;
    }
    case 1: {
      const out = bytes.slice();
      out[at] = dice.pick([0x00, 0xff, 0xc3, 0x22, 0x5c, 0x7b, 0x5d, 0x0a, 0x2c]);
      return out;
    }
    case 2:
      return concat(bytes.subarray(0, at), bytes.subarray(at + len));
    case 3:
      return concat(bytes.subarray(0, at + len), bytes.subarray(at, n));
    case 4:
      return bytes.subarray(0, at);
    default:
      return concat(bytes.subarray(0, at), bytes.subarray(at, at + len), bytes.subarray(at));
  }
}

/** The byte arrays one after another. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A value that satisfies a JSON Schema of the simple kind command arguments have. */
export function example(dice: Dice, schema: Record<string, unknown>): unknown {
  if (Array.isArray(schema.enum)) return dice.pick(schema.enum);
  switch (schema.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [k, s] of Object.entries(props)) out[k] = example(dice, s);
      return out;
    }
    case "number":
    case "integer": {
      const lo = Number(schema.minimum ?? schema.exclusiveMinimum ?? 0);
      const hi = Number(schema.maximum ?? lo + 10);
      const x = lo + (hi - lo) * (0.1 + 0.8 * dice.int(100) / 100);
      return schema.type === "integer" ? Math.round(x) : x;
    }
    case "string":
      return "p1";
    case "boolean":
      return dice.chance(0.5);
    case "array":
      return [];
    default:
      return null;
  }
}
