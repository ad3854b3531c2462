import assert from "node:assert/strict";
import { classify, endpointKey, ModbusClient } from "./modbus_client.ts";
import { MemoryUnit } from "./memory_unit.ts";
import { SlaveServer } from "./slave_server.ts";

Deno.test("modbus-serial errors map to failure kinds", () => {
  const timeout = Object.assign(new Error("Timed out"), { name: "TransactionTimedOutError" });
  assert.deepEqual([classify(timeout).kind, classify(timeout).sent], ["timeout", true]);
  const ex = Object.assign(new Error("Modbus exception 2"), { modbusCode: 2 });
  assert.deepEqual([classify(ex).kind, classify(ex).code], ["exception", 2]);
  const notOpen = Object.assign(new Error("Port Not Open"), { name: "PortNotOpenError" });
  assert.deepEqual([classify(notOpen).kind, classify(notOpen).sent], ["disconnected", false]);
  assert.equal(classify(new Error("CRC error")).kind, "frame");
});

Deno.test("TCP devices get their own connection; a gateway or serial line is shared", () => {
  const tcp = { type: "tcp", host: "h", port: 502 } as const;
  assert.notEqual(endpointKey(tcp, "a"), endpointKey(tcp, "b"));
  const gw = { type: "rtu_over_tcp", host: "h", port: 4001 } as const;
  assert.equal(endpointKey(gw, "a"), endpointKey(gw, "b"));
});

Deno.test("requests on one client are serialised and a dropped connection is re-opened", async () => {
  const unit = new MemoryUnit({ holding: 10 });
  unit.holding.set([5, 6, 7]);
  const server = new SlaveServer({ port: 0, units: new Map([[1, unit]]) });
  const client = new ModbusClient({ type: "tcp", host: "127.0.0.1", port: server.port });
  try {
    const all = await Promise.all(
      [0, 1, 2].map((a) => client.readRegisters(1, "holding", a, 1, 500)),
    );
    assert.deepEqual(all, [[5], [6], [7]]);
    client.disconnect();
    assert.deepEqual(await client.readRegisters(1, "holding", 0, 3, 500), [5, 6, 7]);
    assert.equal(client.connects, 2);
  } finally {
    await client.close();
    await server.close();
  }
});
