/**
 * Prometheus text lines for the Modbus driver and slaves: per device
 * requests, responses, errors by kind, exceptions by code, latest latency,
 * scans and comm state; per slave server requests and connections.
 *
 * @module
 */
import type { DeviceCounters } from "./device_counters.ts";
import { FAILURE_KINDS } from "./modbus_failure.ts";
import type { SlaveStats } from "./slave_server.ts";

/** What the metrics render. */
export interface ModbusMetricsSource {
  /** Devices with their counters. */
  devices: { id: string; counters: DeviceCounters }[];
  /** Slave servers with their counters. */
  servers: { port: number; stats: SlaveStats }[];
}

function esc(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Render the metrics of `sources` (one per running Modbus service). */
export function renderModbusMetrics(sources: readonly ModbusMetricsSource[]): string {
  const lines: string[] = [];
  const devices = sources.flatMap((s) => s.devices);
  const servers = sources.flatMap((s) => s.servers);
  const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of samples) lines.push(`${name}${labels} ${v}`);
  };
  const per = (f: (c: DeviceCounters) => number): [string, number][] =>
    devices.map((d) => [`{device="${esc(d.id)}"}`, f(d.counters)]);
  metric(
    "fieldtwin_modbus_requests_total",
    "counter",
    "Modbus requests sent, retries included.",
    per((c) => c.requests),
  );
  metric(
    "fieldtwin_modbus_responses_total",
    "counter",
    "Modbus requests answered without error.",
    per((c) => c.responses),
  );
  metric(
    "fieldtwin_modbus_errors_total",
    "counter",
    "Failed Modbus requests by kind (timeout, exception, disconnected, connect, frame).",
    devices.flatMap((d) =>
      FAILURE_KINDS.map((k): [string, number] => [
        `{device="${esc(d.id)}",kind="${k}"}`,
        d.counters.errors[k],
      ])
    ),
  );
  metric(
    "fieldtwin_modbus_exceptions_total",
    "counter",
    "Modbus exception responses by exception code.",
    devices.flatMap((d) =>
      Object.entries(d.counters.exceptionCodes).map(([code, n]): [string, number] => [
        `{device="${esc(d.id)}",code="${code}"}`,
        n,
      ])
    ),
  );
  metric(
    "fieldtwin_modbus_last_latency_seconds",
    "gauge",
    "Round trip of the latest answered request.",
    per((c) => c.lastLatencyMs / 1000),
  );
  metric("fieldtwin_modbus_scans_total", "counter", "Device scans completed.", per((c) => c.scans));
  metric(
    "fieldtwin_modbus_scan_overruns_total",
    "counter",
    "Scans started late because the previous ran past its period.",
    per((c) => c.overruns),
  );
  metric(
    "fieldtwin_modbus_last_scan_seconds",
    "gauge",
    "Duration of the latest scan.",
    per((c) => c.lastScanMs / 1000),
  );
  metric(
    "fieldtwin_modbus_writes_total",
    "counter",
    "Command writes attempted.",
    per((c) => c.writes),
  );
  metric(
    "fieldtwin_modbus_write_errors_total",
    "counter",
    "Command writes refused, failed or of unknown outcome.",
    per((c) => c.writeErrors),
  );
  metric(
    "fieldtwin_modbus_comm_ok",
    "gauge",
    "1 when the device answered in its latest scan.",
    per((c) => c.commOk ? 1 : 0),
  );
  const perServer = (f: (s: SlaveStats) => number): [string, number][] =>
    servers.map((s) => [`{port="${s.port}"}`, f(s.stats)]);
  metric(
    "fieldtwin_modbus_slave_requests_total",
    "counter",
    "Requests to simulated slaves.",
    perServer((s) => s.requests),
  );
  metric(
    "fieldtwin_modbus_slave_exceptions_total",
    "counter",
    "Exception responses of simulated slaves.",
    perServer((s) => s.exceptions),
  );
  metric(
    "fieldtwin_modbus_slave_connections",
    "gauge",
    "Open connections to simulated slaves.",
    perServer((s) => s.open),
  );
  return lines.join("\n") + "\n";
}
