import assert from "node:assert/strict";
import { newCounters } from "./device_counters.ts";
import { renderModbusMetrics } from "./modbus_metrics.ts";

Deno.test("metrics: per-device requests, errors by kind, exceptions by code, latency in seconds", () => {
  const c = newCounters();
  c.requests = 12;
  c.responses = 9;
  c.errors.timeout = 2;
  c.errors.exception = 1;
  c.exceptionCodes[2] = 1;
  c.lastLatencyMs = 1.5;
  c.commOk = true;
  const text = renderModbusMetrics([{
    devices: [{ id: 'plc"1', counters: c }],
    servers: [{
      port: 5020,
      stats: { requests: 7, exceptions: 1, connections: 2, open: 1, malformed: 0 },
    }],
  }]);
  const lines = text.split("\n");
  assert.ok(lines.includes('fieldtwin_modbus_requests_total{device="plc\\"1"} 12'));
  assert.ok(lines.includes('fieldtwin_modbus_errors_total{device="plc\\"1",kind="timeout"} 2'));
  assert.ok(lines.includes('fieldtwin_modbus_errors_total{device="plc\\"1",kind="frame"} 0'));
  assert.ok(lines.includes('fieldtwin_modbus_exceptions_total{device="plc\\"1",code="2"} 1'));
  assert.ok(lines.includes('fieldtwin_modbus_last_latency_seconds{device="plc\\"1"} 0.0015'));
  assert.ok(lines.includes('fieldtwin_modbus_comm_ok{device="plc\\"1"} 1'));
  assert.ok(lines.includes('fieldtwin_modbus_slave_requests_total{port="5020"} 7'));
  // Every sample line belongs to a metric with HELP and TYPE.
  for (const l of lines.filter((x) => x && !x.startsWith("#"))) {
    const name = l.split("{")[0];
    assert.ok(
      lines.includes(`# TYPE ${name} counter`) || lines.includes(`# TYPE ${name} gauge`),
      l,
    );
  }
});
