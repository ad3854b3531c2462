import assert from "node:assert/strict";
import { validatePlant } from "../../plant/plant_file.ts";
import { devicesSection } from "./devices_section.ts";
import { loadKinds } from "../../twins/registry.ts";
import { CommandWriter } from "./command_writer.ts";
import { newCounters } from "./device_counters.ts";
import { MemoryUnit } from "./memory_unit.ts";
import { ModbusClient } from "./modbus_client.ts";
import type { DeviceConfig, LinkConfig } from "./register_map.ts";
import { SlaveServer } from "./slave_server.ts";
import { decodeWords } from "./value_codec.ts";

const kinds = await loadKinds();

function device(port: number): DeviceConfig {
  const plant = validatePlant(
    {
      name: "writes",
      twins: [{ id: "site", kind: "cooling_site", source: { type: "modbus" } }],
      devices: [{
        id: "plc",
        transport: { type: "tcp", host: "127.0.0.1", port },
        timeout_ms: 150,
        retries: 2,
        backoff_ms: 5,
        writes: [
          { twin: "site", command: "start", table: "coil", address: 10, value: true },
          { twin: "site", command: "stop", table: "coil", address: 10, value: false },
          {
            twin: "site",
            command: "set_control_mode",
            args: { mode: "manual" },
            table: "coil",
            address: 11,
            value: true,
          },
          {
            twin: "site",
            command: "set_control_mode",
            args: { mode: "auto" },
            table: "coil",
            address: 11,
            value: false,
          },
          {
            twin: "site",
            command: "set_fan_setpoint",
            arg: "pct",
            table: "holding",
            address: 20,
            scale: 0.1,
          },
          {
            twin: "site",
            command: "set_supply_setpoint",
            arg: "degC",
            table: "holding",
            address: 30,
            type: "float32",
            word_order: "little",
          },
          {
            twin: "site",
            command: "set_pump_setpoint",
            arg: "pct",
            table: "holding",
            address: 500,
          },
        ],
      }],
    },
    kinds,
    [devicesSection],
  );
  return (plant.sections.devices as DeviceConfig[])[0];
}

async function withWriter(
  fn: (w: CommandWriter, unit: MemoryUnit, server: SlaveServer) => Promise<void>,
): Promise<void> {
  const unit = new MemoryUnit({ holding: 100, coils: 32 });
  const server = new SlaveServer({ port: 0, units: new Map([[1, unit]]) });
  const d = device(server.port);
  const client = new ModbusClient(d.transport as LinkConfig);
  const writer = new CommandWriter([{ device: d, client, counters: newCounters() }]);
  try {
    await fn(writer, unit, server);
  } finally {
    await client.close();
    await server.close();
  }
}

Deno.test("commands become coil and register writes with scaling, word order and fixed args", async () => {
  await withWriter(async (w, unit) => {
    assert.equal(await w.actuate("site", { type: "start", args: {} }), undefined);
    assert.equal(unit.coils[10], 1);
    assert.equal(await w.actuate("site", { type: "stop", args: {} }), undefined);
    assert.equal(unit.coils[10], 0);
    assert.equal(
      await w.actuate("site", { type: "set_control_mode", args: { mode: "manual" } }),
      undefined,
    );
    assert.equal(unit.coils[11], 1);
    assert.equal(
      await w.actuate("site", { type: "set_fan_setpoint", args: { pct: 62.5 } }),
      undefined,
    );
    assert.equal(unit.holding[20], 625);
    assert.equal(
      await w.actuate("site", { type: "set_supply_setpoint", args: { degC: 41.5 } }),
      undefined,
    );
    const f = {
      type: "float32",
      word_order: "little",
      byte_order: "big",
      scale: 1,
      offset: 0,
    } as const;
    assert.equal(decodeWords(unit.holding, 30, f), 41.5);
    assert.deepEqual(unit.writes.at(-1), {
      table: "holding",
      address: 30,
      values: [unit.holding[30], unit.holding[31]],
    });
  });
});

Deno.test("a refused write reports the exception code and its meaning", async () => {
  await withWriter(async (w) => {
    const reason = await w.actuate("site", { type: "set_pump_setpoint", args: { pct: 50 } });
    assert.match(
      reason!,
      /^device "plc" \(127\.0\.0\.1:\d+ unit 1\) refused the write to holding 500: Modbus exception 02: illegal data address/,
    );
  });
});

Deno.test("a write without an answer is reported as outcome unknown and never repeated", async () => {
  await withWriter(async (w, unit, server) => {
    unit.answering = false;
    const before = server.stats.requests;
    const reason = await w.actuate("site", { type: "start", args: {} });
    assert.match(
      reason!,
      /^outcome unknown: the write to coil 10 of device "plc" .* was sent but no answer within 150 ms; it may or may not have been applied, so it was not repeated$/,
    );
    assert.equal(server.stats.requests - before, 1, "sent once despite retries: 2");
  });
});

Deno.test("a write that never left (no connection) is retried, then reported as not sent", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const d = device(port);
  const client = new ModbusClient(d.transport as LinkConfig);
  const writer = new CommandWriter([{ device: d, client, counters: newCounters() }]);
  const reason = await writer.actuate("site", { type: "start", args: {} });
  await client.close();
  assert.match(reason!, /^not sent: cannot connect to 127\.0\.0\.1:\d+: .* \(tried 3 times\)$/);
});

Deno.test("unmapped commands and unwritable values are refused before anything is sent", async () => {
  await withWriter((w, _unit, server) => {
    assert.equal(
      w.actuate("site", { type: "reset", args: {} }),
      'no Modbus write is mapped for "reset" on "site"; mapped commands: start, stop, set_control_mode, set_fan_setpoint, set_supply_setpoint, set_pump_setpoint',
    );
    assert.equal(
      w.actuate("site", { type: "set_fan_setpoint", args: { pct: 7_000 } }),
      "cannot write pct: value 7000 is 70000 raw, outside uint16 (0..65535)",
    );
    assert.match(
      w.actuate("site", { type: "set_control_mode", args: { mode: "eco" } }) as string,
      /no Modbus write of "set_control_mode" on "site" matches arguments \{"mode":"eco"\}/,
    );
    assert.equal(server.stats.requests, 0);
    return Promise.resolve();
  });
});
