/**
 * Starts the real peers the Modbus tests and benchmarks talk to: a pymodbus
 * server (Debian `python3-pymodbus`, run with `/usr/bin/python3`) holding
 * known values, and `socat` pty pairs standing in for a serial cable. Each
 * peer is stopped by its own process id.
 *
 * @module
 */

/** A running peer process. */
export interface Peer {
  /** TCP port it listens on (0 for serial peers). */
  port: number;
  /** Process id. */
  pid: number;
  /** Stop it and wait for it to exit. */
  stop(): Promise<void>;
}

/** Tables of one pymodbus unit (zero-based addresses). */
export interface PeerUnit {
  /** Holding registers. */
  hr?: number[];
  /** Input registers. */
  ir?: number[];
  /** Coils (0/1). */
  co?: number[];
  /** Discrete inputs (0/1). */
  di?: number[];
  /** Holding registers from 0 encoded by pymodbus's BinaryPayloadBuilder (replaces `hr`). */
  hr_typed?: TypedValue[];
  /** Input registers from 0 encoded by pymodbus's BinaryPayloadBuilder (replaces `ir`). */
  ir_typed?: TypedValue[];
}

/** A value pymodbus encodes into registers. */
export interface TypedValue {
  /** Data type. */
  type: "int16" | "uint16" | "int32" | "uint32" | "float32" | "float64";
  /** Value. */
  value: number;
  /** Byte order within each word. */
  byteorder: "big" | "little";
  /** Word order. */
  wordorder: "big" | "little";
}

/** Configuration of a pymodbus peer (see tests/peers/pymodbus_server.py). */
export interface PymodbusConfig {
  /** Framing. */
  mode: "tcp" | "rtu_over_tcp" | "serial";
  /** TCP port (0 = free). */
  port?: number;
  /** Serial device, for `serial`. */
  device?: string;
  /** Baud rate, for `serial`. */
  baud?: number;
  /** Units by unit id. */
  units: Record<string, PeerUnit>;
  /** Size of each table. */
  size?: number;
}

const SCRIPT = new URL("./pymodbus_server.py", import.meta.url).pathname;

async function stopChild(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch { /* already gone */ }
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }, 2_000);
  await child.status;
  clearTimeout(timer);
}

/** Start a pymodbus server and wait until it reports READY. */
export async function startPymodbus(cfg: PymodbusConfig): Promise<Peer> {
  const child = new Deno.Command("/usr/bin/python3", {
    args: [SCRIPT, JSON.stringify(cfg)],
    stdout: "piped",
    stderr: "null",
    stdin: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const deadline = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
  }, 15_000);
  try {
    while (!/READY (\S+)\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`pymodbus peer exited before READY: ${text}`);
      text += value;
    }
  } catch (e) {
    await stopChild(child);
    throw e;
  } finally {
    clearTimeout(deadline);
  }
  // Keep draining stdout so the peer never blocks on a full pipe.
  (async () => {
    try {
      while (!(await reader.read()).done) { /* drain */ }
    } catch { /* closed */ }
  })();
  const word = /READY (\S+)/.exec(text)![1];
  return {
    port: word === "serial" ? 0 : Number(word),
    pid: child.pid,
    stop: () => stopChild(child),
  };
}

/** A linked pair of ptys: what one end writes the other reads, like a null-modem cable. */
export interface PtyPair extends Peer {
  /** One end (the master's side in tests). */
  a: string;
  /** The other end (the slave's side). */
  b: string;
}

/** Start `socat -d -d pty,raw,echo=0 pty,raw,echo=0` with stable link names. */
export async function startPtyPair(): Promise<PtyPair> {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-pty-" });
  const a = `${dir}/a`, b = `${dir}/b`;
  const child = new Deno.Command("/usr/bin/socat", {
    args: ["-d", "-d", `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
    stdout: "null",
    stderr: "null",
    stdin: "null",
  }).spawn();
  for (let i = 0; i < 200; i++) {
    try {
      await Deno.stat(a);
      await Deno.stat(b);
      return {
        a,
        b,
        port: 0,
        pid: child.pid,
        stop: async () => {
          await stopChild(child);
          await Deno.remove(dir, { recursive: true }).catch(() => {});
        },
      };
    } catch {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  await stopChild(child);
  throw new Error("socat did not create the pty pair");
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}
