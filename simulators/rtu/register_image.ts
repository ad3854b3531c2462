/**
 * A Modbus-style register image over the points of the assets behind an RTU:
 * each numeric point takes two holding registers (IEEE-754 float32, big-endian
 * word order), each boolean one register (0 or 1); string points are not
 * carried. The layout comes from the assets' point declarations only (the
 * kind's points by name, then the plant's extra points, such as calculated
 * ones, by name), never from the values present at some moment, so the
 * same plant always gets the same addresses: across restarts, parameter
 * changes and whatever values exist at the first scan.
 *
 * @module
 */
import type { PointSpec } from "../../twins/point.ts";
import type { PointValues } from "../simulator.ts";

/** Where one asset point sits in the image. */
export interface RegisterEntry {
  /** Twin id of the asset. */
  asset: string;
  /** Point name on that twin. */
  point: string;
  /** Zero-based holding-register address. */
  address: number;
  /** How the value is encoded. */
  type: "float32" | "bool";
}

/** The points an asset declares: the kind's own, then those the plant adds. */
export interface DeclaredPoints {
  /** The kind's points. */
  readonly own: Readonly<Record<string, PointSpec>>;
  /** Points the plant adds (calculated points). */
  readonly extra: Readonly<Record<string, PointSpec>>;
}

/**
 * Lay out the registers for the given assets' declared points: asset by
 * asset, the kind's points sorted by name, then the extra points sorted by
 * name, so adding a calculated point never moves a kind's point.
 */
export function layoutRegisters(
  assets: readonly string[],
  declared: (asset: string) => DeclaredPoints | undefined,
  base = 0,
): RegisterEntry[] {
  const entries: RegisterEntry[] = [];
  let address = base;
  for (const asset of assets) {
    const points = declared(asset);
    if (!points) continue;
    for (const specs of [points.own, points.extra]) {
      for (const point of Object.keys(specs).sort()) {
        const type = specs[point].type ?? "number";
        if (type === "number") {
          entries.push({ asset, point, address, type: "float32" });
          address += 2;
        } else if (type === "boolean") {
          entries.push({ asset, point, address, type: "bool" });
          address += 1;
        }
      }
    }
  }
  return entries;
}

/** Registers an image needs for `layout`. */
export function imageSize(layout: readonly RegisterEntry[]): number {
  const last = layout.at(-1);
  return last ? last.address + (last.type === "float32" ? 2 : 1) : 0;
}

const scratch = new DataView(new ArrayBuffer(4));

/** Write the current values into `regs` following `layout`. */
export function fillRegisters(
  regs: Uint16Array,
  layout: readonly RegisterEntry[],
  valuesOf: (asset: string) => Readonly<PointValues> | undefined,
): void {
  for (const e of layout) {
    const v = valuesOf(e.asset)?.[e.point];
    if (e.type === "bool") {
      regs[e.address] = v === true ? 1 : 0;
    } else {
      scratch.setFloat32(0, typeof v === "number" ? v : NaN);
      regs[e.address] = scratch.getUint16(0);
      regs[e.address + 1] = scratch.getUint16(2);
    }
  }
}

/** Decode a float32 stored big-endian at `address`. */
export function readFloat32(regs: Uint16Array, address: number): number {
  scratch.setUint16(0, regs[address]);
  scratch.setUint16(2, regs[address + 1]);
  return scratch.getFloat32(0);
}
