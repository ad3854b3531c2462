import assert from "node:assert/strict";
import { MemoryUnit } from "./memory_unit.ts";
import { SlaveServer } from "./slave_server.ts";

function mbap(tid: number, unit: number, pdu: number[]): number[] {
  const len = pdu.length + 1;
  return [tid >> 8, tid & 0xff, 0, 0, len >> 8, len & 0xff, unit, ...pdu];
}

async function readExactly(conn: Deno.Conn, n: number, ms = 2_000): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let got = 0;
  const timer = setTimeout(() => conn.close(), ms);
  try {
    while (got < n) {
      const r = await conn.read(out.subarray(got));
      if (r === null) break;
      got += r;
    }
  } catch {
    /* closed by the timer */
  } finally {
    clearTimeout(timer);
  }
  return out.subarray(0, got);
}

async function withServer(
  fn: (port: number, unit: MemoryUnit, server: SlaveServer) => Promise<void>,
): Promise<void> {
  const unit = new MemoryUnit({ holding: 200, input: 50, coils: 64, discreteInputs: 64 });
  for (let i = 0; i < 200; i++) unit.holding[i] = 1_000 + i;
  unit.input[3] = 0xbeef;
  unit.coils.set([1, 0, 1, 1, 0, 0, 0, 0, 1], 0);
  const server = new SlaveServer({ port: 0, units: new Map([[1, unit]]) });
  try {
    await fn(server.port, unit, server);
  } finally {
    await server.close();
  }
}

Deno.test("FC 3 and 4 answer big-endian registers with the request's transaction id", async () => {
  await withServer(async (port) => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(new Uint8Array(mbap(0x1234, 1, [3, 0, 10, 0, 2])));
    assert.deepEqual(
      [...await readExactly(conn, 13)],
      mbap(0x1234, 1, [3, 4, 0x03, 0xf2, 0x03, 0xf3]), // 1010, 1011
    );
    await conn.write(new Uint8Array(mbap(7, 1, [4, 0, 3, 0, 1])));
    assert.deepEqual([...await readExactly(conn, 11)], mbap(7, 1, [4, 2, 0xbe, 0xef]));
    conn.close();
  });
});

Deno.test("FC 1 packs coils LSB first", async () => {
  await withServer(async (port) => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(new Uint8Array(mbap(1, 1, [1, 0, 0, 0, 9])));
    // coils 0..7 = 1,0,1,1,0,0,0,0 -> 0b00001101; coil 8 = 1 -> 0x01
    assert.deepEqual([...await readExactly(conn, 11)], mbap(1, 1, [1, 2, 0x0d, 0x01]));
    conn.close();
  });
});

Deno.test("writes (FC 5, 6, 15, 16) land in the unit and are echoed", async () => {
  await withServer(async (port, unit) => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(new Uint8Array(mbap(1, 1, [5, 0, 20, 0xff, 0])));
    assert.deepEqual([...await readExactly(conn, 12)], mbap(1, 1, [5, 0, 20, 0xff, 0]));
    await conn.write(new Uint8Array(mbap(2, 1, [6, 0, 5, 0x12, 0x34])));
    assert.deepEqual([...await readExactly(conn, 12)], mbap(2, 1, [6, 0, 5, 0x12, 0x34]));
    await conn.write(new Uint8Array(mbap(3, 1, [15, 0, 30, 0, 3, 1, 0b101])));
    assert.deepEqual([...await readExactly(conn, 12)], mbap(3, 1, [15, 0, 30, 0, 3]));
    await conn.write(new Uint8Array(mbap(4, 1, [16, 0, 50, 0, 2, 4, 0, 1, 0, 2])));
    assert.deepEqual([...await readExactly(conn, 12)], mbap(4, 1, [16, 0, 50, 0, 2]));
    assert.equal(unit.coils[20], 1);
    assert.equal(unit.holding[5], 0x1234);
    assert.deepEqual([...unit.coils.subarray(30, 33)], [1, 0, 1]);
    assert.deepEqual([...unit.holding.subarray(50, 52)], [1, 2]);
    conn.close();
  });
});

Deno.test("exceptions: 01 unknown function, 02 bad address, 03 bad count, 0B unknown unit", async () => {
  await withServer(async (port, _unit, server) => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const cases: [number, number[], number[]][] = [
      [1, [0x2b, 0x0e, 1, 0], [0xab, 0x01]],
      [1, [3, 0, 199, 0, 2], [0x83, 0x02]],
      [1, [3, 0, 0, 0, 126], [0x83, 0x03]],
      [1, [5, 0, 0, 0x12, 0x34], [0x85, 0x03]],
      [9, [3, 0, 0, 0, 1], [0x83, 0x0b]],
    ];
    for (const [unitId, pdu, answer] of cases) {
      await conn.write(new Uint8Array(mbap(1, unitId, pdu)));
      assert.deepEqual([...await readExactly(conn, 9)], mbap(1, unitId, answer));
    }
    assert.equal(server.stats.exceptions, 5);
    conn.close();
  });
});

Deno.test("pipelined frames are all answered in order, even when split mid-frame", async () => {
  await withServer(async (port) => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const requests: number[] = [];
    for (let i = 0; i < 200; i++) requests.push(...mbap(i, 1, [3, 0, i % 100, 0, 1]));
    // Two writes that cut a frame in half.
    await conn.write(new Uint8Array(requests.slice(0, 1_001)));
    await conn.write(new Uint8Array(requests.slice(1_001)));
    const answers = await readExactly(conn, 200 * 11);
    assert.equal(answers.length, 200 * 11);
    for (let i = 0; i < 200; i++) {
      const a = answers.subarray(i * 11, i * 11 + 11);
      assert.equal((a[0] << 8) | a[1], i);
      assert.equal((a[9] << 8) | a[10], 1_000 + (i % 100));
    }
    conn.close();
  });
});

Deno.test("an offline unit leaves requests unanswered; a non-Modbus header drops the connection", async () => {
  await withServer(async (port, unit, server) => {
    unit.answering = false;
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(new Uint8Array(mbap(1, 1, [3, 0, 0, 0, 1])));
    assert.equal((await readExactly(conn, 11, 200)).length, 0);
    const conn2 = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn2.write(new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n"));
    assert.equal((await readExactly(conn2, 1, 2_000)).length, 0, "closed without an answer");
    conn2.close();
    assert.equal(server.stats.malformed, 1);
  });
});
