/**
 * Bounds on a parsed plant document, checked before any schema sees it:
 * nesting depth, array sizes, string and key lengths, and no `__proto__`
 * keys (JSON.parse makes them plain keys, but a copy made by assignment
 * would set a prototype instead, and a schema would then never see them).
 *
 * @module
 */
import type { PlantLimits } from "./plant_limits.ts";
import type { JsonPath } from "./problem_list.ts";

/** Report a bound problem at a JSON path. */
export type ReportBound = (path: JsonPath, message: string) => void;

/** Check `doc` against `limits`; every problem goes to `report`. */
export function checkBounds(
  doc: unknown,
  limits: Pick<PlantLimits, "maxDepth" | "maxArrayLength" | "maxStringLength">,
  report: ReportBound,
): void {
  const path: JsonPath = [];
  const walk = (value: unknown, depth: number): void => {
    if (typeof value === "string") {
      if (value.length > limits.maxStringLength) {
        report(
          [...path],
          `string of ${n(value.length)} characters; at most ${n(limits.maxStringLength)} allowed`,
        );
      }
      return;
    }
    if (value === null || typeof value !== "object") return;
    if (depth >= limits.maxDepth) {
      report([...path], `nested deeper than ${limits.maxDepth} levels`);
      return;
    }
    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayLength) {
        report(
          [...path],
          `array of ${n(value.length)} entries; at most ${n(limits.maxArrayLength)} allowed`,
        );
        return;
      }
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i], depth + 1);
        path.pop();
      }
      return;
    }
    for (const key of Object.keys(value)) {
      if (key === "__proto__") {
        report([...path], 'Unrecognized key: "__proto__"');
        continue;
      }
      if (key.length > limits.maxStringLength) {
        report(
          [...path],
          `key of ${n(key.length)} characters; at most ${n(limits.maxStringLength)} allowed`,
        );
        continue;
      }
      path.push(key);
      walk((value as Record<string, unknown>)[key], depth + 1);
      path.pop();
    }
  };
  walk(doc, 0);
}

/** How many JSON values `value` holds (itself included), counting no further than `limit`. */
export function countValues(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= limit) {
    const v = stack.pop();
    count++;
    if (v !== null && typeof v === "object") {
      for (const child of Object.values(v)) stack.push(child);
    }
  }
  return count;
}

function n(x: number): string {
  return x.toLocaleString("en-US");
}
