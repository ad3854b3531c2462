/**
 * Cross-checks of Modbus register maps that a schema cannot express: types
 * against tables, bit fields, address ranges, overlaps, and references to
 * twins, points and commands. Every problem names the device (or server
 * unit) and the point or write, so a bad map is fixed from the message alone.
 *
 * @module
 */
import type { SectionContext } from "../../plant/plant_section.ts";
import type { z } from "zod";
import {
  isBitTable,
  type PointMap,
  type pointSchema,
  type Table,
  type WriteMap,
  type writeSchema,
} from "./register_map.ts";
import { type DataType, wordCount } from "./value_codec.ts";

/** A problem reporter bound to a JSON path prefix. */
export type Report = (path: (string | number)[], message: string) => void;

/** An address range in one table, for overlap checks. */
export interface MapRange {
  /** Table. */
  table: Table;
  /** First address. */
  address: number;
  /** Addresses taken. */
  count: number;
  /** Bits of a 16-bit register used (0xffff: all). */
  mask: number;
  /** Fixed value written (writes only): entries differing only in value may share an address. */
  value?: number | boolean;
  /** Data type (writes sharing an address must agree). */
  type: DataType;
  /** How messages name it, for example `point site-1.supply_temp`. */
  label: string;
  /** Where it is in the plant file. */
  path: (string | number)[];
}

/** Default data type: bits are bools, registers uint16 (bool when a bit is picked). */
function resolveType(table: Table, type: DataType | undefined, bit: number | undefined): DataType {
  if (type) return type;
  if (isBitTable(table)) return "bool";
  return bit === undefined ? "uint16" : "bool";
}

/** Addresses a value of `type` takes in `table`. */
export function addressCount(table: Table, type: DataType): number {
  return isBitTable(table) ? 1 : wordCount(type);
}

/**
 * Check one read point; returns it with its type resolved, or undefined
 * when it is unusable. `owner` names the device in messages.
 */
export function checkPoint(
  raw: z.output<typeof pointSchema>,
  owner: string,
  path: (string | number)[],
  ctx: SectionContext,
  report: Report,
): PointMap | undefined {
  const label = `${owner}, point ${raw.twin}.${raw.point}`;
  const fail = (field: string, message: string) => {
    report([...path, field], `${label}: ${message}`);
    return undefined;
  };
  const type = resolveType(raw.table, raw.type, raw.bit);
  const twin = ctx.twins.get(raw.twin);
  if (!twin) return fail("twin", `no twin "${raw.twin}" in the plant`);
  if (twin.source.type !== "modbus") {
    return fail(
      "twin",
      `twin "${raw.twin}" takes its values from "${twin.source.type}"; give it "source": {"type": "modbus"} to feed it from a device`,
    );
  }
  const spec = ctx.kinds.get(twin.kind)?.points[raw.point];
  if (!spec && !raw.extra) {
    const known = Object.keys(ctx.kinds.get(twin.kind)?.points ?? {}).join(", ");
    return fail(
      "point",
      `${twin.kind} has no point "${raw.point}" (it has: ${known}); set "extra": true to add a device-only point`,
    );
  }
  if (spec && raw.unit !== undefined && raw.unit !== spec.unit) {
    return fail(
      "unit",
      `${twin.kind}.${raw.point} is in "${spec.unit}", not "${raw.unit}"; convert with scale and offset`,
    );
  }
  if (isBitTable(raw.table)) {
    if (type !== "bool") return fail("type", `a ${raw.table} holds one bit; its type must be bool`);
    if (raw.bit !== undefined) {
      return fail("bit", `"bit" applies to registers, not to a ${raw.table}`);
    }
  }
  if (raw.bit !== undefined && type !== "bool" && type !== "uint16") {
    return fail("bit", `a bit field needs a 16-bit register of type bool or uint16, not ${type}`);
  }
  if (raw.bits !== undefined) {
    if (type !== "uint16" || raw.bit === undefined) {
      return fail("bits", `"bits" needs type uint16 and a "bit" to start from`);
    }
    if (raw.bit + raw.bits > 16) {
      return fail(
        "bits",
        `bits ${raw.bit}..${raw.bit + raw.bits - 1} do not fit in a 16-bit register`,
      );
    }
  }
  if (type === "bool" && (raw.scale !== 1 || raw.offset !== 0)) {
    return fail("scale", "a bool has no scale or offset");
  }
  const count = addressCount(raw.table, type);
  if (raw.address + count - 1 > 65_535) {
    return fail("address", `a ${type} at ${raw.address} runs past address 65535`);
  }
  return { ...raw, type };
}

/** The fixed-args key of a write, so entries of one command can be told apart. */
export function argsKey(args: Record<string, unknown> | undefined): string {
  if (!args) return "{}";
  return JSON.stringify(
    Object.fromEntries(Object.entries(args).sort(([a], [b]) => a < b ? -1 : 1)),
  );
}

/**
 * Check one command write; returns it with its type resolved, or undefined.
 * `needModbusSource` is set on the driver side, where the twin's commands
 * must reach the device through the Modbus source.
 */
export function checkWrite(
  raw: z.output<typeof writeSchema>,
  owner: string,
  path: (string | number)[],
  ctx: SectionContext,
  report: Report,
  needModbusSource: boolean,
): WriteMap | undefined {
  const label = `${owner}, write ${raw.twin}.${raw.command}`;
  const fail = (field: string, message: string) => {
    report([...path, field], `${label}: ${message}`);
    return undefined;
  };
  const type = resolveType(raw.table, raw.type, undefined);
  const twin = ctx.twins.get(raw.twin);
  if (!twin) return fail("twin", `no twin "${raw.twin}" in the plant`);
  if (needModbusSource && twin.source.type !== "modbus") {
    return fail(
      "twin",
      `twin "${raw.twin}" takes its values from "${twin.source.type}"; its commands reach a device only with "source": {"type": "modbus"}`,
    );
  }
  const kind = ctx.kinds.get(twin.kind)!;
  const spec = kind.commands[raw.command];
  if (!spec) {
    return fail(
      "command",
      `${twin.kind} has no command "${raw.command}" (it has: ${
        Object.keys(kind.commands).join(", ")
      })`,
    );
  }
  if ((raw.arg === undefined) === (raw.value === undefined)) {
    return fail(
      "arg",
      `give either "arg" (the command argument to write) or "value" (a fixed value), not ${
        raw.arg === undefined ? "neither" : "both"
      }`,
    );
  }
  const shape = (spec.args as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  if (raw.arg !== undefined) {
    if (!(raw.arg in shape)) {
      const known = Object.keys(shape);
      return fail(
        "arg",
        `${raw.command} has no argument "${raw.arg}"${
          known.length ? ` (it has: ${known.join(", ")})` : " (it takes none)"
        }`,
      );
    }
    if (raw.args && raw.arg in raw.args) {
      return fail("args", `"${raw.arg}" is both the written argument and a fixed one`);
    }
  } else {
    const fixed = spec.args.safeParse(raw.args ?? {});
    if (!fixed.success) {
      return fail(
        "args",
        `fixed args do not make a valid ${raw.command}: ${fixed.error.issues[0].message}`,
      );
    }
  }
  if (raw.table === "coil") {
    if (type !== "bool") return fail("type", "a coil holds one bit; its type must be bool");
    if (
      raw.value !== undefined && typeof raw.value !== "boolean" && raw.value !== 0 &&
      raw.value !== 1
    ) {
      return fail("value", `a coil takes true or false, not ${raw.value}`);
    }
  } else if (type !== "bool" && typeof raw.value === "boolean") {
    return fail("value", `a ${type} register takes a number, not ${raw.value}`);
  }
  if (type === "bool" && (raw.scale !== 1 || raw.offset !== 0)) {
    return fail("scale", "a bool has no scale or offset");
  }
  const count = addressCount(raw.table, type);
  if (raw.address + count - 1 > 65_535) {
    return fail("address", `a ${type} at ${raw.address} runs past address 65535`);
  }
  return { ...raw, type };
}

/** The range a point takes, for overlap checks. */
export function pointRange(p: PointMap, owner: string, path: (string | number)[]): MapRange {
  let mask = 0xffff;
  if (p.bit !== undefined) mask = ((1 << (p.bits ?? 1)) - 1) << p.bit;
  return {
    table: p.table,
    address: p.address,
    count: addressCount(p.table, p.type),
    mask,
    type: p.type,
    label: `${owner}, point ${p.twin}.${p.point}`,
    path,
  };
}

/** The range a write takes, for overlap checks. */
export function writeRange(w: WriteMap, owner: string, path: (string | number)[]): MapRange {
  return {
    table: w.table,
    address: w.address,
    count: addressCount(w.table, w.type),
    mask: 0xffff,
    value: w.value,
    type: w.type,
    label: `${owner}, write ${w.twin}.${w.command}`,
    path,
  };
}

/**
 * Report entries that share addresses. Bit fields may share a register when
 * their bits do not; writes may share an address when they write different
 * fixed values of the same type (start = 1 and stop = 0 on one coil).
 */
export function checkOverlaps(ranges: MapRange[], report: Report): void {
  const sorted = [...ranges].sort((a, b) =>
    a.table === b.table ? a.address - b.address : a.table < b.table ? -1 : 1
  );
  const open: MapRange[] = [];
  for (const r of sorted) {
    for (let i = open.length - 1; i >= 0; i--) {
      const o = open[i];
      if (o.table !== r.table || o.address + o.count <= r.address) open.splice(i, 1);
    }
    for (const o of open) {
      const bitsApart = o.count === 1 && r.count === 1 && (o.mask & r.mask) === 0;
      const valuesApart = o.value !== undefined && r.value !== undefined &&
        o.value !== r.value && o.address === r.address && o.type === r.type;
      if (bitsApart || valuesApart) continue;
      report(
        [...r.path, "address"],
        `${r.label} (${r.table} ${r.address}..${
          r.address + r.count - 1
        }) overlaps ${o.label} (${o.table} ${o.address}..${o.address + o.count - 1})`,
      );
    }
    open.push(r);
  }
}
