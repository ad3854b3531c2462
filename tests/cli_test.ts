import assert from "node:assert/strict";

const root = new URL("..", import.meta.url).pathname;

async function start(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-read", "--allow-env", "main.ts", ...args],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("--help prints the options", async () => {
  const r = await start(["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--plant FILE/);
  assert.match(r.stdout, /--port N +HTTP port \(default 8000/);
});

Deno.test("a bad --port or an unknown option exits 2 with the reason and the usage", async () => {
  let r = await start(["--port", "http"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--port must be an integer from 0 to 65535, got "http"/);
  assert.match(r.stderr, /Usage: deno task start/);
  r = await start(["--colour", "red"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /colour/);
});

Deno.test("a broken plant file exits 1 naming file, line and JSON path", async () => {
  const file = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await Deno.writeTextFile(
      file,
      '{\n  "name": "broken",\n  "twins": [\n    { "id": "w", "kind": "well", "params": { "spm": 99 } }\n  ]\n}\n',
    );
    const r = await start(["--plant", file, "--port", "0"]);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(`${file}:4:`), r.stderr);
    assert.match(r.stderr, /twins\[0\]\.params\.spm: Too big: expected number to be <=15/);
  } finally {
    await Deno.remove(file);
  }
});
