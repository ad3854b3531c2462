/**
 * The driver against a Modbus slave written by others: a pymodbus 3.0 server
 * whose registers are encoded by pymodbus's own BinaryPayloadBuilder. Every
 * data type in every word and byte order must decode to the value pymodbus
 * was given, over Modbus TCP, RTU over TCP and RTU on a serial line (a socat
 * pty pair); command writes must land in pymodbus's registers.
 */
import assert from "node:assert/strict";
import { startModbus } from "../drivers/modbus/modbus_service.ts";
import type { DataType, Order } from "../drivers/modbus/value_codec.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { Runtime } from "../runtime/runtime.ts";
import { loadKinds } from "../twins/registry.ts";
import { ModbusClient } from "../drivers/modbus/modbus_client.ts";
import type { LinkConfig } from "../drivers/modbus/register_map.ts";
import {
  type PeerUnit,
  startPtyPair,
  startPymodbus,
  type TypedValue,
} from "./peers/pymodbus_peer.ts";

const kinds = await loadKinds();

type NumType = Exclude<DataType, "bool">;
const VALUES: [NumType, number][] = [
  ["int16", -12_345],
  ["uint16", 54_321],
  ["int32", -1_234_567_890],
  ["uint32", 3_456_789_012],
  ["float32", 123.456],
  ["float64", -98_765.432_1e10],
];
const ORDERS: [Order, Order][] = [["big", "big"], ["little", "big"], ["big", "little"], [
  "little",
  "little",
]];
const WORDS: Record<NumType, number> = {
  int16: 1,
  uint16: 1,
  int32: 2,
  uint32: 2,
  float32: 2,
  float64: 4,
};

interface Case {
  point: string;
  type: NumType;
  word_order: Order;
  byte_order: Order;
  address: number;
  expected: number;
}

/** Holding registers of the peer, and the points that read them back. */
function layout(): { typed: TypedValue[]; cases: Case[] } {
  const typed: TypedValue[] = [];
  const cases: Case[] = [];
  let address = 0;
  for (const [word_order, byte_order] of ORDERS) {
    for (const [type, value] of VALUES) {
      typed.push({ type, value, byteorder: byte_order, wordorder: word_order });
      cases.push({
        point: `${type}_${word_order[0]}${byte_order[0]}`,
        type,
        word_order,
        byte_order,
        address,
        expected: type === "float32" ? Math.fround(value) : value,
      });
      address += WORDS[type];
    }
  }
  // A scaled temperature (raw 2345 at 0.1 degC minus 40) and a status word of bits.
  typed.push({ type: "int16", value: 2_345, byteorder: "big", wordorder: "big" });
  typed.push({ type: "uint16", value: 0b1010_0000_0110_0101, byteorder: "big", wordorder: "big" });
  return { typed, cases };
}

const UNIT = (): PeerUnit => ({
  hr_typed: layout().typed,
  ir_typed: [{ type: "float32", value: -7.25, byteorder: "big", wordorder: "little" }],
  co: [1, 0, 1, 1, 0, 0, 0, 0, 1],
  di: [0, 1],
});

function plant(transport: LinkConfig, units: number[]) {
  const { cases } = layout();
  const tail = cases.at(-1)!.address + WORDS[cases.at(-1)!.type];
  return validatePlant(
    {
      name: "pymodbus",
      twins: [
        ...units.map((u) => ({ id: `probe-${u}`, kind: "rtu", source: { type: "modbus" } })),
        { id: "site", kind: "cooling_site", source: { type: "modbus" } },
      ],
      devices: units.map((u, k) => ({
        id: `peer-${u}`,
        transport,
        unit_id: u,
        timeout_ms: 1_000,
        retries: 1,
        points: [
          ...cases.map((c) => ({
            twin: `probe-${u}`,
            point: c.point,
            table: "holding",
            address: c.address,
            type: c.type,
            word_order: c.word_order,
            byte_order: c.byte_order,
            extra: true,
          })),
          {
            twin: `probe-${u}`,
            point: "temp",
            table: "holding",
            address: tail,
            type: "int16",
            scale: 0.1,
            offset: -40,
            unit: "degC",
            extra: true,
          },
          {
            twin: `probe-${u}`,
            point: "bit0",
            table: "holding",
            address: tail + 1,
            bit: 0,
            extra: true,
          },
          {
            twin: `probe-${u}`,
            point: "bit1",
            table: "holding",
            address: tail + 1,
            bit: 1,
            extra: true,
          },
          {
            twin: `probe-${u}`,
            point: "bit15",
            table: "holding",
            address: tail + 1,
            bit: 15,
            extra: true,
          },
          {
            twin: `probe-${u}`,
            point: "nibble",
            table: "holding",
            address: tail + 1,
            type: "uint16",
            bit: 4,
            bits: 4,
            extra: true,
          },
          {
            twin: `probe-${u}`,
            point: "input_f",
            table: "input",
            address: 0,
            type: "float32",
            word_order: "little",
            extra: true,
          },
          { twin: `probe-${u}`, point: "coil0", table: "coil", address: 0, extra: true },
          { twin: `probe-${u}`, point: "coil1", table: "coil", address: 1, extra: true },
          { twin: `probe-${u}`, point: "coil8", table: "coil", address: 8, extra: true },
          { twin: `probe-${u}`, point: "di1", table: "discrete_input", address: 1, extra: true },
        ],
        writes: k > 0 ? [] : [
          {
            twin: "site",
            command: "set_supply_setpoint",
            arg: "degC",
            table: "holding",
            address: 300,
            type: "float32",
            word_order: "little",
          },
          {
            twin: "site",
            command: "set_fan_setpoint",
            arg: "pct",
            table: "holding",
            address: 310,
            scale: 0.01,
          },
          {
            twin: "site",
            command: "set_control_mode",
            args: { mode: "manual" },
            table: "coil",
            address: 20,
            value: true,
          },
        ],
      })),
    },
    kinds,
    PLANT_SECTIONS,
  );
}

/** Fail (naming the step reached) instead of hanging should a peer stop talking. */
async function guarded(
  ms: number,
  run: (step: (s: string) => void) => Promise<void>,
): Promise<void> {
  let at = "start";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no progress for ${ms} ms after step "${at}"`)), ms);
  });
  try {
    await Promise.race([run((s) => at = s), expired]);
  } finally {
    clearTimeout(timer);
  }
}

function checkDecoding(transport: LinkConfig, units: number[]): Promise<void> {
  return guarded(20_000, (step) => decodeAndWrite(transport, units, step));
}

async function decodeAndWrite(
  transport: LinkConfig,
  units: number[],
  step: (s: string) => void,
): Promise<void> {
  const p = plant(transport, units);
  const rt = new Runtime(p, kinds, { virtual: true });
  const service = await startModbus(rt, { poll: false, log: () => {} });
  try {
    for (const poller of service.pollers) {
      step(`scan ${poller.device.id}`);
      await poller.scan();
    }
    step("decoded");
    const counters = () =>
      service.pollers.map((pl) => ({
        id: pl.device.id,
        ...pl.counters,
        errors: pl.counters.errors,
      }));
    for (const u of units) {
      const probe = rt.twins.get(`probe-${u}`)!;
      for (const c of layout().cases) {
        assert.equal(
          probe.values[c.point],
          c.expected,
          `unit ${u} ${c.point} (${transport.type}); ${JSON.stringify(counters())}`,
        );
        assert.equal(probe.view().points[c.point].quality, "good");
      }
      assert.ok(Math.abs((probe.values.temp as number) - 194.5) < 1e-9);
      assert.deepEqual(
        [probe.values.bit0, probe.values.bit1, probe.values.bit15, probe.values.nibble],
        [true, false, true, 0b0110],
      );
      assert.equal(probe.values.input_f, -7.25);
      assert.deepEqual([probe.values.coil0, probe.values.coil1, probe.values.coil8], [
        true,
        false,
        true,
      ]);
      assert.equal(probe.values.di1, true);
    }
    // Command writes reach pymodbus; read them back with a separate client.
    const submit = async (type: string, args: Record<string, unknown>) => {
      step(`command ${type}`);
      const rec = rt.commands.submit("site", { type, args });
      const done = await rt.commands.settled(rec.id, 5_000);
      assert.equal(done?.status, "executed", `${type}: ${done?.reason}`);
    };
    await submit("set_supply_setpoint", { degC: 38.5 });
    await submit("set_fan_setpoint", { pct: 72.25 });
    await submit("set_control_mode", { mode: "manual" });
    step("stop service");
    await service.stop();
    step("read back");
    const check = new ModbusClient(transport);
    try {
      const sp = await check.readRegisters(units[0], "holding", 300, 2, 1_000);
      assert.deepEqual(sp, [0x0000, 0x421a], "38.5 as float32, low word first");
      assert.deepEqual(await check.readRegisters(units[0], "holding", 310, 1, 1_000), [7_225]);
      assert.equal((await check.readBits(units[0], "coil", 20, 1, 1_000))[0], true);
    } finally {
      await check.close();
    }
  } finally {
    await service.stop();
    rt.shutdown();
  }
}

Deno.test("pymodbus over Modbus TCP: every type and order decodes; writes land", async () => {
  const peer = await startPymodbus({ mode: "tcp", units: { "1": UNIT() } });
  try {
    await checkDecoding({ type: "tcp", host: "127.0.0.1", port: peer.port }, [1]);
  } finally {
    await peer.stop();
  }
});

Deno.test("pymodbus over RTU over TCP (a serial gateway): every type and order decodes", async () => {
  const peer = await startPymodbus({ mode: "rtu_over_tcp", units: { "1": UNIT() } });
  try {
    await checkDecoding({ type: "rtu_over_tcp", host: "127.0.0.1", port: peer.port }, [1]);
  } finally {
    await peer.stop();
  }
});

Deno.test("pymodbus on a serial line (socat pty pair), two units sharing the line", async () => {
  const pair = await startPtyPair();
  let peer;
  try {
    peer = await startPymodbus({
      mode: "serial",
      device: pair.b,
      baud: 38_400,
      units: { "4": UNIT(), "5": UNIT() },
    });
    await checkDecoding({
      type: "serial",
      path: pair.a,
      baud: 38_400,
      parity: "none",
      data_bits: 8,
      stop_bits: 1,
    }, [4, 5]);
  } finally {
    await peer?.stop();
    await pair.stop();
  }
});
