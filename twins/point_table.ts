/**
 * Fresh objects for a twin's values, times and qualities, each table of each
 * kind made by its own constructor. V8 shares hidden classes between objects
 * built alike: every `{}` starts from one class, and a property added to one
 * is added the same way to all. So once some other `{}` had got a `delta_t`
 * holding an object (a calculated point's spec), the `delta_t` of every
 * twin's times could hold anything, and each number stored in it allocated.
 * Objects made by their own constructor start a family of classes of their
 * own, whose fields keep numbers unboxed.
 *
 * @module
 */

/** The tables of a twin. */
export type PointTableName = "values" | "times" | "quality";

// Constructors are code, not plant state: one memo serves every runtime in the process.
const makers = new Map<string, () => object>();

/** A new, empty table `table` for a twin of `kind` (a plain object with Object's prototype). */
export function pointTable<T>(kind: string, table: PointTableName): Record<string, T> {
  const key = `${table}\u0000${kind}`;
  let make = makers.get(key);
  if (make === undefined) {
    const Table = function () {} as unknown as { new (): object; prototype: object };
    // Object's own prototype: the table compares, prints and spreads like `{}`.
    Table.prototype = Object.prototype;
    make = () => new Table();
    makers.set(key, make);
  }
  return make() as Record<string, T>;
}
