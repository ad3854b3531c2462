/**
 * Hostile and malformed requests against the real server (tests/test_server.ts):
 * prototype names as command types and alarm actions, malformed escapes,
 * oversized and slow bodies, oversized user names, and HEAD on the UI.
 */
import assert from "node:assert/strict";
import { rawRequest } from "./raw_http.ts";
import { startTestServer, type TestServer } from "./test_server.ts";

const plant = {
  name: "http-input",
  twins: [{ id: "rtu-{i}", count: 2, kind: "rtu" }],
  alarms: {
    definitions: [{
      name: "comm",
      kind: "rtu",
      priority: "high",
      condition: { type: "state", point: "comm_ok", in: [false] },
    }],
  },
};

const opts = { sanitizeResources: false, sanitizeOps: false };
const PROTOTYPE_NAMES = ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"];

async function withServer(fn: (s: TestServer, port: number) => Promise<void>): Promise<void> {
  const s = await startTestServer(plant, {
    web: { body: { maxBytes: 1_000_000, timeoutMs: 300 } },
  });
  try {
    await fn(s, Number(new URL(s.url).port));
  } finally {
    await s.close();
  }
}

async function answer(res: Response): Promise<[number, string]> {
  return [res.status, (await res.json()).error];
}

Deno.test({
  name:
    "prototype names are unknown commands (400) and unknown alarm actions (404), never 500 or 409",
  ...opts,
  fn: () =>
    withServer(async (s) => {
      for (const type of PROTOTYPE_NAMES) {
        const res = await fetch(`${s.url}/api/twins/rtu-1/commands`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ type }),
        });
        const [status, error] = await answer(res);
        assert.equal(status, 400, type);
        assert.match(error, new RegExp(`rtu "rtu-1" has no command "${type}"; it accepts: `));
      }
      for (const action of PROTOTYPE_NAMES) {
        const res = await fetch(`${s.url}/api/alarms/rtu-1/comm/${action}`, { method: "POST" });
        const [status, error] = await answer(res);
        assert.equal(status, 404, action);
        assert.match(error, new RegExp(`no alarm action "${action}"; actions: ack, shelve`));
      }
    }),
});

Deno.test({
  name: "a malformed percent escape in the path is a 400 naming it",
  ...opts,
  fn: () =>
    withServer(async (_s, port) => {
      for (const path of ["/api/twins/%E0%A4%A", "/api/twins/%zz/commands", "/api/alarms/%/ack"]) {
        const method = path.endsWith("/ack") || path.endsWith("/commands") ? "POST" : "GET";
        const res = await rawRequest(
          port,
          `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`,
        );
        assert.equal(res.status, 400, path);
        assert.match(JSON.parse(res.body).error, /malformed percent escape in the path/);
      }
    }),
});

Deno.test({
  name: "x-user is bounded and checked, naming the header; a %-encoded name is decoded",
  ...opts,
  fn: () =>
    withServer(async (s) => {
      const post = (user: string) =>
        fetch(`${s.url}/api/twins/rtu-1/commands`, {
          method: "POST",
          headers: { "x-user": user, "content-type": "application/json" },
          body: JSON.stringify({ type: "clear_fault" }),
        });
      let [status, error] = await answer(await post("u".repeat(60_000)));
      assert.equal(status, 400);
      assert.equal(error, "header x-user is 60,000 characters long; at most 100 allowed");
      [status, error] = await answer(await post("u".repeat(101)));
      assert.equal(status, 400);
      assert.match(error, /^header x-user is 101 characters long/);
      [status, error] = await answer(await post(encodeURIComponent("a\u0007b")));
      assert.equal(status, 400);
      assert.match(error, /^header x-user holds control or invisible characters/);
      assert.equal(s.runtime.commands.list().length, 0, "nothing refused was recorded");
      const ok = await post(encodeURIComponent("操作员"));
      assert.equal(ok.status, 200);
      assert.equal((await ok.json()).user, "操作员");
      const alarm = await fetch(`${s.url}/api/alarms/rtu-1/comm/ack`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user: "x\u0000y" }),
      });
      assert.deepEqual(await answer(alarm), [
        400,
        'body field "user" holds control or invisible characters; letters, digits, spaces and punctuation only',
      ]);
    }),
});

Deno.test({
  name:
    "bodies: too large by declaration or by count is 413, a short one is 408, and memory stays flat",
  ...opts,
  fn: () =>
    withServer(async (_s, port) => {
      const commands = "POST /api/twins/rtu-1/commands HTTP/1.1\r\nhost: 127.0.0.1\r\n";
      // Declares 50 MB and sends none of it: refused at once.
      let res = await rawRequest(port, `${commands}content-length: 50000000\r\n\r\n`);
      assert.equal(res.status, 413);
      assert.match(JSON.parse(res.body).error, /larger than 1,000,000 bytes/);
      // Declares 100 bytes, sends 8: answered when the 300 ms body limit passes.
      res = await rawRequest(port, `${commands}content-length: 100\r\n\r\n{"type":`);
      assert.equal(res.status, 408);
      assert.match(JSON.parse(res.body).error, /8 bytes arrived/);
      // 600 MB chunked: refused just past 1 MB; the old reader buffered it whole.
      const before = Deno.memoryUsage().rss;
      const chunk = new Uint8Array(64 * 1024).fill(0x20);
      const frame = new Uint8Array([
        ...new TextEncoder().encode(`${chunk.length.toString(16)}\r\n`),
        ...chunk,
        13,
        10,
      ]);
      let sent = 0;
      const body = (function* () {
        while (sent < 600_000_000) {
          sent += chunk.length;
          yield frame;
        }
      })();
      res = await rawRequest(port, `${commands}transfer-encoding: chunked\r\n\r\n`, { body });
      assert.equal(res.status, 413);
      assert.ok(sent < 100_000_000, `the server read ${sent} bytes before answering`);
      const grown = (Deno.memoryUsage().rss - before) / 1e6;
      assert.ok(grown < 100, `RSS grew ${grown.toFixed(0)} MB`);
    }),
});

Deno.test({
  name: "HEAD on the UI shell, the bundle and the API answers like GET without a body",
  ...opts,
  fn: () =>
    withServer(async (s) => {
      for (
        const path of ["/", "/app.js", "/app.css", "/twins/rtu-1", "/api/twins/rtu-1/commands"]
      ) {
        const get = await fetch(`${s.url}${path}`);
        const length = (await get.arrayBuffer()).byteLength;
        const head = await fetch(`${s.url}${path}`, { method: "HEAD" });
        assert.equal(head.status, get.status, path);
        assert.equal(head.headers.get("content-type"), get.headers.get("content-type"), path);
        assert.equal(head.headers.get("content-length"), String(length), path);
        assert.equal((await head.arrayBuffer()).byteLength, 0, path);
      }
      const stream = await fetch(`${s.url}/api/stream`, { method: "HEAD" });
      assert.equal(stream.status, 200);
      assert.match(stream.headers.get("content-type")!, /text\/event-stream/);
      assert.equal(s.app.hub.clients, 0, "a HEAD leaves no SSE client behind");
    }),
});
