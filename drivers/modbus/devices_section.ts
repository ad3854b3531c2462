/**
 * The `devices` plant-file section: Modbus field devices, their register
 * maps and command writes. Invalid maps are rejected at load with the device
 * and point named and the file line given.
 *
 * @module
 */
import { z } from "zod";
import type { PlantSection, SectionContext } from "../../plant/plant_section.ts";
import { type DeviceConfig, deviceSchema } from "./register_map.ts";
import {
  argsKey,
  checkOverlaps,
  checkPoint,
  checkWrite,
  type MapRange,
  pointRange,
  writeRange,
} from "./register_map_checks.ts";

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Validate the `devices` array; problems go to `ctx.report` with their JSON path. */
export function validateDevices(raw: unknown, ctx: SectionContext): DeviceConfig[] {
  const report = ctx.report;
  const parsed = z.array(z.unknown()).safeParse(raw);
  if (!parsed.success) {
    report(["devices"], "expected an array of devices");
    return [];
  }
  const devices: DeviceConfig[] = [];
  const ids = new Map<string, number>();
  const fedBy = new Map<string, string>();
  const commandBy = new Map<string, string>();
  const rtuBy = new Map<string, string>();
  const lines = new Map<string, { settings: string; units: Map<number, string> }>();

  parsed.data.forEach((entry, index) => {
    const path = ["devices", index];
    const dev = deviceSchema.safeParse(entry);
    if (!dev.success) {
      const id = (entry as { id?: unknown })?.id;
      const name = typeof id === "string" ? `device "${id}": ` : "";
      for (const issue of dev.error.issues) {
        report([...path, ...(issue.path as (string | number)[])], `${name}${issue.message}`);
      }
      return;
    }
    const d = dev.data;
    const owner = `device "${d.id}"`;
    if (!ID_PATTERN.test(d.id)) {
      report([...path, "id"], `${owner}: an id may hold only letters, digits, '_', '.', '-'`);
      return;
    }
    if (ids.has(d.id)) {
      report([...path, "id"], `${owner} is defined twice (first at devices[${ids.get(d.id)}])`);
      return;
    }
    ids.set(d.id, index);
    let ok = true;
    const problem = (p: (string | number)[], m: string) => {
      ok = false;
      report(p, m);
    };

    if (d.transport.type === "serial") {
      const t = d.transport;
      const settings = `${t.baud} ${t.data_bits}${t.parity[0].toUpperCase()}${t.stop_bits}`;
      const line = lines.get(t.path) ?? { settings, units: new Map() };
      lines.set(t.path, line);
      if (line.settings !== settings) {
        problem(
          [...path, "transport"],
          `${owner}: serial line ${t.path} is used elsewhere at ${line.settings}, here at ${settings}`,
        );
      }
      const other = line.units.get(d.unit_id);
      if (other) {
        problem(
          [...path, "unit_id"],
          `${owner}: unit ${d.unit_id} on ${t.path} is already device "${other}"`,
        );
      }
      line.units.set(d.unit_id, d.id);
    }

    if (d.rtu !== undefined) {
      const rtu = ctx.twins.get(d.rtu);
      if (!rtu) problem([...path, "rtu"], `${owner}: no twin "${d.rtu}" in the plant`);
      else if (rtu.kind !== "rtu") {
        problem([...path, "rtu"], `${owner}: twin "${d.rtu}" is a ${rtu.kind}, not an rtu`);
      } else if (rtu.source.type !== "modbus") {
        problem(
          [...path, "rtu"],
          `${owner}: RTU twin "${d.rtu}" must have "source": {"type": "modbus"} to show this device's communications`,
        );
      } else if (rtuBy.has(d.rtu)) {
        problem(
          [...path, "rtu"],
          `${owner}: RTU twin "${d.rtu}" already shows device "${rtuBy.get(d.rtu)}"`,
        );
      }
      rtuBy.set(d.rtu, d.id);
    }

    const pointRanges: MapRange[] = [];
    const writeRanges: MapRange[] = [];
    const points = d.points.flatMap((raw, k) => {
      const p = checkPoint(raw, owner, [...path, "points", k], ctx, problem);
      if (!p) return [];
      const key = `${p.twin}.${p.point}`;
      if (fedBy.has(key)) {
        problem(
          [...path, "points", k, "point"],
          `${owner}, point ${key}: already fed by ${fedBy.get(key)}`,
        );
        return [];
      }
      fedBy.set(key, `${owner} points[${k}]`);
      pointRanges.push(pointRange(p, owner, [...path, "points", k]));
      return [p];
    });
    const writes = d.writes.flatMap((raw, k) => {
      const w = checkWrite(raw, owner, [...path, "writes", k], ctx, problem, true);
      if (!w) return [];
      const key = `${w.twin}.${w.command}${argsKey(w.args)}`;
      if (commandBy.has(key)) {
        problem(
          [...path, "writes", k, "command"],
          `${owner}, write ${w.twin}.${w.command}: already mapped by ${commandBy.get(key)}`,
        );
        return [];
      }
      commandBy.set(key, `${owner} writes[${k}]`);
      writeRanges.push(writeRange(w, owner, [...path, "writes", k]));
      return [w];
    });
    // Reads and writes may share registers (a setpoint read back where it is
    // written); overlaps are checked among reads and among writes.
    checkOverlaps(pointRanges, problem);
    checkOverlaps(writeRanges, problem);
    if (ok) devices.push({ ...d, points, writes });
  });
  return devices;
}

/** The `devices` section. */
export const devicesSection: PlantSection<DeviceConfig[]> = {
  key: "devices",
  validate: validateDevices,
};
