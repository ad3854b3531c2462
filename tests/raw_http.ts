/**
 * A raw HTTP/1.1 client over TCP for tests that need what fetch will not
 * send: bodies shorter than their content-length, unencoded odd paths,
 * oversized headers, and bodies streamed until the server answers.
 *
 * @module
 */

/** What the server answered; `status` 0 when it gave no status line in time. */
export interface RawResponse {
  /** HTTP status, or 0 for no answer. */
  status: number;
  /** Response headers, names in lower case. */
  headers: Map<string, string>;
  /** The body as text (what arrived of it). */
  body: string;
  /** Milliseconds from the first byte sent to the end of the answer. */
  ms: number;
}

/** Options for {@linkcode rawRequest}. */
export interface RawOptions {
  /** Give up on an answer after this many milliseconds (default 10,000). */
  timeoutMs?: number;
  /** Sent after `head`, chunk by chunk, until it ends or the server answers. */
  body?: Iterable<Uint8Array>;
}

const CRLF2 = "\r\n\r\n";

/** Send `head` (request line, headers and any body bytes) on a new connection and read the answer. */
export async function rawRequest(
  port: number,
  head: string | Uint8Array,
  opts: RawOptions = {},
): Promise<RawResponse> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const started = performance.now();
  const bytes = typeof head === "string" ? new TextEncoder().encode(head) : head;
  const isHead = new TextDecoder().decode(bytes.subarray(0, 5)) === "HEAD ";
  let answered = false;
  const timer = setTimeout(() => {
    try {
      conn.close();
    } catch {
      // already closed
    }
  }, opts.timeoutMs ?? 10_000);
  const writing = (async () => {
    try {
      await writeAll(conn, bytes);
      for (const chunk of opts.body ?? []) {
        if (answered) break;
        await writeAll(conn, chunk);
      }
    } catch {
      // The server may close while we write (it refused the body): read its answer.
    }
  })();
  let text = "";
  const buf = new Uint8Array(64 * 1024);
  const decoder = new TextDecoder();
  let res: RawResponse = { status: 0, headers: new Map(), body: "", ms: 0 };
  try {
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) break;
      text += decoder.decode(buf.subarray(0, n), { stream: true });
      const end = text.indexOf(CRLF2);
      if (end < 0) continue;
      answered = true;
      res = parseHead(text.slice(0, end));
      const rest = text.slice(end + 4);
      if (complete(res, rest, isHead)) {
        res.body = rest;
        break;
      }
      res.body = rest;
    }
  } catch {
    // reset or closed by the timer: keep what arrived
  } finally {
    clearTimeout(timer);
    answered = true;
    try {
      conn.close();
    } catch {
      // already closed
    }
    await writing;
  }
  res.ms = performance.now() - started;
  if (res.headers.get("transfer-encoding") === "chunked") res.body = unchunk(res.body);
  return res;
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let at = 0;
  while (at < bytes.length) at += await conn.write(bytes.subarray(at));
}

function parseHead(head: string): RawResponse {
  const [statusLine, ...lines] = head.split("\r\n");
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
  }
  return {
    status: Number(/^HTTP\/1\.\d (\d{3})/.exec(statusLine)?.[1] ?? 0),
    headers,
    body: "",
    ms: 0,
  };
}

function complete(res: RawResponse, rest: string, isHead: boolean): boolean {
  if (isHead || res.status === 204 || res.status === 304) return true;
  if (res.headers.get("content-type")?.startsWith("text/event-stream")) return true;
  const length = res.headers.get("content-length");
  if (length !== undefined) return new TextEncoder().encode(rest).length >= Number(length);
  if (res.headers.get("transfer-encoding") === "chunked") return rest.endsWith(`0${CRLF2}`);
  return false;
}

function unchunk(body: string): string {
  let out = "";
  let at = 0;
  for (;;) {
    const eol = body.indexOf("\r\n", at);
    if (eol < 0) break;
    const size = parseInt(body.slice(at, eol), 16);
    if (!(size > 0)) break;
    out += body.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
  return out;
}
