/**
 * Makes sure the real peers the tests talk to are installed: Debian's
 * chromium (browser tests), pymodbus and mbpoll (Modbus peers), socat (serial
 * pty pairs), VictoriaMetrics (InfluxDB write API). As root with apt-get it
 * installs what is missing; otherwise it prints the command to run.
 *
 *   deno run --allow-run --allow-read --allow-env tools/ensure_test_deps.ts [--dry-run]
 *
 * `--dry-run` prints the commands it would run instead of running them.
 * `FIELDTWIN_PRETEND_MISSING=all` (or a comma list of package names) treats
 * those packages as missing, so a test can walk the fresh-machine path on a
 * machine that has them.
 *
 * @module
 */

/** A Debian package the tests need and how to tell it is there. */
export interface Requirement {
  /** Debian package names. */
  packages: string[];
  /** A command that succeeds when it is installed. */
  probe: string[];
  /** What needs it. */
  for: string;
}

/** Every Debian package the test suite talks to. */
export const REQUIREMENTS: readonly Requirement[] = [
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

/** What the installer decided to do. */
export type Plan =
  | { action: "none" }
  | { action: "install"; commands: string[][] }
  | { action: "advise"; missing: Requirement[]; hint: string };

/**
 * Decide what to do about the `missing` requirements: install them when we
 * are root and apt-get exists, otherwise tell the user the command to run.
 */
export function plan(missing: readonly Requirement[], isRoot: boolean, hasApt: boolean): Plan {
  if (missing.length === 0) return { action: "none" };
  const packages = missing.flatMap((r) => r.packages);
  if (isRoot && hasApt) {
    return {
      action: "install",
      commands: [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...packages],
      ],
    };
  }
  return {
    action: "advise",
    missing: [...missing],
    hint: `install them with: sudo apt-get install -y ${packages.join(" ")}`,
  };
}

async function succeeds(cmd: string[]): Promise<boolean> {
  try {
    const out = await new Deno.Command(cmd[0], {
      args: cmd.slice(1),
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** Whether this process runs as root; `id -u` keeps `--allow-sys` out of the task's permissions. */
async function runningAsRoot(): Promise<boolean> {
  try {
    const out = await new Deno.Command("id", { args: ["-u"], stdout: "piped", stderr: "null" })
      .output();
    return out.success && new TextDecoder().decode(out.stdout).trim() === "0";
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

async function main(args: string[]): Promise<number> {
  const dryRun = args.includes("--dry-run");
  const pretend = (Deno.env.get("FIELDTWIN_PRETEND_MISSING") ?? "").split(",").filter(Boolean);
  const missing: Requirement[] = [];
  for (const r of REQUIREMENTS) {
    const pretended = pretend.includes("all") || r.packages.some((p) => pretend.includes(p));
    if (pretended || !(await succeeds(r.probe))) missing.push(r);
  }
  const decided = plan(missing, await runningAsRoot(), await succeeds(["apt-get", "--version"]));
  if (decided.action === "none") return 0;
  if (decided.action === "install") {
    const packages = missing.flatMap((r) => r.packages);
    console.error(`installing test dependencies: ${packages.join(" ")}`);
    for (const cmd of decided.commands) {
      if (dryRun) {
        console.log(`would run: ${cmd.join(" ")}`);
        continue;
      }
      if (!(await run(cmd))) {
        console.error("apt-get failed; the tests that need these packages will fail");
        return 0;
      }
    }
    return 0;
  }
  for (const r of decided.missing) {
    console.error(`missing ${r.packages.join(" ")} (needed by ${r.for})`);
  }
  console.error(decided.hint);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
