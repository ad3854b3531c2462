import assert from "node:assert/strict";
import { CommandError, type CommandRecord } from "../../commands/command_path.ts";
import { RtuSimulator } from "../../simulators/rtu/rtu_simulator.ts";
import type { Twin } from "../../twins/twin.ts";
import type { WriteMap } from "./register_map.ts";
import { RtuSlaveUnit, type RtuUnitContext } from "./rtu_slave_unit.ts";

function write(over: Partial<WriteMap>): WriteMap {
  return {
    twin: "site",
    command: "start",
    table: "coil",
    address: 0,
    type: "bool",
    word_order: "big",
    byte_order: "big",
    scale: 1,
    offset: 0,
    multiple: false,
    ...over,
  };
}

function setup(writes: WriteMap[]) {
  const rtu = { running: true, values: { comm_ok: true } as Record<string, unknown> };
  const site = { running: true, values: { flow: 12.5, running: true } as Record<string, unknown> };
  // The RTU simulator lays out site.flow at 0 (float32) and site.running at 2.
  const sim = new RtuSimulator({
    id: "rtu",
    assets: ["site"],
    base: 0,
    lookup: (id) => (id === "site" ? site.values as Record<string, number | boolean> : undefined),
    declared: (id) =>
      id === "site"
        ? {
          own: {
            flow: { unit: "m3/h", description: "" },
            running: { unit: "", description: "", type: "boolean" },
          },
          extra: {},
        }
        : undefined,
  });
  sim.step(1, 1);
  const sent: { twin: string; type: string; args: Record<string, unknown> }[] = [];
  let refuse: CommandError | undefined;
  const ctx: RtuUnitContext = {
    twin: (id) => (id === "rtu" ? rtu : id === "site" ? site : undefined) as unknown as Twin,
    image: () => sim.registerImage(),
    submit(twin, body) {
      if (refuse) throw refuse;
      sent.push({ twin, ...body });
      return { status: "executed" } as CommandRecord;
    },
  };
  const unit = new RtuSlaveUnit(ctx, "rtu", writes, "modbus:test");
  return { unit, rtu, site, sim, sent, refuse: (e: CommandError) => refuse = e };
}

const regs = (unit: RtuSlaveUnit, address: number, count: number) => {
  const out = new Uint8Array(2 * count);
  const code = unit.readRegisters("holding", address, count, out, 0);
  return { code, words: [...new Uint16Array(out.buffer)].map((w) => ((w & 0xff) << 8) | (w >> 8)) };
};

Deno.test("the image refreshes only when the RTU completes a scan (a stale RTU serves frozen data)", () => {
  const { unit, rtu, site, sim } = setup([]);
  assert.deepEqual(regs(unit, 0, 3), { code: 0, words: [0x4148, 0x0000, 1] }); // 12.5f = 0x41480000
  site.values.flow = 99;
  assert.deepEqual(regs(unit, 0, 2).words, [0x4148, 0x0000], "no new scan yet");
  sim.step(1, 2);
  assert.deepEqual(regs(unit, 0, 2).words, [0x42c6, 0x0000]); // 99f
  assert.equal(regs(unit, 2, 2).code, 2, "past the image: illegal data address");
  rtu.values.comm_ok = false;
  assert.equal(unit.online(), false);
});

Deno.test("a multi-register write covering two mapped entries sends both commands", () => {
  const { unit, sent } = setup([
    write({
      command: "set_a",
      arg: "x",
      table: "holding",
      address: 10,
      type: "uint16",
      scale: 0.5,
    }),
    write({ command: "set_b", arg: "y", table: "holding", address: 11, type: "int16" }),
  ]);
  const data = new Uint8Array([0, 9, 0xff, 0xfe]); // 9 * 0.5 = 4.5; -2
  assert.equal(unit.writeRegisters(10, 2, data, 0), 0);
  assert.deepEqual(sent, [
    { twin: "site", type: "set_a", args: { x: 4.5 } },
    { twin: "site", type: "set_b", args: { y: -2 } },
  ]);
});

Deno.test("writes must cover whole mapped entries and match a fixed value", () => {
  const { unit, sent } = setup([
    write({ command: "start", address: 0, value: true }),
    write({ command: "stop", address: 0, value: false }),
    write({ command: "set_sp", arg: "v", table: "holding", address: 20, type: "float32" }),
  ]);
  assert.equal(unit.writeRegisters(20, 1, new Uint8Array([0x41, 0x48]), 0), 2, "half a float");
  assert.equal(unit.writeRegisters(30, 1, new Uint8Array([0, 1]), 0), 2, "unmapped");
  assert.equal(unit.writeCoils(0, 1, new Uint8Array([0]), 0), 0);
  assert.equal(unit.writeCoils(0, 1, new Uint8Array([1]), 0), 0);
  assert.deepEqual(sent.map((s) => s.type), ["stop", "start"]);
});

Deno.test("a command refused as invalid is exception 03, otherwise 04", () => {
  const s = setup([
    write({ command: "set_sp", arg: "v", table: "holding", address: 20, type: "uint16" }),
  ]);
  s.refuse(new CommandError(400, "args.v: too big"));
  assert.equal(s.unit.writeRegisters(20, 1, new Uint8Array([0xff, 0xff]), 0), 3);
  s.refuse(new CommandError(409, "not running"));
  assert.equal(s.unit.writeRegisters(20, 1, new Uint8Array([0, 1]), 0), 4);
});
