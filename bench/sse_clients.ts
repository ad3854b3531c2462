/**
 * The viewers of the SSE benchmark, in their own process so their CPU never
 * counts as the server's and their work never delays its event loop: opens
 * `--clients` streams on `--url`, each watching one twin (round robin over
 * every twin, or all twins with `--all`), waits `--warmup-s`, then measures
 * for `--measure-s` the delay from each twin frame's newest sample
 * timestamp to its receipt. Prints JSON lines on stdout: `{"phase":
 * "measuring"}` when the window opens (the parent starts reading the
 * server's CPU), then one result line.
 *
 *   deno run --allow-net bench/sse_clients.ts --url http://127.0.0.1:8000 --clients 1000
 *
 * @module
 */
import { parseArgs } from "node:util";

/** What the client process reports. */
export interface ClientReport {
  /** Streams asked for. */
  clients: number;
  /** Streams that delivered their snapshot. */
  connected: number;
  /** Twin frames received in the window. */
  updates: number;
  /** Median delay, ms. */
  p50Ms: number;
  /** 99th percentile delay, ms. */
  p99Ms: number;
  /** Largest delay, ms. */
  maxMs: number;
  /** Streams that failed or ended early. */
  errors: number;
  /** `resync` frames received (each a client the server found too slow). */
  resyncs: number;
  /** Seconds it took to connect every client. */
  connectS: number;
  /** Mean size of a twins frame, bytes. */
  frameBytes: number;
}

const { values } = parseArgs({
  args: Deno.args,
  options: {
    url: { type: "string" },
    clients: { type: "string", default: "1" },
    "warmup-s": { type: "string", default: "2" },
    "measure-s": { type: "string", default: "10" },
    all: { type: "boolean", default: false },
    token: { type: "string" },
  },
  strict: true,
});
if (!values.url) throw new Error("sse_clients: --url is required");
const base = values.url;
const clients = Number(values.clients);
const warmupMs = Number(values["warmup-s"]) * 1000;
const measureMs = Number(values["measure-s"]) * 1000;

// With auth on, every viewer carries the access token, as the UI does in the stream's URL.
const token = values.token;
const ids = (await (await fetch(`${base}/api/twins`, {
  headers: token ? { authorization: `Bearer ${token}` } : {},
})).json() as { id: string }[]).map((t) => t.id);
const auth = token ? `access_token=${encodeURIComponent(token)}` : "";
// Preallocated: pushing millions of numbers into a growing array costs GC pauses
// that would show up as delay.
let delays = new Float64Array(1 << 16);
let count = 0;
let measuring = false;
let connected = 0, errors = 0, resyncs = 0, frameChars = 0;
const conns: Deno.TcpConn[] = [];
const latin1 = new TextDecoder("latin1");
const TS = '"ts":';

function record(delay: number): void {
  if (count === delays.length) {
    const grown = new Float64Array(delays.length * 2);
    grown.set(delays);
    delays = grown;
  }
  delays[count++] = delay;
}

/** SSE frames out of a stream's text: calls `frame` with each complete one. */
class FrameSplitter {
  #buffer = "";
  push(text: string, frame: (f: string) => void): void {
    this.#buffer += text;
    let cut;
    while ((cut = this.#buffer.indexOf("\n\n")) >= 0) {
      frame(this.#buffer.slice(0, cut));
      this.#buffer = this.#buffer.slice(cut + 2);
    }
  }
}

/** Handle one frame received at `now`. */
function onFrame(frame: string, now: number): void {
  if (frame.startsWith("event: resync")) resyncs++;
  if (!measuring || !frame.startsWith("event: twins")) return;
  frameChars += frame.length;
  // The frame's newest sample is the change it carries. Scanned by hand:
  // a regex match object per point would make the viewers, not the server,
  // the larger part of the delay they measure.
  let newest = 0;
  for (let i = frame.indexOf(TS); i >= 0; i = frame.indexOf(TS, i)) {
    i += TS.length;
    let ts = 0;
    for (let c = frame.charCodeAt(i); c >= 48 && c <= 57; c = frame.charCodeAt(++i)) {
      ts = ts * 10 + c - 48;
    }
    if (ts > newest) newest = ts;
  }
  if (newest) record(now - newest);
}

/**
 * One viewer on a raw TCP connection: a plain HTTP/1.1 GET and a small
 * chunked-body decoder. A browser's EventSource does no more than this;
 * fetch's stream machinery costs the client several times the CPU, and the
 * client's CPU shows up in the delays it measures.
 */
async function viewer(path: string, ready: () => void, fail: () => void): Promise<void> {
  const url = new URL(base);
  let conn: Deno.TcpConn;
  try {
    conn = await Deno.connect({ hostname: url.hostname, port: Number(url.port) });
  } catch {
    errors++;
    fail();
    return;
  }
  conns.push(conn);
  const utf8 = new TextDecoder();
  await conn.write(
    new TextEncoder().encode(
      `GET ${path} HTTP/1.1\r\nhost: ${url.host}\r\naccept: text/event-stream\r\n\r\n`,
    ),
  );
  // Small: a frame for one twin is ~2 KB, and 10,000 viewers each hold one.
  const buf = new Uint8Array(16 * 1024);
  const splitter = new FrameSplitter();
  let head = "";
  let inBody = false;
  let first = true;
  // Chunked transfer coding: a hex size line, that many bytes, CRLF.
  let sizeLine = "";
  let left = -1; // bytes of the current chunk still to come; -1 reading a size line
  let crlf = 0; // CRLF bytes after a chunk still to skip
  const frame = (f: string) => {
    if (first && f.includes("event: snapshot")) {
      first = false;
      ready();
    }
    onFrame(f, now);
  };
  let now = 0;
  try {
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) break;
      now = Date.now();
      let i = 0;
      if (!inBody) {
        head += latin1.decode(buf.subarray(0, n));
        const end = head.indexOf("\r\n\r\n");
        if (end < 0) continue;
        if (!head.startsWith("HTTP/1.1 200")) throw new Error(head.split("\r\n")[0]);
        inBody = true;
        i = n - (head.length - end - 4);
      }
      while (i < n) {
        if (crlf > 0) {
          const skip = Math.min(crlf, n - i);
          crlf -= skip;
          i += skip;
        } else if (left < 0) {
          const nl = buf.indexOf(10, i);
          const stop = nl < 0 ? n : nl;
          sizeLine += latin1.decode(buf.subarray(i, stop));
          i = stop;
          if (nl < 0) break;
          i++;
          left = parseInt(sizeLine.trim(), 16);
          sizeLine = "";
          if (left === 0) return; // the last chunk
        } else {
          const take = Math.min(left, n - i);
          splitter.push(utf8.decode(buf.subarray(i, i + take), { stream: true }), frame);
          left -= take;
          i += take;
          if (left === 0) {
            left = -1;
            crlf = 2;
          }
        }
      }
    }
  } catch {
    // counted below
  } finally {
    if (first) fail();
  }
  if (!stopping) errors++;
}

let stopping = false;
const t0 = performance.now();
// Connect in waves so the server's accept queue never overflows.
const WAVE = 250;
const viewers: Promise<void>[] = [];
for (let c = 0; c < clients; c += WAVE) {
  const wave: Promise<void>[] = [];
  for (let k = c; k < Math.min(clients, c + WAVE); k++) {
    const query = [values.all ? "" : `ids=${encodeURIComponent(ids[k % ids.length])}`, auth]
      .filter(Boolean).join("&");
    const path = `/api/stream${query ? `?${query}` : ""}`;
    wave.push(
      new Promise<void>((resolve) => {
        viewers.push(viewer(path, () => {
          connected++;
          resolve();
        }, resolve));
      }),
    );
  }
  await Promise.all(wave);
}
const connectS = (performance.now() - t0) / 1000;

await new Promise((r) => setTimeout(r, warmupMs));
console.log(JSON.stringify({ phase: "measuring" }));
measuring = true;
await new Promise((r) => setTimeout(r, measureMs));
measuring = false;
console.log(JSON.stringify({ phase: "done" }));
stopping = true;
for (const conn of conns) {
  try {
    conn.close();
  } catch {
    // already closed
  }
}
await Promise.all(viewers);

const sorted = delays.subarray(0, count).sort();
const pick = (q: number) => count ? sorted[Math.min(count - 1, Math.floor(q * count))] : NaN;
const report: ClientReport = {
  clients,
  connected,
  updates: count,
  p50Ms: pick(0.5),
  p99Ms: pick(0.99),
  maxMs: count ? sorted[count - 1] : NaN,
  errors,
  resyncs,
  connectS: Math.round(connectS * 10) / 10,
  frameBytes: count ? Math.round(frameChars / count) : 0,
};
console.log(JSON.stringify(report));
