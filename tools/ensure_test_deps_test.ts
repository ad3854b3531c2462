import assert from "node:assert/strict";
import { plan, REQUIREMENTS } from "./ensure_test_deps.ts";

const ALL = REQUIREMENTS.flatMap((r) => r.packages);

Deno.test("plan installs every missing package as root with apt-get", () => {
  const p = plan(REQUIREMENTS, true, true);
  assert.equal(p.action, "install");
  if (p.action !== "install") return;
  assert.deepEqual(p.commands[0], ["apt-get", "update", "-qq"]);
  assert.deepEqual(p.commands[1].slice(-ALL.length), ALL);
});

Deno.test("plan advises the apt-get line when not root", () => {
  const p = plan(REQUIREMENTS.slice(0, 2), false, true);
  assert.equal(p.action, "advise");
  if (p.action !== "advise") return;
  assert.match(p.hint, /sudo apt-get install -y chromium python3-pymodbus/);
});

Deno.test("plan does nothing when nothing is missing", () => {
  assert.deepEqual(plan([], true, true), { action: "none" });
});

Deno.test("the test task's installer step runs under its own permissions on a fresh machine", async () => {
  // Take the installer command exactly as `deno task test` runs it, and walk
  // the path a machine without the Debian packages takes, in dry-run mode.
  const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  const step: string = config.tasks.test.split("&&")[0].trim();
  const argv = step.split(/\s+/);
  assert.equal(argv[0], "deno");
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...argv.slice(1), "--dry-run"],
    cwd: new URL("..", import.meta.url).pathname,
    env: { FIELDTWIN_PRETEND_MISSING: "all", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, text);
  assert.doesNotMatch(text, /NotCapable|PermissionDenied|Uncaught/, text);
  // Either the install commands (root) or the advice (not root) name every package.
  for (const pkg of ALL) assert.match(text, new RegExp(pkg), text);
  assert.match(text, /would run: apt-get install|sudo apt-get install/);
});
