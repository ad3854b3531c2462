/**
 * Wires Modbus into a running plant: serves the `modbus_servers` section's
 * simulated RTUs as Modbus TCP slaves, polls the `devices` section's field
 * devices into twins whose source is `modbus`, and routes those twins'
 * commands to device writes. Nothing here may take the runtime down: a port
 * that cannot be bound, a device that cannot be reached or a bad frame is
 * logged and counted, and everything else keeps running.
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
import type { DeviceConfig, ServerConfig } from "./register_map.ts";
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

/** A running Modbus service. */
export interface ModbusService {
  /** Slave servers that bound their port. */
  readonly servers: readonly SlaveServer[];
  /** One poller per device. */
  readonly pollers: readonly DevicePoller[];
  /** Prometheus text of this service's counters. */
  metrics(): string;
  /** Stop polling, close connections and slaves. */
  stop(): Promise<void>;
}

const running = new Set<ModbusMetricsSource>();

/** Prometheus text lines of every running Modbus service (for `/metrics`). */
export function modbusMetrics(): string {
  return running.size === 0 ? "" : renderModbusMetrics([...running]);
}

/**
 * Start the plant's Modbus servers and device pollers. Resolves once the
 * slaves listen; devices connect on their first scan.
 */
export function startModbus(
  runtime: Runtime,
  opts: ModbusServiceOptions = {},
): Promise<ModbusService> {
  const log = opts.log ?? ((m: string) => console.error(m));
  const devices = (runtime.plant.sections.devices ?? []) as DeviceConfig[];
  const serverConfigs = (runtime.plant.sections.modbus_servers ?? []) as ServerConfig[];

  const servers = startServers(runtime, serverConfigs, log);

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
    if (twin) Object.assign(twin.extraPoints, extras.get(id) ?? {});
    return {
      type: "modbus",
      actuate: (twinId, action) => writer.actuate(twinId, action),
      inspect: () => inspectOf.get(id)?.() ?? { devices: [] },
    };
  });

  const metricsSource: ModbusMetricsSource = {
    devices: pollers.map((p) => ({ id: p.device.id, counters: p.counters })),
    servers: servers.map((s) => ({ port: s.port, stats: s.stats })),
  };
  running.add(metricsSource);

  if (opts.poll !== false) {
    // Spread first scans over up to a second so a large plant does not
    // send every request in the same instant.
    pollers.forEach((p, i) =>
      p.start(Math.floor((i / Math.max(1, pollers.length)) * Math.min(1_000, p.device.scan_ms)))
    );
  }

  let stopped = false;
  return Promise.resolve({
    servers,
    pollers,
    metrics: () => renderModbusMetrics([metricsSource]),
    async stop() {
      if (stopped) return;
      stopped = true;
      running.delete(metricsSource);
      const stopping = pollers.map((p) => p.stop());
      // Closing fails a request in flight at once instead of after its timeout.
      const closing = [...clients.values()].map((c) => c.close());
      await Promise.all(stopping);
      await Promise.all(closing);
      await Promise.all(servers.map((s) => s.close()));
    },
  });
}

function startServers(
  runtime: Runtime,
  configs: readonly ServerConfig[],
  log: (m: string) => void,
): SlaveServer[] {
  const servers: SlaveServer[] = [];
  const ctx = {
    twin: (id: string) => runtime.twins.get(id),
    image: (id: string) => runtime.twins.get(id)?.source?.registerImage?.(id),
    submit: (twinId: string, body: { type: string; args: Record<string, unknown> }, user: string) =>
      runtime.commands.submit(twinId, body, user),
  };
  for (const cfg of configs) {
    const units = new Map<number, SlaveUnit>();
    for (const u of cfg.units) {
      units.set(
        u.unit_id,
        new RtuSlaveUnit(ctx, u.rtu, u.writes, `modbus:${cfg.host}:${cfg.port}/${u.unit_id}`),
      );
    }
    try {
      servers.push(new SlaveServer({ host: cfg.host, port: cfg.port, units, log }));
    } catch (e) {
      log(`modbus slave ${cfg.host}:${cfg.port} not started: ${(e as Error).message}`);
    }
  }
  return servers;
}
