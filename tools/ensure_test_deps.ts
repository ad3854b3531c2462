/**
 * Makes sure the real peers the tests talk to are installed: Debian's
 * chromium (browser tests), pymodbus and mbpoll (Modbus peers), socat (serial
 * pty pairs), VictoriaMetrics (InfluxDB write API). As root with apt-get it
 * installs what is missing; otherwise it prints the command to run.
 *
 * @module
 */

/** A Debian package the tests need and how to tell it is there. */
interface Requirement {
  /** Debian package names. */
  packages: string[];
  /** A command that succeeds when it is installed. */
  probe: string[];
  /** What needs it. */
  for: string;
}

const REQUIREMENTS: Requirement[] = [
  { packages: ["chromium"], probe: ["/usr/bin/chromium", "--version"], for: "browser tests" },
  {
    packages: ["python3-pymodbus", "python3-serial", "python3-serial-asyncio"],
    probe: ["/usr/bin/python3", "-c", "import pymodbus, serial, serial_asyncio"],
    for: "Modbus tests against pymodbus",
  },
  { packages: ["mbpoll"], probe: ["/usr/bin/mbpoll", "-V"], for: "Modbus tests with mbpoll" },
  { packages: ["socat"], probe: ["/usr/bin/socat", "-V"], for: "serial-line tests" },
  {
    packages: ["victoria-metrics"],
    probe: ["/usr/bin/victoria-metrics", "-version"],
    for: "InfluxDB sink tests",
  },
];

async function succeeds(cmd: string[]): Promise<boolean> {
  try {
    const out = await new Deno.Command(cmd[0], {
      args: cmd.slice(1),
      stdout: "null",
      stderr: "null",
    })
      .output();
    return out.success;
  } catch {
    return false;
  }
}

async function run(cmd: string[]): Promise<boolean> {
  const out = await new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    stdout: "inherit",
    stderr: "inherit",
    env: { DEBIAN_FRONTEND: "noninteractive" },
  }).output();
  return out.success;
}

async function main(): Promise<number> {
  const missing: Requirement[] = [];
  for (const r of REQUIREMENTS) if (!(await succeeds(r.probe))) missing.push(r);
  if (missing.length === 0) return 0;
  const packages = missing.flatMap((r) => r.packages);
  const isRoot = Deno.uid?.() === 0;
  if (isRoot && await succeeds(["apt-get", "--version"])) {
    console.error(`installing test dependencies: ${packages.join(" ")}`);
    if (
      await run(["apt-get", "update", "-qq"]) &&
      await run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...packages])
    ) return 0;
    console.error("apt-get failed; the tests that need these packages will fail");
    return 0;
  }
  for (const r of missing) console.error(`missing ${r.packages.join(" ")} (needed by ${r.for})`);
  console.error(`install them with: sudo apt-get install -y ${packages.join(" ")}`);
  return 0;
}

if (import.meta.main) Deno.exit(await main());
