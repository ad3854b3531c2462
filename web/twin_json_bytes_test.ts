import assert from "node:assert/strict";
import { loadKinds } from "../twins/registry.ts";
import { Twin } from "../twins/twin.ts";
import type { TwinSource } from "../twins/twin.ts";
import { TwinJsonWriter } from "./twin_json_bytes.ts";

const text = (b: Uint8Array | undefined) => b && new TextDecoder().decode(b);

/** What the SSE hub sent before: the view, its points filtered, stringified. */
function viewJson(twin: Twin, want?: ReadonlySet<string>): string {
  const view = twin.view();
  if (!want) return JSON.stringify(view);
  const points: typeof view.points = {};
  for (const [name, spec] of twin.pointSpecs()) {
    if (want.has(name) || (want.has("key") && spec.key)) points[name] = view.points[name];
  }
  return JSON.stringify({ ...view, points });
}

/** A seeded generator of awkward values: NaN, -0, huge, tiny, text with quotes and non-ASCII. */
function values(seed: number) {
  let s = seed;
  const next = () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pool: (number | string | boolean | undefined)[] = [
    NaN,
    -0,
    1e21,
    -1.5e-7,
    Infinity,
    'a "quoted" \\ value',
    "°C/min m³/h",
    true,
    false,
    undefined,
  ];
  return () => (next() < 0.4 ? pool[Math.floor(next() * pool.length)] : next() * 1_000 - 500);
}

Deno.test("twin JSON bytes equal JSON.stringify(view()) for every kind, filtered or not", async () => {
  const kinds = await loadKinds();
  const writer = new TwinJsonWriter();
  const source: TwinSource = { type: "simulator", actuate: () => undefined };
  const pick = values(7);
  let n = 0;
  for (const [kind, def] of kinds) {
    const twin = new Twin(`${kind}-1 "ü"`, def, {}, n % 2 ? "parent-1" : undefined, () => {});
    twin.name = `Name of ${kind} – °`;
    const names = twin.pointSpecs().map(([name]) => name);
    const filters: (ReadonlySet<string> | undefined)[] = [
      undefined,
      new Set(["key"]),
      new Set([names[0], "no_such_point"]),
      new Set(["key", names.at(-1)!]),
    ];
    for (let round = 0; round < 4; round++) {
      for (const name of names) {
        const v = pick();
        if (v === undefined) delete (twin.values as Record<string, unknown>)[name];
        else (twin.values as Record<string, unknown>)[name] = v;
        if (round % 2) twin.times[name] = 1_700_000_000_000 + round;
      }
      twin.quality[names[0]] = round === 1 ? "uncertain" : "bad";
      if (round === 2) delete twin.quality[names[0]];
      twin.sampleTs = 1_700_000_000_000 + n;
      twin.mode = round % 2 ? "running" : "stopped";
      twin.running = round % 2 === 1;
      twin.source = round > 1 ? source : undefined;
      twin.version = round + 1;
      if (round === 3) {
        twin.extraPoints["pue_rate"] = { unit: "1/min", description: "calculated" };
        twin.values["pue_rate"] = 0.25;
      }
      for (const want of filters) {
        assert.equal(
          text(writer.bytes(twin, want)),
          viewJson(twin, want),
          `${kind} round ${round}`,
        );
      }
      n++;
    }
  }
  assert.ok(n >= 4 * 4, `${kinds.size} kinds`);
});

Deno.test("twin JSON bytes: points JSON would reorder are left to twin.json()", async () => {
  const def = (await loadKinds()).values().next().value!;
  const twin = new Twin("t-1", def, {}, undefined, () => {});
  const writer = new TwinJsonWriter();
  assert.ok(writer.bytes(twin));
  twin.extraPoints["7"] = { unit: "", description: "an index-like name" };
  assert.equal(writer.bytes(twin), undefined, "a changed point set is noticed");
});
