/**
 * A Modbus-style register image over the points of the assets behind an RTU:
 * each numeric point takes two holding registers (IEEE-754 float32, big-endian
 * word order), each boolean one register (0 or 1). The layout is derived from
 * the sorted point names so it never changes between runs of one plant.
 *
 * @module
 */
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

/** Lay out the registers for the given assets' values, in asset order then point name. */
export function layoutRegisters(
  assets: readonly string[],
  valuesOf: (asset: string) => Readonly<PointValues> | undefined,
  base = 0,
): RegisterEntry[] {
  const entries: RegisterEntry[] = [];
  let address = base;
  for (const asset of assets) {
    const values = valuesOf(asset);
    if (!values) continue;
    for (const point of Object.keys(values).sort()) {
      const v = values[point];
      if (typeof v === "number") {
        entries.push({ asset, point, address, type: "float32" });
        address += 2;
      } else if (typeof v === "boolean") {
        entries.push({ asset, point, address, type: "bool" });
        address += 1;
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
