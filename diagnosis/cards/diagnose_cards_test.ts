import assert from "node:assert/strict";
import { committedModel } from "./card_model_file.ts";

const series = (n: number, f: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => f(i).toFixed(3)).join(",");
const pos = (i: number) => 1.5 - 1.5 * Math.cos((2 * Math.PI * i) / 200);
/** A full card (rectangle-like) and a thin one, as a field file would hold them. */
const full = `${series(200, pos)}:${
  series(
    200,
    (i) => i < 100 ? 20 + 25 * Math.min(1, i / 12) : 45 - 25 * Math.min(1, (i - 100) / 12),
  )
}`;

async function run(text: string) {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/cards.ts`;
  await Deno.writeTextFile(file, text);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", new URL("./diagnose_cards.ts", import.meta.url).pathname, file],
    stdout: "piped",
    stderr: "piped",
  }).output();
  await Deno.remove(dir, { recursive: true });
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("diagnose-cards prints one dataset label per card on stdout and nothing else", async () => {
  const classes = committedModel().classes;
  const r = await run(`@classLabel true ${classes.join(" ")}\n@data\n${full}\n${full}\n`);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split("\n");
  assert.equal(lines.pop(), "");
  assert.equal(lines.length, 2);
  for (const l of lines) assert.ok(classes.includes(l), l);
  assert.equal(r.stderr, "");
});

Deno.test("with labels, accuracy and a confusion matrix go to stderr", async () => {
  const r = await run(`${full}:REGULAR_WORK\n${full}:ROD_BROKEN\n`);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split("\n").length, 2);
  assert.match(r.stderr, /^accuracy (50\.0|0\.0|100\.0) % \(\d of 2 cards\)/);
  assert.match(r.stderr, /REGULAR_WORK/);
});

Deno.test("a bad line keeps its stdout line (UNREADABLE), names its line on stderr, exit 1", async () => {
  const r = await run(`${full}\n1,2,3:4,5\n${full}\n`);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines.length, 3);
  assert.equal(lines[1], "UNREADABLE");
  assert.match(r.stderr, /cards\.ts: line 2: 3 positions but 2 loads/);
});
