/**
 * The sink's answers to what a real InfluxDB does and VictoriaMetrics does
 * not (VictoriaMetrics accepts every batch and skips lines it cannot
 * parse): a batch refused for one bad line (HTTP 400, as InfluxDB answers a
 * field type conflict), a server that takes a request and never answers,
 * and one that refuses the token (401). The server here is a small HTTP
 * server that answers as InfluxDB's v2 write endpoint does in those cases;
 * the full store-and-forward path against a real server is in
 * tests/influx_sink_test.ts.
 */
import assert from "node:assert/strict";
import type { PointSample } from "../history_store.ts";
import { INFLUX_DEFAULTS } from "./influx_section.ts";
import { InfluxSink, type InfluxSinkOptions } from "./influx_sink.ts";

interface Server {
  url: string;
  lines: string[];
  requests: number;
  /** Path and query of the latest request. */
  target: string;
  /** The Authorization header of the latest request. */
  auth: string | null;
  close(): Promise<void>;
}

/** An InfluxDB v2 write endpoint whose answer to each request `answer` decides. */
function serve(answer: (body: string, n: number) => Promise<Response | null>): Server {
  const s: Server = {
    url: "",
    lines: [],
    requests: 0,
    target: "",
    auth: null,
    close: () => Promise.resolve(),
  };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    s.target = url.pathname + url.search;
    s.auth = req.headers.get("authorization");
    const body = await req.text();
    const r = await answer(body, ++s.requests);
    if (r) return r;
    s.lines.push(...body.split("\n"));
    return new Response(null, { status: 204 });
  });
  s.url = `http://127.0.0.1:${server.addr.port}`;
  s.close = () => server.shutdown();
  return s;
}

function options(url: string, dir: string, logs: string[]): InfluxSinkOptions {
  return {
    ...INFLUX_DEFAULTS,
    url,
    token: "t0ken",
    org: "ops",
    bucket: "b",
    flushIntervalMs: 10,
    retryMinMs: 10,
    retryMaxMs: 50,
    bufferPath: `${dir}/p.influx-buffer.sqlite`,
    log: (m) => logs.push(m),
  };
}

const sample = (k: number, value: PointSample["value"] = k): PointSample => ({
  twin: "t",
  point: typeof value === "string" ? "bad" : "x",
  ts: 1_000 + k,
  value,
  quality: "good",
});

Deno.test("influx sink: lines the server refuses are found by halves and dropped; the rest is written once", async () => {
  const dir = await Deno.makeTempDir();
  const logs: string[] = [];
  // Like InfluxDB on a field type conflict: the whole batch is refused with 400.
  const server = serve((body) =>
    Promise.resolve(
      body.includes("text=")
        ? Response.json({ code: "invalid", message: "field type conflict" }, { status: 400 })
        : null,
    )
  );
  const sink = new InfluxSink(options(server.url, dir, logs));
  try {
    const samples = Array.from({ length: 16 }, (_, k) => sample(k, k === 5 || k === 11 ? "x" : k));
    sink.write(samples);
    sink.flushNow();
    await sink.whenEmpty();
    const want = samples.filter((s) => typeof s.value === "number").map((s) =>
      `fieldtwin,point=x,quality=good,twin=t value=${s.value} ${s.ts}`
    );
    assert.deepEqual(server.lines, want, "every good line once, in order");
    assert.equal(server.auth, "Token t0ken");
    assert.equal(server.target, "/api/v2/write?org=ops&bucket=b&precision=ms");
    assert.equal(sink.stats.written, 14);
    assert.equal(sink.stats.rejected, 2);
    assert.equal(sink.stats.failures, 0);
    assert.equal(logs.filter((m) => m.includes("refused a point (HTTP 400")).length, 2);
    assert.match(sink.prometheus(), /^fieldtwin_influx_rejected_points_total 2$/m);
  } finally {
    sink.close();
    await sink.closed();
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("influx sink: no answer within the timeout, or a refused token, is a failure retried until it works", async () => {
  const dir = await Deno.makeTempDir();
  const logs: string[] = [];
  let release = () => {};
  const hung = new Promise<void>((r) => release = r);
  const server = serve(async (_body, n) => {
    if (n === 1) {
      // Takes the request and never answers (until the test ends).
      await hung;
      return new Response(null, { status: 503 });
    }
    if (n === 2) return Response.json({ code: "unauthorized" }, { status: 401 });
    return null;
  });
  const sink = new InfluxSink({ ...options(server.url, dir, logs), timeoutMs: 200 });
  try {
    sink.write(Array.from({ length: 10 }, (_, k) => sample(k)));
    sink.flushNow();
    await sink.whenEmpty();
    assert.equal(server.requests, 3);
    assert.equal(server.lines.length, 10);
    assert.equal(sink.stats.failures, 2);
    assert.equal(sink.stats.written, 10);
    assert.ok(sink.stats.connected);
    assert.match(logs[0], /writing 10 points to .* failed \(no answer in 200 ms\); 10 points kept/);
    assert.ok(logs.some((m) => m.includes("works again")), logs.join("\n"));
  } finally {
    release();
    sink.close();
    await sink.closed();
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("influx sink: a server's Retry-After is heeded before the next try", async () => {
  const dir = await Deno.makeTempDir();
  const at: number[] = [];
  const server = serve((_body, n) => {
    at.push(performance.now());
    return Promise.resolve(
      n === 1 ? new Response("busy", { status: 503, headers: { "retry-after": "1" } }) : null,
    );
  });
  const sink = new InfluxSink({ ...options(server.url, dir, []), retryMaxMs: 5_000 });
  try {
    sink.write([sample(0)]);
    sink.flushNow();
    await sink.whenEmpty();
    assert.equal(server.lines.length, 1);
    // retry_min_ms is 10 here: without the header the second try would come at once.
    assert.ok(at[1] - at[0] >= 900, `second try after ${at[1] - at[0]} ms`);
  } finally {
    sink.close();
    await sink.closed();
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
