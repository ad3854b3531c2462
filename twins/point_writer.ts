/**
 * Writing a point whose name is only known at run time into a twin's values
 * without spoiling the object's shape. V8 gives an object with more than a
 * dozen or so properties a slow layout when a property is *added* through a
 * computed key (`values[name] = x`), and from then on every number written to
 * any of its points allocates a heap number: on the demo plant that was tens
 * of kilobytes of garbage per step. A store whose name is written in the code
 * (`values.name = x`) adds the property the fast way, so each name gets a
 * small generated function doing exactly that.
 *
 * @module
 */
/** Stores `value` under the name fixed by {@linkcode pointWriter} (in values, times or the like). */
export type PointWrite = <T>(target: Record<string, T>, value: NoInfer<T>) => void;

// Generated code per point name: pure functions, so one memo serves every runtime in the process.
const writers = new Map<string, PointWrite>();

/** The writer for point `name`, made once per name. */
export function pointWriter(name: string): PointWrite {
  let write = writers.get(name);
  if (write === undefined) {
    write = name === "__proto__"
      // A literal store of this name would replace the prototype instead of adding a point.
      ? (v, x) =>
        Object.defineProperty(v, name, {
          value: x,
          writable: true,
          enumerable: true,
          configurable: true,
        })
      // JSON.stringify quotes the name as a string literal; nothing else reaches the code.
      : new Function("v", "x", `"use strict"; v[${JSON.stringify(name)}] = x;`) as PointWrite;
    writers.set(name, write);
  }
  return write;
}

/** Store `value` as point `name` of `target` (the property added the fast way if it is new). */
export function writePoint<T>(target: Record<string, T>, name: string, value: NoInfer<T>): void {
  pointWriter(name)(target, value);
}
