/**
 * Opens both ends of a pty pair as serial lines and sends a few bytes each
 * way, so a test can run it under exactly the permissions `deno task start`
 * grants and see that a serial line works with them.
 *
 *   deno run <start task permissions> tests/peers/serial_line_probe.ts PTY_A PTY_B
 *
 * Prints `OK` when the bytes crossed both ways; exits 1 with the error otherwise.
 *
 * @module
 */
import { openSerialLine } from "../../drivers/serial/serial_line.ts";

const settings = { baud: 19_200, parity: "none", data_bits: 8, stop_bits: 1 } as const;

/** Read exactly `n` bytes from `line`. */
async function readN(line: { read(p: Uint8Array): Promise<number | null> }, n: number) {
  const got: number[] = [];
  const buf = new Uint8Array(16);
  while (got.length < n) {
    const k = await line.read(buf);
    if (k === null) throw new Error(`line closed after ${got.length} of ${n} bytes`);
    got.push(...buf.subarray(0, k));
  }
  return got;
}

if (import.meta.main) {
  const [pathA, pathB] = Deno.args;
  const a = await openSerialLine({ path: pathA, ...settings });
  const b = await openSerialLine({ path: pathB, ...settings });
  try {
    await a.write(new Uint8Array([1, 3, 0, 0, 0, 2, 0xc4, 0x0b]));
    const there = await readN(b, 8);
    await b.write(new Uint8Array([1, 3, 4, 0, 42, 0, 43, 0xfa, 0x28]));
    const back = await readN(a, 9);
    console.log(`OK ${there.join(",")} ${back.join(",")}`);
  } finally {
    await a.close();
    await b.close();
  }
}
