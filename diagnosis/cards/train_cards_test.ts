import assert from "node:assert/strict";

const series = (n: number, f: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => f(i).toFixed(3)).join(",");
const pos = (i: number) => 1.5 - 1.5 * Math.cos((2 * Math.PI * i) / 200);
/** A card carrying `fluid` kN of fluid load over 20 kN of rods, with a small ripple of phase `k`. */
const card = (fluid: number, k: number) =>
  `${series(200, pos)}:${
    series(200, (i) => {
      const ramp = i < 100 ? Math.min(1, i / 12) : 1 - Math.min(1, (i - 100) / 12);
      return 20 + fluid * ramp + 0.3 * Math.sin(i / 7 + k);
    })
  }`;
/** Two clearly different classes, 6 cards each: full cards and thin ones. */
const file = [
  "@classLabel true REGULAR_WORK WORK_WITH_FLOAT",
  "@data",
  ...Array.from({ length: 6 }, (_, k) => `${card(25, k)}:REGULAR_WORK`),
  ...Array.from({ length: 6 }, (_, k) => `${card(3, k)}:WORK_WITH_FLOAT`),
].join("\n") + "\n";

async function trainCards(args: string[]) {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/cards.ts`, file);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      new URL("./train_cards.ts", import.meta.url).pathname,
      `${dir}/cards.ts`,
      "--out",
      `${dir}/model.json`,
      ...args,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  await Deno.remove(dir, { recursive: true });
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("train-cards --cv-seed cross-validates with folds dealt by that seed", async () => {
  const r = await trainCards(["--cv-seed", "2"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /12 cards, 2 classes/);
  assert.match(r.stderr, /\(stratified 5-fold x 3, seed 2\): accuracy 100\.0 % ± 0\.0/);
});

Deno.test("train-cards refuses a --cv-seed that is not an integer", async () => {
  const r = await trainCards(["--cv-seed", "two"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--cv-seed needs an integer, got two/);
});
