import assert from "node:assert/strict";
import { parsePlant, PlantError } from "../../plant/plant_file.ts";
import { loadKinds } from "../../twins/registry.ts";
import type { DeviceConfig } from "./register_map.ts";
import { devicesSection } from "./devices_section.ts";
import { serversSection } from "./servers_section.ts";

const SECTIONS = [devicesSection, serversSection];

const kinds = await loadKinds();

const TWINS = [
  { id: "site", kind: "cooling_site", source: { type: "modbus" } },
  { id: "sim", kind: "cooling_site" },
  { id: "link", kind: "rtu", source: { type: "modbus" } },
  { id: "rtu-sim", kind: "rtu", params: { assets: ["sim"] } },
];

function plantText(devices: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name: "p", twins: TWINS, devices, ...extra }, null, 2);
}

function device(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: "plc", transport: { type: "tcp", host: "127.0.0.1", port: 5020 }, ...over };
}

function problems(devices: unknown[], extra: Record<string, unknown> = {}) {
  try {
    parsePlant(plantText(devices, extra), kinds, SECTIONS, "plant.json");
  } catch (e) {
    assert.ok(e instanceof PlantError, String(e));
    return e.problems;
  }
  assert.fail("expected the plant to be rejected");
}

Deno.test("a valid map loads with defaults and resolved types", () => {
  const plant = parsePlant(
    plantText([device({
      rtu: "link",
      points: [
        { twin: "site", point: "supply_temp", table: "input", address: 0, type: "float32" },
        { twin: "site", point: "running", table: "coil", address: 0 },
        {
          twin: "site",
          point: "fans_failed",
          table: "holding",
          address: 10,
          bit: 4,
          bits: 3,
          type: "uint16",
        },
        {
          twin: "site",
          point: "pumps_failed",
          table: "holding",
          address: 10,
          bit: 0,
          bits: 2,
          type: "uint16",
        },
        { twin: "site", point: "rigs_online", table: "holding", address: 11 },
        { twin: "site", point: "door_open", table: "discrete_input", address: 3, extra: true },
      ],
      writes: [
        { twin: "site", command: "start", table: "coil", address: 0, value: true },
        { twin: "site", command: "stop", table: "coil", address: 0, value: false },
        {
          twin: "site",
          command: "set_fan_setpoint",
          arg: "pct",
          table: "holding",
          address: 40,
          scale: 0.1,
        },
      ],
    })]),
    kinds,
    SECTIONS,
  );
  const [d] = plant.sections.devices as DeviceConfig[];
  assert.equal(d.unit_id, 1);
  assert.equal(d.timeout_ms, 3_000);
  assert.equal(d.retries, 3);
  assert.equal(d.scan_ms, 1_000);
  assert.deepEqual(d.points.map((p) => p.type), [
    "float32",
    "bool",
    "uint16",
    "uint16",
    "uint16",
    "bool",
  ]);
  assert.equal(d.points[0].word_order, "big");
  assert.equal(d.writes[2].type, "uint16");
});

Deno.test("problems name the device and point, with the file line of the entry", () => {
  const text = plantText([device({
    points: [
      { twin: "site", point: "supply_temp", table: "holding", address: 0, type: "float32" },
      { twin: "site", point: "return_temp", table: "holding", address: 1, type: "float32" },
    ],
  })]);
  try {
    parsePlant(text, kinds, SECTIONS, "plant.json");
    assert.fail("overlap not caught");
  } catch (e) {
    assert.ok(e instanceof PlantError);
    const [p] = e.problems;
    assert.equal(p.path, "devices[0].points[1].address");
    const line = text.split("\n").findIndex((l) => l.includes('"address": 1')) + 1;
    assert.equal(p.line, line);
    assert.match(
      p.message,
      /device "plc", point site\.return_temp \(holding 1\.\.2\) overlaps device "plc", point site\.supply_temp \(holding 0\.\.1\)/,
    );
    assert.match(
      e.message,
      new RegExp(`plant\\.json:${line}:\\d+: devices\\[0\\]\\.points\\[1\\]\\.address`),
    );
  }
});

Deno.test("points: twins, sources, names, units, types, bits and ranges are checked", () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ twin: "nope", point: "x", table: "holding", address: 0 }, "twin", /no twin "nope"/],
    [
      { twin: "sim", point: "supply_temp", table: "holding", address: 0 },
      "twin",
      /takes its values from "simulator"/,
    ],
    [
      { twin: "site", point: "supply_tmp", table: "holding", address: 0 },
      "point",
      /has no point "supply_tmp" \(it has: supply_temp,/,
    ],
    [
      { twin: "site", point: "supply_temp", table: "holding", address: 0, unit: "degF" },
      "unit",
      /is in "degC", not "degF"/,
    ],
    [
      { twin: "site", point: "running", table: "coil", address: 0, type: "float32" },
      "type",
      /coil holds one bit/,
    ],
    [
      { twin: "site", point: "running", table: "holding", address: 0, type: "float32", bit: 3 },
      "bit",
      /16-bit register/,
    ],
    [
      {
        twin: "site",
        point: "fans_failed",
        table: "holding",
        address: 0,
        type: "uint16",
        bit: 14,
        bits: 4,
      },
      "bits",
      /do not fit/,
    ],
    [
      { twin: "site", point: "supply_temp", table: "holding", address: 65_534, type: "float64" },
      "address",
      /runs past address 65535/,
    ],
    [
      { twin: "site", point: "running", table: "coil", address: 0, scale: 2 },
      "scale",
      /bool has no scale/,
    ],
  ];
  for (const [point, field, message] of cases) {
    const [p] = problems([device({ points: [point] })]);
    assert.equal(p.path, `devices[0].points[0].${field}`, JSON.stringify(point));
    assert.match(p.message, message);
    assert.match(p.message, /^device "plc", point /);
  }
});

Deno.test("a point fed twice, a shared RTU twin and a wrong RTU kind are rejected", () => {
  const point = {
    twin: "site",
    point: "supply_temp",
    table: "holding",
    address: 0,
    type: "float32",
  };
  const p = problems([
    device({ points: [point], rtu: "link" }),
    device({ id: "plc2", points: [point], rtu: "link" }),
    device({ id: "plc3", rtu: "site" }),
  ]);
  const messages = p.map((x) => `${x.path}: ${x.message}`);
  assert.ok(
    messages.some((m) =>
      /devices\[1\]\.points\[0\]\.point: .*already fed by device "plc" points\[0\]/.test(m)
    ),
    messages.join("\n"),
  );
  assert.ok(messages.some((m) => /devices\[1\]\.rtu: .*already shows device "plc"/.test(m)));
  assert.ok(messages.some((m) => /devices\[2\]\.rtu: .*is a cooling_site, not an rtu/.test(m)));
});

Deno.test("writes: commands, arguments, values and overlaps are checked", () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [
      { twin: "site", command: "explode", table: "coil", address: 0, value: true },
      "command",
      /has no command "explode"/,
    ],
    [
      { twin: "site", command: "set_fan_setpoint", arg: "percent", table: "holding", address: 0 },
      "arg",
      /no argument "percent" \(it has: pct\)/,
    ],
    [
      { twin: "site", command: "start", table: "coil", address: 0 },
      "arg",
      /either "arg".*not neither/,
    ],
    [
      { twin: "site", command: "start", table: "coil", address: 0, value: 5 },
      "value",
      /coil takes true or false/,
    ],
    [
      {
        twin: "site",
        command: "set_control_mode",
        table: "coil",
        address: 0,
        value: true,
        args: { mode: "turbo" },
      },
      "args",
      /fixed args do not make a valid set_control_mode/,
    ],
    [
      { twin: "sim", command: "start", table: "coil", address: 0, value: true },
      "twin",
      /commands reach a device only with/,
    ],
  ];
  for (const [write, field, message] of cases) {
    const [p] = problems([device({ writes: [write] })]);
    assert.equal(p.path, `devices[0].writes[0].${field}`, JSON.stringify(write));
    assert.match(p.message, message);
  }
  const [overlap] = problems([device({
    writes: [
      { twin: "site", command: "start", table: "coil", address: 0, value: true },
      { twin: "site", command: "reset", table: "coil", address: 0, value: true },
    ],
  })]);
  assert.match(
    overlap.message,
    /write site\.start .* overlaps .*write site\.reset|write site\.reset .* overlaps .*write site\.start/,
  );
});

Deno.test("devices on one serial line must agree on its settings and use distinct units", () => {
  const serial = (baud: number) => ({ type: "serial", path: "/dev/ttyUSB0", baud });
  const p = problems([
    device({ transport: serial(9_600) }),
    device({ id: "b", transport: serial(19_200), unit_id: 2 }),
    device({ id: "c", transport: serial(9_600) }),
  ]);
  assert.match(p[0].message, /is used elsewhere at 9600 8N1, here at 19200 8N1/);
  assert.match(p[1].message, /unit 1 on \/dev\/ttyUSB0 is already device "plc"/);
});

Deno.test("modbus_servers: only simulated RTUs, unique unit ids, checked writes", () => {
  const p = problems([], {
    modbus_servers: [{
      port: 5020,
      units: [
        {
          unit_id: 1,
          rtu: "rtu-sim",
          writes: [{ twin: "sim", command: "start", table: "coil", address: 0, value: true }],
        },
        { unit_id: 1, rtu: "link" },
        { unit_id: 2, rtu: "sim" },
      ],
    }],
  });
  const messages = p.map((x) => `${x.path}: ${x.message}`).join("\n");
  assert.match(
    messages,
    /modbus_servers\[0\]\.units\[1\]\.unit_id: server 127\.0\.0\.1:5020 unit 1 is defined twice/,
  );
  assert.match(messages, /units\[1\]\.rtu: .*only a simulated RTU has a register image to serve/);
  assert.match(messages, /units\[2\]\.rtu: .*is a cooling_site, not an rtu/);
  assert.equal(p.length, 3, messages);
});

Deno.test("modbus_servers: ids are unique and well-formed; a device may name one as its served slave", () => {
  const server = (id: string, port: number) => ({ id, port, units: [{ rtu: "rtu-sim" }] });
  const p = problems([device({ transport: { type: "served", server: "a" } })], {
    modbus_servers: [server("a", 0), server("a", 0), server("b c", 0)],
  });
  const messages = p.map((x) => `${x.path}: ${x.message}`).join("\n");
  assert.match(
    messages,
    /modbus_servers\[1\]\.id: server "a" is defined twice \(first at modbus_servers\[0\]\)/,
  );
  assert.match(messages, /modbus_servers\[2\]\.id: server "b c": an id may hold only/);
  assert.equal(p.length, 2, messages);

  const served = problems([device({ transport: { type: "served", server: "a", port: 1 } })]);
  assert.match(served[0].path, /^devices\[0\]\.transport/);
});
