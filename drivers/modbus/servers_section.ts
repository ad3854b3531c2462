/**
 * The `modbus_servers` plant-file section: simulated RTUs served as Modbus
 * TCP slaves, one port per RTU or many unit ids on one port, with writes
 * that become twin commands.
 *
 * @module
 */
import { z } from "zod";
import type { PlantSection, SectionContext } from "../../plant/plant_section.ts";
import { type ServerConfig, serverSchema } from "./register_map.ts";
import { checkOverlaps, checkWrite, writeRange } from "./register_map_checks.ts";

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Validate the `modbus_servers` array; problems go to `ctx.report` with their JSON path. */
export function validateServers(raw: unknown, ctx: SectionContext): ServerConfig[] {
  const report = ctx.report;
  const parsed = z.array(z.unknown()).safeParse(raw);
  if (!parsed.success) {
    report(["modbus_servers"], "expected an array of servers");
    return [];
  }
  const servers: ServerConfig[] = [];
  const endpoints = new Map<string, number>();
  const ids = new Map<string, number>();
  parsed.data.forEach((entry, index) => {
    const path = ["modbus_servers", index];
    const s = serverSchema.safeParse(entry);
    if (!s.success) {
      for (const issue of s.error.issues) {
        report([...path, ...(issue.path as (string | number)[])], issue.message);
      }
      return;
    }
    let ok = true;
    const problem = (p: (string | number)[], m: string) => {
      ok = false;
      report(p, m);
    };
    const id = s.data.id;
    if (id !== undefined) {
      if (!ID_PATTERN.test(id)) {
        problem(
          [...path, "id"],
          `server "${id}": an id may hold only letters, digits, '_', '.', '-'`,
        );
      } else if (ids.has(id)) {
        problem(
          [...path, "id"],
          `server "${id}" is defined twice (first at modbus_servers[${ids.get(id)}])`,
        );
      }
      if (!ids.has(id)) ids.set(id, index);
    }
    const endpoint = `${s.data.host}:${s.data.port}`;
    if (s.data.port !== 0 && endpoints.has(endpoint)) {
      problem(
        [...path, "port"],
        `server ${endpoint} is defined twice (first at modbus_servers[${endpoints.get(endpoint)}])`,
      );
    }
    endpoints.set(endpoint, index);
    const unitIds = new Set<number>();
    const units = s.data.units.map((u, k) => {
      const upath = [...path, "units", k];
      const owner = `server ${endpoint} unit ${u.unit_id}`;
      if (unitIds.has(u.unit_id)) problem([...upath, "unit_id"], `${owner} is defined twice`);
      unitIds.add(u.unit_id);
      const rtu = ctx.twins.get(u.rtu);
      if (!rtu) problem([...upath, "rtu"], `${owner}: no twin "${u.rtu}" in the plant`);
      else if (rtu.kind !== "rtu") {
        problem([...upath, "rtu"], `${owner}: twin "${u.rtu}" is a ${rtu.kind}, not an rtu`);
      } else if (rtu.source.type !== "simulator") {
        problem(
          [...upath, "rtu"],
          `${owner}: only a simulated RTU has a register image to serve; "${u.rtu}" takes its values from "${rtu.source.type}"`,
        );
      }
      const writes = u.writes.flatMap((raw, j) => {
        const w = checkWrite(raw, owner, [...upath, "writes", j], ctx, problem, false);
        return w ? [w] : [];
      });
      checkOverlaps(writes.map((w, j) => writeRange(w, owner, [...upath, "writes", j])), problem);
      return { ...u, writes };
    });
    if (ok) servers.push({ ...s.data, units });
  });
  return servers;
}

/** The `modbus_servers` section. */
export const serversSection: PlantSection<ServerConfig[]> = {
  key: "modbus_servers",
  validate: validateServers,
};
