/**
 * The floor of the SSE benchmark: a bare `Deno.serve` that writes one
 * frame of `--bytes` bytes, stamped with the time it is written, to every
 * open stream once a second. No plant, no hub, no JSON: what the platform
 * and the machine cost for the same fan-out, measured in the same run, so a
 * delay can be split into ours and theirs. Answers `/api/twins` and
 * `/api/stream` like the real server, for `bench/sse_clients.ts`.
 *
 *   deno run --allow-net bench/sse_floor_server.ts --port 8001 --bytes 1500
 *
 * @module
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  args: Deno.args,
  options: { port: { type: "string" }, bytes: { type: "string", default: "1500" } },
  strict: true,
});
const encoder = new TextEncoder();
const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
const pad = "x".repeat(Math.max(0, Number(values.bytes) - 60));

Deno.serve({ hostname: "127.0.0.1", port: Number(values.port), onListen: () => {} }, (req) => {
  const path = new URL(req.url).pathname;
  if (path === "/api/health" || path === "/api/health/ready" || path === "/api/health/live") {
    return Response.json({ status: "ok" });
  }
  if (path === "/api/twins") return Response.json([{ id: "floor" }]);
  if (path !== "/api/stream") return new Response("not found", { status: 404 });
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      streams.add(c);
      c.enqueue(encoder.encode("event: snapshot\ndata: []\n\n"));
    },
    cancel() {
      streams.delete(controller);
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
});

setInterval(() => {
  const frame = encoder.encode(`event: twins\ndata: [{"ts":${Date.now()},"pad":"${pad}"}]\n\n`);
  for (const c of streams) {
    try {
      c.enqueue(frame);
    } catch {
      streams.delete(c);
    }
  }
}, 1_000);
