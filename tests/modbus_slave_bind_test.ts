/**
 * A plant's simulated slave and the devices that poll it: a slave that
 * cannot listen stops the start (a plant that went on would poll whatever
 * else holds the port and show that plant's values as its own), and a slave
 * on a free port (0) is still the one its plant's devices poll, because they
 * name it (`"transport": {"type": "served", "server": id}`) and follow the
 * port it actually bound.
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { type ModbusService, startModbus } from "../drivers/modbus/modbus_service.ts";
import { ModbusStartError } from "../drivers/modbus/modbus_start_error.ts";
import { loadPlantFile, validatePlant } from "../plant/plant_file.ts";
import { Runtime } from "../runtime/runtime.ts";
import { loadKinds } from "../twins/registry.ts";
import { freePort } from "./peers/pymodbus_peer.ts";
import { startTaskPermissions } from "./start_task.ts";

const kinds = await loadKinds();
const LOOP = new URL("../plants/modbus_loop.json", import.meta.url).pathname;
const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** The parts of a plant document the tests change. */
type Entry = Record<string, unknown> & { port?: number; transport?: Record<string, unknown> };

/** The loop plant (a simulated RTU served, and a device polling it) with changes. */
async function loopDoc(
  change: (doc: { modbus_servers: Entry[]; devices: Entry[] }) => void,
): Promise<unknown> {
  const doc = JSON.parse(await Deno.readTextFile(LOOP));
  change(doc);
  return doc;
}

/** Write `doc` as a plant file (pretty-printed, so positions are lines) and return its path. */
async function plantFile(doc: unknown): Promise<string> {
  const file = await Deno.makeTempFile({ prefix: "fieldtwin-bind-", suffix: ".json" });
  await Deno.writeTextFile(file, JSON.stringify(doc, null, 2));
  return file;
}

/** 1-based line and column of the `"port": N` of the `index`th modbus server in `text`. */
function portPosition(text: string, index: number): string {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.includes('"modbus_servers"'));
  let seen = -1;
  for (let i = start; i < lines.length; i++) {
    const col = lines[i].indexOf('"port":');
    if (col >= 0 && /^\s*"port": \d+/.test(lines[i]) && ++seen === index) {
      return `${i + 1}:${col + '"port": '.length + 1}`;
    }
  }
  throw new Error("no port line");
}

/** Advance virtual time in 100 ms slices, letting real I/O run in between, until `ok()`. */
async function runUntil(rt: Runtime, what: string, ok: () => boolean, realMs = 8_000) {
  const end = performance.now() + realMs;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting for: ${what}`);
    rt.runFor(100);
    await new Promise((r) => setTimeout(r, 2));
  }
}

Deno.test("a slave whose port is taken stops the start, naming server, address, port and file position", async () => {
  const other = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const taken = (other.addr as Deno.NetAddr).port;
  const first = freePort();
  const file = await plantFile(
    await loopDoc((doc) => {
      // A first server that binds, to see that the failed start leaves nothing listening.
      doc.modbus_servers.unshift({ host: "127.0.0.1", port: first, units: [{ rtu: "rtu-1" }] });
      doc.modbus_servers[1].port = taken;
    }),
  );
  const rt = new Runtime(await loadPlantFile(file, kinds, PLANT_SECTIONS), kinds, {
    virtual: true,
  });
  try {
    const error = await startModbus(rt, { log: () => {} }).then(
      () => assert.fail("the start went on with the slave's port taken"),
      (e) => e,
    );
    assert.ok(error instanceof ModbusStartError, String(error));
    assert.deepEqual(error.path, ["modbus_servers", 1, "port"]);
    const where = portPosition(await Deno.readTextFile(file), 1);
    assert.match(
      error.message,
      new RegExp(
        `^${file}:${where}: modbus_servers\\[1\\]\\.port: Modbus slave "rtu-1-slave" \\(serving rtu-1\\) ` +
          `cannot listen on 127\\.0\\.0\\.1:${taken}: .*[Aa]ddress already in use.*another program`,
      ),
    );
    // The server that did bind was closed again.
    const again = Deno.listen({ hostname: "127.0.0.1", port: first });
    again.close();
  } finally {
    rt.shutdown();
    other.close();
    await Deno.remove(file);
  }
});

Deno.test("deno task start's permissions: a taken slave port ends the start with the message and exit code 1", async () => {
  const other = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const taken = (other.addr as Deno.NetAddr).port;
  const file = await plantFile(await loopDoc((doc) => doc.modbus_servers[0].port = taken));
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...await startTaskPermissions(),
        MAIN,
        "--plant",
        file,
        "--port",
        "0",
        "--no-history",
        "--no-records",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 1, stderr);
    const where = portPosition(await Deno.readTextFile(file), 0);
    assert.match(
      stderr,
      new RegExp(
        `^fieldtwin: cannot start: ${file}:${where}: modbus_servers\\[0\\]\\.port: Modbus slave "rtu-1-slave" ` +
          `\\(serving rtu-1\\) cannot listen on 127\\.0\\.0\\.1:${taken}`,
        "m",
      ),
    );
    assert.doesNotMatch(new TextDecoder().decode(out.stdout), /open http/);
  } finally {
    other.close();
    await Deno.remove(file);
  }
});

Deno.test("port 0: the device polls the port its plant's slave bound and reads the RTU's values", async () => {
  const doc = await loopDoc((d) => d.modbus_servers[0].port = 0);
  const rt = new Runtime(validatePlant(doc, kinds, PLANT_SECTIONS, LOOP), kinds, { virtual: true });
  let service: ModbusService | undefined;
  try {
    service = await startModbus(rt, { log: () => {} });
    const bound = service.servers[0].port;
    assert.notEqual(bound, 0);
    const poller = service.pollers[0];
    assert.deepEqual(poller.device.transport, { type: "tcp", host: "127.0.0.1", port: bound });
    await runUntil(rt, "good scans", () => poller.counters.goodScans >= 3);
    const scans = poller.counters.goodScans;
    // Between a step and the next scan the site may move on; compare right after a scan.
    await runUntil(rt, "one more scan", () => poller.counters.goodScans > scans);
    const site = rt.twins.get("site-1")!;
    const remote = rt.twins.get("site-remote")!;
    for (const name of ["supply_temp", "return_temp", "ambient_temp", "fan_speed", "pue"]) {
      assert.equal(remote.values[name], Math.fround(site.values[name] as number), name);
    }
    assert.ok(service.servers[0].stats.requests >= poller.counters.responses);
  } finally {
    await service?.stop();
    rt.shutdown();
  }
});

Deno.test("a device naming a served slave (or unit) the plant does not serve stops the start at its JSON path", async () => {
  const doc = await loopDoc((d) => d.devices[0].transport!.server = "rtu-9-slave");
  const rt = new Runtime(validatePlant(doc, kinds, PLANT_SECTIONS, LOOP), kinds, { virtual: true });
  try {
    await assert.rejects(
      startModbus(rt, { log: () => {} }),
      (e: Error) => {
        assert.ok(e instanceof ModbusStartError);
        assert.equal(
          e.message,
          'devices[0].transport.server: device "rtu-1-link" polls served slave "rtu-9-slave", ' +
            "but no modbus_servers entry has that id (ids: rtu-1-slave)",
        );
        return true;
      },
    );
  } finally {
    rt.shutdown();
  }
  const wrongUnit = await loopDoc((d) => d.devices[0].unit_id = 7);
  const rt7 = new Runtime(validatePlant(wrongUnit, kinds, PLANT_SECTIONS, LOOP), kinds, {
    virtual: true,
  });
  try {
    await assert.rejects(
      startModbus(rt7, { log: () => {} }),
      /^ModbusStartError: devices\[0\]\.unit_id: device "rtu-1-link" polls unit 7 of served slave "rtu-1-slave", which serves units 1$/,
    );
  } finally {
    rt7.shutdown();
  }
});

Deno.test("the started runtime prints the slave's bound port and /metrics shows its device polling it", async () => {
  const file = await plantFile(await loopDoc((doc) => doc.modbus_servers[0].port = 0));
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...await startTaskPermissions(),
      MAIN,
      "--plant",
      file,
      "--port",
      "0",
      "--no-history",
      "--no-records",
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let text = "";
    while (!/open (http:\S+)/.test(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`main.ts ended: ${text}`);
      text += value;
    }
    const slave = /Modbus slave on 127\.0\.0\.1:(\d+) \(unit 1 = rtu-1\)/.exec(text);
    assert.ok(slave, text);
    const url = /open (http:\S+)/.exec(text)![1];
    const deadline = performance.now() + 15_000;
    let metrics = "";
    while (!/fieldtwin_modbus_responses_total\{device="rtu-1-link"\} [1-9]/.test(metrics)) {
      if (performance.now() > deadline) throw new Error(`no answered requests:\n${metrics}`);
      await new Promise((r) => setTimeout(r, 100));
      metrics = await (await fetch(`${url}metrics`)).text();
    }
    assert.match(
      metrics,
      new RegExp(`fieldtwin_modbus_slave_requests_total\\{port="${slave[1]}"\\} [1-9]`),
    );
  } finally {
    child.kill("SIGTERM");
    await reader.cancel().catch(() => {});
    await child.status;
    await Deno.remove(file);
  }
});
