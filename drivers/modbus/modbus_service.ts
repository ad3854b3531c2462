/**
 * Wires Modbus into a running plant: serves the `modbus_servers` section's
 * simulated RTUs as Modbus TCP slaves, polls the `devices` section's field
 * devices into twins whose source is `modbus`, and routes those twins'
 * commands to device writes.
 *
 * Start-up is strict: a slave that cannot listen on its port, or a device
 * that names a served slave the plant does not have, rejects with a
 * {@linkcode ModbusStartError} naming the plant-file place, because a plant
 * running without its slave would let its own devices poll whatever else
 * holds that port. Once running, nothing here may take the runtime down: a
 * device that cannot be reached or a bad frame is logged and counted, and
 * everything else keeps running.
 *
 * Call it once the runtime exists:
 *
 * ```ts
 * const modbus = await startModbus(runtime);
 * // ... on shutdown:
 * await modbus.stop();
 * ```
 *
 * @module
 */
import type { Runtime } from "../../runtime/runtime.ts";
import type { TwinSource } from "../../twins/twin.ts";
import { CommandWriter, type WriteTarget } from "./command_writer.ts";
import { newCounters } from "./device_counters.ts";
import { DevicePoller, RTU_LINK_POINTS } from "./device_poller.ts";
import { endpointKey, ModbusClient } from "./modbus_client.ts";
import { type ModbusMetricsSource, renderModbusMetrics } from "./modbus_metrics.ts";
import { ModbusStartError } from "./modbus_start_error.ts";
import type { DeviceConfig, LinkConfig, ServerConfig } from "./register_map.ts";
import { RtuSlaveUnit } from "./rtu_slave_unit.ts";
import { SlaveServer } from "./slave_server.ts";
import type { SlaveUnit } from "./slave_unit.ts";

/** Options for {@linkcode startModbus}. */
export interface ModbusServiceOptions {
  /** Where problems go (default console.error). */
  log?(message: string): void;
  /** Start polling at once (default true); false leaves `pollers[i].scan()` to the caller. */
  poll?: boolean;
}

/** A slave the service serves, with the address it actually bound. */
export interface ServedSlave {
  /** Its entry in the plant's `modbus_servers`. */
  config: ServerConfig;
  /** The running server (`host`, `port` as bound). */
  server: SlaveServer;
}

/** A running Modbus service. */
export interface ModbusService {
  /** Slave servers, in plant order. */
  readonly servers: readonly SlaveServer[];
  /** The same servers with their plant entries. */
  readonly slaves: readonly ServedSlave[];
  /** One poller per device. */
  readonly pollers: readonly DevicePoller[];
  /** Prometheus text of this service's counters (for `/metrics`). */
  metrics(): string;
  /** Stop polling, close connections and slaves. */
  stop(): Promise<void>;
}

/**
 * Start the plant's Modbus servers and device pollers. Resolves once the
 * slaves listen; devices connect on their first scan. Rejects with a
 * {@linkcode ModbusStartError} (and leaves nothing running) when a slave
 * cannot listen or a device names a slave the plant does not serve.
 */
export async function startModbus(
  runtime: Runtime,
  opts: ModbusServiceOptions = {},
): Promise<ModbusService> {
  const log = opts.log ?? ((m: string) => console.error(m));
  const serverConfigs = (runtime.plant.sections.modbus_servers ?? []) as ServerConfig[];
  const slaves = await startServers(runtime, serverConfigs, log);
  let devices: LinkedDevice[];
  try {
    devices = await resolveServed(
      runtime,
      (runtime.plant.sections.devices ?? []) as DeviceConfig[],
      slaves,
    );
  } catch (e) {
    await Promise.all(slaves.map((s) => s.server.close()));
    throw e;
  }
  const servers = slaves.map((s) => s.server);

  // One connection per TCP device; devices on one serial line or gateway share it.
  const clients = new Map<string, ModbusClient>();
  const targets: WriteTarget[] = devices.map((device) => {
    const key = endpointKey(device.transport, device.id);
    let client = clients.get(key);
    if (!client) {
      client = new ModbusClient(device.transport);
      clients.set(key, client);
    }
    return { device, client, counters: newCounters() };
  });
  const pollers = targets.map((t) =>
    new DevicePoller({
      device: t.device,
      client: t.client,
      clock: runtime.clock,
      twins: runtime.twins,
      counters: t.counters,
      log,
    })
  );
  const writer = new CommandWriter(targets);

  // Device-only points and RTU link counters appear on their twins.
  const extras = new Map<string, Record<string, { unit: string; description: string }>>();
  for (const d of devices) {
    for (const p of d.points) {
      if (!p.extra || runtime.twins.get(p.twin)?.def.points[p.point]) continue;
      const list = extras.get(p.twin) ?? {};
      list[p.point] = { unit: p.unit ?? "", description: `From Modbus device ${d.id}` };
      extras.set(p.twin, list);
    }
    if (d.rtu) extras.set(d.rtu, { ...extras.get(d.rtu), ...RTU_LINK_POINTS });
  }
  const inspectOf = new Map<string, () => Record<string, unknown>>();
  // A twin's points go stale after a few scans of the slowest device feeding it.
  const periodOf = new Map<string, number>();
  for (const p of pollers) {
    for (const id of [...p.twinIds, ...(p.device.rtu ? [p.device.rtu] : [])]) {
      periodOf.set(id, Math.max(periodOf.get(id) ?? 0, p.device.scan_ms));
    }
  }
  for (const p of pollers) {
    const info = () => ({
      device: p.device.id,
      transport: p.device.transport,
      unitId: p.device.unit_id,
      reads: p.reads.map((r) => ({ table: r.table, address: r.address, count: r.count })),
      counters: p.counters,
    });
    for (const id of [...p.twinIds, ...(p.device.rtu ? [p.device.rtu] : [])]) {
      inspectOf.set(id, info);
    }
  }
  runtime.registerSource("modbus", (id): TwinSource => {
    const twin = runtime.twins.get(id);
    if (twin) twin.addPoints(extras.get(id) ?? {});
    return {
      type: "modbus",
      periodMs: periodOf.get(id),
      actuate: (twinId, action) => writer.actuate(twinId, action),
      inspect: () => inspectOf.get(id)?.() ?? { devices: [] },
    };
  });

  const metricsSource: ModbusMetricsSource = {
    devices: pollers.map((p) => ({ id: p.device.id, counters: p.counters })),
    servers: servers.map((s) => ({ port: s.port, stats: s.stats })),
  };

  if (opts.poll !== false) {
    // Spread first scans over up to a second so a large plant does not
    // send every request in the same instant.
    pollers.forEach((p, i) =>
      p.start(Math.floor((i / Math.max(1, pollers.length)) * Math.min(1_000, p.device.scan_ms)))
    );
  }

  let stopped = false;
  return {
    servers,
    slaves,
    pollers,
    metrics: () => renderModbusMetrics([metricsSource]),
    async stop() {
      if (stopped) return;
      stopped = true;
      const stopping = pollers.map((p) => p.stop());
      // Closing fails a request in flight at once instead of after its timeout.
      const closing = [...clients.values()].map((c) => c.close());
      await Promise.all(stopping);
      await Promise.all(closing);
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}

/** A device whose transport a client can open. */
type LinkedDevice = DeviceConfig & { transport: LinkConfig };

/** How a server is named in messages: its id, else the RTUs it serves. */
function serverName(cfg: ServerConfig): string {
  const rtus = cfg.units.map((u) => u.rtu).join(", ");
  return cfg.id === undefined
    ? `Modbus slave serving ${rtus}`
    : `Modbus slave "${cfg.id}" (serving ${rtus})`;
}

async function startServers(
  runtime: Runtime,
  configs: readonly ServerConfig[],
  log: (m: string) => void,
): Promise<ServedSlave[]> {
  const slaves: ServedSlave[] = [];
  const ctx = {
    twin: (id: string) => runtime.twins.get(id),
    image: (id: string) => runtime.twins.get(id)?.source?.registerImage?.(id),
    submit: (twinId: string, body: { type: string; args: Record<string, unknown> }, user: string) =>
      runtime.commands.submit(twinId, body, user),
  };
  for (const [index, cfg] of configs.entries()) {
    const units = new Map<number, SlaveUnit>();
    let server: SlaveServer;
    try {
      server = new SlaveServer({ host: cfg.host, port: cfg.port, units, log });
    } catch (e) {
      await Promise.all(slaves.map((s) => s.server.close()));
      const taken = e instanceof Deno.errors.AddrInUse;
      throw await ModbusStartError.at(
        runtime.plant.file,
        ["modbus_servers", index, "port"],
        `${serverName(cfg)} cannot listen on ${cfg.host}:${cfg.port}: ${(e as Error).message}` +
          (taken
            ? `; another program (perhaps another fieldtwin) holds that port, and its slave must not stand in for this plant's. Stop it, or give this server another port (0 picks a free one; devices that reach it through "served" follow).`
            : ""),
      );
    }
    // Units join after the bind so their command records name the port actually bound.
    for (const u of cfg.units) {
      units.set(
        u.unit_id,
        new RtuSlaveUnit(ctx, u.rtu, u.writes, `modbus:${server.host}:${server.port}/${u.unit_id}`),
      );
    }
    slaves.push({ config: cfg, server });
  }
  return slaves;
}

/** Devices with every `served` transport replaced by the TCP address its slave bound. */
async function resolveServed(
  runtime: Runtime,
  devices: readonly DeviceConfig[],
  slaves: readonly ServedSlave[],
): Promise<LinkedDevice[]> {
  const byId = new Map(slaves.flatMap((s) => s.config.id === undefined ? [] : [[s.config.id, s]]));
  const resolved: LinkedDevice[] = [];
  for (const [index, d] of devices.entries()) {
    const t = d.transport;
    if (t.type !== "served") {
      resolved.push({ ...d, transport: t });
      continue;
    }
    const slave = byId.get(t.server);
    if (!slave) {
      const known = [...byId.keys()];
      throw await ModbusStartError.at(
        runtime.plant.file,
        ["devices", index, "transport", "server"],
        `device "${d.id}" polls served slave "${t.server}", but no modbus_servers entry has that id` +
          (known.length ? ` (ids: ${known.join(", ")})` : " (no server has an id)"),
      );
    }
    if (!slave.config.units.some((u) => u.unit_id === d.unit_id)) {
      const units = slave.config.units.map((u) => u.unit_id).join(", ");
      throw await ModbusStartError.at(
        runtime.plant.file,
        ["devices", index, "unit_id"],
        `device "${d.id}" polls unit ${d.unit_id} of served slave "${t.server}", which serves units ${units}`,
      );
    }
    const { host, port } = slave.server;
    resolved.push({ ...d, transport: { type: "tcp", host: dialHost(host), port } });
  }
  return resolved;
}

/** Where to connect to reach a server bound to `host` (a wildcard bind is reached on loopback). */
function dialHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "::1";
  return host;
}
