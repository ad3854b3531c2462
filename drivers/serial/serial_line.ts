/**
 * Opens a serial line under Deno. The `serialport` npm binding does not work
 * in Deno (writes fail with "Bad file descriptor"), and Deno lets a program
 * open a device under `/dev` only with `--allow-all` (even with the device
 * named in `--allow-read` and `--allow-write`), which neither the server nor
 * the test task grants. So the line is set up with `stty -F` (speed, framing,
 * raw mode) and its bytes are carried by two `dd` processes, one copying the
 * tty into a pipe and one a pipe into the tty. Each program is run directly,
 * never through a shell, so `--allow-run=stty,dd` is all a plant with serial
 * devices needs; closing the line is killing them, which also ends a read
 * that is waiting for the next byte.
 *
 * @module
 */

/** Line settings of a serial port. */
export interface SerialSettings {
  /** Device path, for example `/dev/ttyUSB0`. */
  path: string;
  /** Baud rate. */
  baud: number;
  /** Parity. */
  parity: "none" | "even" | "odd";
  /** Data bits. */
  data_bits: 7 | 8;
  /** Stop bits. */
  stop_bits: 1 | 2;
}

/**
 * The `stty` arguments that put the line in raw mode with these settings:
 * no echo, no line editing, no flow control, modem lines ignored, and a
 * read returns as soon as one byte is there.
 */
export function sttyArgs(s: SerialSettings): string[] {
  return [
    "-F",
    s.path,
    String(s.baud),
    s.data_bits === 7 ? "cs7" : "cs8",
    s.stop_bits === 2 ? "cstopb" : "-cstopb",
    s.parity === "none" ? "-parenb" : "parenb",
    s.parity === "odd" ? "parodd" : "-parodd",
    "raw",
    "-echo",
    "-echoe",
    "-echok",
    "-ixon",
    "-ixoff",
    "-crtscts",
    "clocal",
    "cread",
    "min",
    "1",
    "time",
    "0",
  ];
}

/** Seconds one character takes on the line (start bit, data, parity, stop bits). */
export function charTimeS(s: SerialSettings): number {
  const bits = 1 + s.data_bits + (s.parity === "none" ? 0 : 1) + s.stop_bits;
  return bits / s.baud;
}

async function stopChild(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch { /* already gone */ }
  await child.status;
}

/** An open serial line. */
export class SerialLine {
  /** Device path. */
  readonly path: string;
  readonly #reader: Deno.ChildProcess;
  readonly #writer: Deno.ChildProcess;
  readonly #in: ReadableStreamDefaultReader<Uint8Array>;
  readonly #out: WritableStreamDefaultWriter<Uint8Array>;
  #rest: Uint8Array | undefined;
  #closed: Promise<void> | undefined;

  /** Wrap the reading and writing processes of one tty. */
  constructor(path: string, reader: Deno.ChildProcess, writer: Deno.ChildProcess) {
    this.path = path;
    this.#reader = reader;
    this.#writer = writer;
    this.#in = reader.stdout.getReader();
    this.#out = writer.stdin.getWriter();
  }

  /** Read received bytes into `p`, waiting for at least one; null once the line is gone. */
  async read(p: Uint8Array): Promise<number | null> {
    let chunk = this.#rest;
    this.#rest = undefined;
    while (!chunk || chunk.length === 0) {
      if (this.#closed) return null;
      const r = await this.#in.read().catch(() => ({ done: true, value: undefined }));
      if (r.done) return null;
      chunk = r.value;
    }
    const n = Math.min(p.length, chunk.length);
    p.set(chunk.subarray(0, n));
    if (n < chunk.length) this.#rest = chunk.subarray(n);
    return n;
  }

  /** Write `p` to the line. */
  async write(p: Uint8Array): Promise<number> {
    if (this.#closed) throw new Deno.errors.BadResource(`serial line ${this.path} is closed`);
    // The pipe keeps the buffer until cat has taken it; callers may reuse theirs.
    await this.#out.write(p.slice());
    return p.length;
  }

  /** Close the line: stop both processes (a pending read then returns null). */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.#out.close().catch(() => {});
      await Promise.all([stopChild(this.#reader), stopChild(this.#writer)]);
      await this.#in.cancel().catch(() => {});
    })();
    return this.#closed;
  }
}

/** The programs a serial line runs, for `--allow-run`. */
export const SERIAL_PROGRAMS = ["stty", "dd"] as const;

/**
 * `dd` arguments that copy one direction of the line. With `bs` given, dd
 * passes on each short read at once instead of filling whole blocks, which
 * is what keeps a Modbus frame in one piece and on time.
 */
export function ddArgs(path: string, direction: "read" | "write"): string[] {
  return direction === "read"
    ? [`if=${path}`, "bs=4096", "status=none"]
    : [`of=${path}`, "bs=4096", "status=none", "conv=notrunc,nocreat"];
}

/**
 * Configure the line with `stty` and start the processes that carry its
 * bytes. Needs `--allow-run=stty,dd`.
 */
export async function openSerialLine(s: SerialSettings): Promise<SerialLine> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("stty", { args: sttyArgs(s), stdout: "null", stderr: "piped" })
      .output();
  } catch (e) {
    throw new Error(
      `cannot configure ${s.path}: ${(e as Error).message} (serial lines need --allow-run=${
        SERIAL_PROGRAMS.join(",")
      })`,
    );
  }
  if (!out.success) {
    const why = new TextDecoder().decode(out.stderr).trim();
    throw new Error(`cannot configure ${s.path}: ${why || `stty exited with ${out.code}`}`);
  }
  const reader = new Deno.Command("dd", {
    args: ddArgs(s.path, "read"),
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const writer = new Deno.Command("dd", {
    args: ddArgs(s.path, "write"),
    stdin: "piped",
    stdout: "null",
    stderr: "null",
  }).spawn();
  return new SerialLine(s.path, reader, writer);
}
