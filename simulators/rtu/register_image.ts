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

/** One point of a {@linkcode RegisterTemplate}: its asset by index, its offset from the base. */
export interface TemplateEntry {
  /** Index of the asset among the RTU's assets. */
  readonly asset: number;
  /** Point name on that asset. */
  readonly point: string;
  /** Registers from the RTU's base address. */
  readonly offset: number;
  /** How the value is encoded. */
  readonly type: "float32" | "bool";
}

/**
 * A layout by shape: every RTU whose assets declare the same points, in
 * the same order, shares one (at 100,000 twins, tens of thousands of RTUs
 * laid out alike would otherwise each keep their own entries).
 */
export interface RegisterTemplate {
  /** Its points in address order. */
  readonly entries: readonly TemplateEntry[];
  /** Registers from the base to the end of the last point. */
  readonly size: number;
}

/** The template of assets declaring `points`: asset by asset, the kind's points by name, then the extra ones. */
function templateOf(points: readonly (DeclaredPoints | undefined)[]): RegisterTemplate {
  const entries: TemplateEntry[] = [];
  let offset = 0;
  points.forEach((p, asset) => {
    if (!p) return;
    for (const specs of [p.own, p.extra]) {
      for (const point of Object.keys(specs).sort()) {
        const type = specs[point].type ?? "number";
        if (type === "number") {
          entries.push({ asset, point, offset, type: "float32" });
          offset += 2;
        } else if (type === "boolean") {
          entries.push({ asset, point, offset, type: "bool" });
          offset += 1;
        }
      }
    }
  });
  return { entries, size: offset };
}

/** The register templates of one runtime, shared by its RTUs. */
export class RegisterTemplates {
  readonly #byShape = new Map<string, RegisterTemplate>();
  // The kind's points object stands for all of them (they are the same for every twin of a kind).
  readonly #ownIds = new WeakMap<object, number>();
  #next = 0;

  /** The template for assets declaring what `declared` tells now. */
  of(
    assets: readonly string[],
    declared: (asset: string) => DeclaredPoints | undefined,
  ): RegisterTemplate {
    const points = assets.map(declared);
    const shape = points.map((p) => {
      if (!p) return "-";
      return `${this.#ownId(p.own)}:${
        Object.keys(p.extra).sort().map((k) => `${k}=${p.extra[k].type ?? "number"}`).join(",")
      }`;
    }).join(";");
    let template = this.#byShape.get(shape);
    if (!template) this.#byShape.set(shape, template = templateOf(points));
    return template;
  }

  #ownId(own: object): number {
    let id = this.#ownIds.get(own);
    if (id === undefined) this.#ownIds.set(own, id = this.#next++);
    return id;
  }
}

/** The entries of `template` for the RTU over `assets` from address `base`. */
export function templateLayout(
  template: RegisterTemplate,
  assets: readonly string[],
  base: number,
): RegisterEntry[] {
  return template.entries.map((e) => ({
    asset: assets[e.asset],
    point: e.point,
    address: base + e.offset,
    type: e.type,
  }));
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
  return templateLayout(templateOf(assets.map(declared)), assets, base);
}

const scratch = new DataView(new ArrayBuffer(4));

/** Write the current values of `assets` into `regs` following `template` from address `base`. */
export function fillFromTemplate(
  regs: Uint16Array,
  template: RegisterTemplate,
  assets: readonly string[],
  base: number,
  valuesOf: (asset: string) => Readonly<PointValues> | undefined,
): void {
  for (const e of template.entries) {
    const v = valuesOf(assets[e.asset])?.[e.point];
    const address = base + e.offset;
    if (e.type === "bool") {
      regs[address] = v === true ? 1 : 0;
    } else {
      scratch.setFloat32(0, typeof v === "number" ? v : NaN);
      regs[address] = scratch.getUint16(0);
      regs[address + 1] = scratch.getUint16(2);
    }
  }
}

/** Decode a float32 stored big-endian at `address`. */
export function readFloat32(regs: Uint16Array, address: number): number {
  scratch.setUint16(0, regs[address]);
  scratch.setUint16(2, regs[address + 1]);
  return scratch.getFloat32(0);
}
