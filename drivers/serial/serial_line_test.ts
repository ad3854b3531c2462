import assert from "node:assert/strict";
import { charTimeS, ddArgs, openSerialLine, SERIAL_PROGRAMS, sttyArgs } from "./serial_line.ts";
import { startTaskPermissions } from "../../tests/start_task.ts";

Deno.test("stty arguments: 19200 7E2 sets cs7, parenb, even parity and two stop bits, raw", () => {
  const args = sttyArgs({
    path: "/dev/ttyS1",
    baud: 19_200,
    parity: "even",
    data_bits: 7,
    stop_bits: 2,
  });
  assert.deepEqual(args.slice(0, 7), [
    "-F",
    "/dev/ttyS1",
    "19200",
    "cs7",
    "cstopb",
    "parenb",
    "-parodd",
  ]);
  assert.ok(args.includes("raw") && args.includes("-echo") && args.includes("-crtscts"));
});

Deno.test("dd copies each read at once, and the writer neither creates nor truncates the device", () => {
  assert.deepEqual(ddArgs("/dev/ttyS1", "read"), ["if=/dev/ttyS1", "bs=4096", "status=none"]);
  assert.deepEqual(ddArgs("/dev/ttyS1", "write"), [
    "of=/dev/ttyS1",
    "bs=4096",
    "status=none",
    "conv=notrunc,nocreat",
  ]);
});

Deno.test("a character at 9600 8N1 is 10 bits: 1.04 ms; at 9600 8E1 11 bits: 1.15 ms", () => {
  const base = { path: "x", baud: 9_600, data_bits: 8, stop_bits: 1 } as const;
  assert.ok(Math.abs(charTimeS({ ...base, parity: "none" }) - 10 / 9_600) < 1e-12);
  assert.ok(Math.abs(charTimeS({ ...base, parity: "even" }) - 11 / 9_600) < 1e-12);
});

Deno.test("bytes cross a pty pair both ways, and closing ends a pending read", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-serial-" });
  const socat = new Deno.Command("/usr/bin/socat", {
    args: [`pty,raw,echo=0,link=${dir}/a`, `pty,raw,echo=0,link=${dir}/b`],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    for (let i = 0; i < 200 && !(await exists(`${dir}/b`)); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    // A pty takes speed and raw mode; parity it does not emulate.
    const settings = { baud: 19_200, parity: "none", data_bits: 8, stop_bits: 1 } as const;
    const a = await openSerialLine({ path: `${dir}/a`, ...settings });
    const b = await openSerialLine({ path: `${dir}/b`, ...settings });
    const buf = new Uint8Array(4);
    await a.write(new Uint8Array([1, 2, 3, 4, 5, 6]));
    let got: number[] = [];
    while (got.length < 6) got = [...got, ...buf.subarray(0, (await b.read(buf))!)];
    assert.deepEqual(got, [1, 2, 3, 4, 5, 6], "a 6-byte burst read through a 4-byte buffer");
    await b.write(new Uint8Array([9]));
    assert.equal(await a.read(buf), 1);
    assert.equal(buf[0], 9);
    const pending = a.read(buf);
    await a.close();
    assert.equal(await pending, null);
    await b.close();
  } finally {
    socat.kill("SIGTERM");
    await socat.status;
    await Deno.remove(dir, { recursive: true });
  }
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("the start task runs no shell, and its permissions are enough for a serial line", async () => {
  const flags = await startTaskPermissions();
  assert.ok(!flags.includes("--allow-all") && !flags.includes("-A"), flags.join(" "));
  const allowRun = flags.find((f) => f.startsWith("--allow-run"));
  assert.equal(allowRun, `--allow-run=${SERIAL_PROGRAMS.join(",")}`, "exactly the serial programs");

  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-serial-" });
  const socat = new Deno.Command("/usr/bin/socat", {
    args: [`pty,raw,echo=0,link=${dir}/a`, `pty,raw,echo=0,link=${dir}/b`],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    for (let i = 0; i < 200 && !(await exists(`${dir}/b`)); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const probe = new URL("../../tests/peers/serial_line_probe.ts", import.meta.url).pathname;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...flags, probe, `${dir}/a`, `${dir}/b`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, text);
    assert.match(text, /^OK 1,3,0,0,0,2,196,11 1,3,4,0,42,0,43,250,40$/m);
  } finally {
    socat.kill("SIGTERM");
    await socat.status;
    await Deno.remove(dir, { recursive: true });
  }
});
