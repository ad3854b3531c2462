import assert from "node:assert/strict";
import { loadKinds } from "../twins/registry.ts";
import { loadPlantFile, parsePlant, PlantError, validatePlant } from "./plant_file.ts";
import { PLANT_LIMITS } from "./plant_limits.ts";
import type { PlantSection } from "./plant_section.ts";

const kinds = await loadKinds();

function problems(text: string): { path: string; line?: number; message: string }[] {
  try {
    parsePlant(text, kinds, [], "test.json");
  } catch (e) {
    assert.ok(e instanceof PlantError, String(e));
    return e.problems;
  }
  assert.fail("expected the plant to be rejected");
}

Deno.test("a valid plant loads with defaults applied and count entries expanded", () => {
  const plant = parsePlant(
    JSON.stringify({
      name: "p",
      seed: 7,
      twins: [
        { id: "rtu-{i:02}", count: 3, kind: "rtu", name: "RTU {i}" },
        { id: "agg", kind: "rtu", params: { assets: ["rtu-01", "rtu-03"] } },
      ],
    }),
    kinds,
    [],
  );
  assert.equal(plant.seed, 7);
  assert.equal(plant.stepS, 1);
  assert.equal(plant.startMs, Date.parse("2026-01-01T00:00:00Z"));
  assert.deepEqual(plant.twins.map((t) => t.id), ["rtu-01", "rtu-02", "rtu-03", "agg"]);
  assert.equal(plant.twins[1].name, "RTU 2");
  assert.deepEqual(plant.twins[3].params, {
    assets: ["rtu-01", "rtu-03"],
    register_base: 0,
    stale_after_s: 10,
    offline_after_s: 60,
  });
});

Deno.test("copies share their parsed params unless the params hold {i}", () => {
  const plant = parsePlant(
    JSON.stringify({
      name: "p",
      twins: [
        { id: "r-{i}", count: 3, kind: "rtu", params: { stale_after_s: 5 } },
        { id: "m-{i}", count: 2, kind: "rtu", params: { assets: ["r-{i}"] } },
      ],
    }),
    kinds,
    [],
  );
  const [r1, r2, r3, m1, m2] = plant.twins;
  assert.equal(r1.params, r2.params);
  assert.equal(r2.params, r3.params);
  assert.deepEqual((r1.params as { stale_after_s: number }).stale_after_s, 5);
  assert.notEqual(m1.params, m2.params);
  assert.deepEqual((m2.params as { assets: string[] }).assets, ["r-2"]);
});

Deno.test("a JSON syntax error names its line and column", () => {
  const p = problems('{\n  "name": "p",\n  "twins": [\n    { "id": "a" "kind": "rtu" }\n  ]\n}');
  assert.equal(p[0].line, 4);
  assert.match(p[0].message, /expected ','/);
});

Deno.test("a wrong parameter names its JSON path and line", () => {
  const text = `{
  "name": "p",
  "twins": [
    { "id": "a", "kind": "rtu" },
    { "id": "b", "kind": "rtu", "params": { "stale_after_s": "ten" } }
  ]
}`;
  const [p] = problems(text);
  assert.equal(p.path, "twins[1].params.stale_after_s");
  assert.equal(p.line, 5);
  assert.match(p.message, /expected number/);
});

Deno.test("every problem is reported at once, each once even for count templates", () => {
  const p = problems(JSON.stringify({
    name: "p",
    twins: [
      { id: "x-{i}", count: 5, kind: "rtu" },
      { id: "y", kind: "pumpp" },
      { id: "x-1", kind: "rtu" },
      { id: "z", kind: "rtu", params: { assets: ["nowhere"], typo: 1 } },
      { id: "w-{i}", count: 4, kind: "rtu", params: { offline_after_s: -1 } },
    ],
  }));
  const text = p.map((x) => `${x.path}: ${x.message}`);
  assert.equal(text.filter((t) => t.startsWith("twins[4].params.offline_after_s")).length, 1);
  assert.ok(
    text.some((t) => /twins\[1\]\.kind: unknown kind "pumpp"; known kinds: .*rtu/.test(t)),
    text.join("\n"),
  );
  assert.ok(
    text.some((t) =>
      /twins\[2\]\.id: duplicate twin id "x-1" \(first defined at twins\[0\]\)/.test(t)
    ),
  );
  assert.ok(text.some((t) => /twins\[3\]\.params: .*typo/.test(t)), text.join("\n"));
});

Deno.test("dangling references, bad ids and a count without {i} are rejected", () => {
  const p = problems(JSON.stringify({
    name: "p",
    twins: [
      { id: "r", kind: "rtu", params: { assets: ["ghost"] } },
      { id: "bad id", kind: "rtu" },
      { id: "same", count: 2, kind: "rtu" },
    ],
  }));
  const text = p.map((x) => `${x.path}: ${x.message}`).join("\n");
  assert.match(text, /twins\[0\]\.params: twin "r" refers to unknown twin "ghost"/);
  assert.match(text, /twins\[1\]\.id: id "bad id" may hold only/);
  assert.match(text, /twins\[2\]\.id: an entry with "count" needs "\{i\}"/);
});

Deno.test("top-level problems: missing twins, unknown keys, bad start time", () => {
  const p = problems(JSON.stringify({ name: "p", twins: [], start: "yesterday", colour: "red" }));
  const text = p.map((x) => `${x.path}: ${x.message}`).join("\n");
  assert.match(text, /twins: a plant needs at least one twin/);
  assert.match(text, /start: /);
  assert.match(text, /colour/);
});

Deno.test("a missing file is a PlantError naming the file", async () => {
  await assert.rejects(
    loadPlantFile("/nonexistent/plant.json", kinds, []),
    (e) =>
      e instanceof PlantError &&
      /\/nonexistent\/plant\.json: \(file\): cannot read/.test(e.message),
  );
});

function rejected(load: () => unknown): PlantError {
  try {
    load();
  } catch (e) {
    assert.ok(e instanceof PlantError, `expected a PlantError, got ${e}`);
    return e;
  }
  assert.fail("expected the plant to be rejected");
}

Deno.test("an array past the bound is one problem at its path and line, not one per entry", () => {
  const assets = Array.from({ length: 150_000 }, (_, i) => `twin-number-${i}`);
  const text =
    `{\n  "name": "p",\n  "twins": [\n    { "id": "a", "kind": "rtu", "params": {\n      "assets": ${
      JSON.stringify(assets)
    } } }\n  ]\n}`;
  const e = rejected(() => parsePlant(text, kinds, [], "big.json"));
  assert.equal(e.total, 1);
  assert.deepEqual(e.problems[0], {
    path: "twins[0].params.assets",
    line: 5,
    column: 17,
    message: "array of 150,000 entries; at most 100,000 allowed",
  });
});

Deno.test("nesting 10,000 deep is a plant error with its path and line, not a stack overflow", () => {
  const text = `{"name": "p",\n"twins": [{"id": "a", "kind": "rtu", "params": {"x": ${
    "[".repeat(10_000)
  }${"]".repeat(10_000)}}}]}`;
  const e = rejected(() => parsePlant(text, kinds, [], "deep.json"));
  const [p] = e.problems;
  assert.equal(p.line, 2);
  assert.match(p.path, /^twins\[0\]\.params\.x(\[0\])+$/);
  assert.equal(p.message, "nested deeper than 64 levels");
  const built = { name: "p", twins: [{ id: "a", kind: "rtu", params: {} as unknown }] };
  let v: unknown[] = [];
  built.twins[0].params = { x: v };
  for (let i = 0; i < 10_000; i++) v = (v[0] = []) as unknown[];
  assert.match(rejected(() => validatePlant(built, kinds, [])).message, /nested deeper than 64/);
});

Deno.test("a huge generated or written id is a plant error naming the entry", () => {
  let e = rejected(() =>
    parsePlant(
      JSON.stringify({ name: "p", twins: [{ id: "a-{i:999999999}", count: 1, kind: "rtu" }] }),
      kinds,
      [],
    )
  );
  assert.equal(e.problems[0].path, "twins[0].id");
  assert.match(e.problems[0].message, /may pad to at most 20 digits/);
  e = rejected(() =>
    parsePlant(
      JSON.stringify({ name: "p", twins: [{ id: "a".repeat(200), kind: "rtu" }] }),
      kinds,
      [],
    )
  );
  assert.equal(e.problems[0].path, "twins[0].id");
  assert.match(e.problems[0].message, /id of 200 characters; at most 128 allowed/);
});

Deno.test("many bad entries list the first ten of their kind and count the rest", () => {
  const twins = Array.from(
    { length: 20_000 },
    (_, i) => ({ id: `x${i}`, kind: "rtu", params: { typo: i } }),
  );
  const e = rejected(() =>
    parsePlant(JSON.stringify({ name: "p", twins }), kinds, [], "many.json")
  );
  assert.equal(e.total, 20_000);
  const lines = e.message.split("\n");
  assert.equal(lines.length, 12, lines.join("\n"));
  assert.match(lines[1], /^many\.json:1:\d+: twins\[0\]\.params: Unrecognized key: "typo"$/);
  assert.equal(lines[11], "  ... and 19,990 more like this");
});

Deno.test("encodings: UTF-16 is named in one problem, a UTF-8 byte-order mark loads, a bad byte is located", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const text = JSON.stringify({ name: "p", twins: [{ id: "a", kind: "rtu" }] }, null, 2);
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + i * 2] = text.charCodeAt(i);
    await Deno.writeFile(`${dir}/utf16.json`, utf16);
    await assert.rejects(loadPlantFile(`${dir}/utf16.json`, kinds, []), (e) => {
      assert.ok(e instanceof PlantError);
      assert.equal(e.total, 1);
      assert.match(
        e.message,
        /utf16\.json:1:1: \(document\): the file is UTF-16 \(little-endian\)/,
      );
      return true;
    });
    await Deno.writeFile(
      `${dir}/bom.json`,
      new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]),
    );
    assert.equal((await loadPlantFile(`${dir}/bom.json`, kinds, [])).twins[0].id, "a");
    const bad = new TextEncoder().encode(text.replace('"p"', '"p\u00e9"'));
    bad[bad.indexOf(0xc3)] = 0xff;
    await Deno.writeFile(`${dir}/latin.json`, bad);
    await assert.rejects(
      loadPlantFile(`${dir}/latin.json`, kinds, []),
      /latin\.json:2:13: \(document\): invalid UTF-8 at byte \d+/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a __proto__ key is an unknown key like any other, wherever it is", () => {
  const text =
    '{"name": "p", "twins": [\n{"id": "a", "kind": "rtu", "params": {"__proto__": {"stale_after_s": 5}}}]}';
  const e = rejected(() => parsePlant(text, kinds, [], "proto.json"));
  assert.deepEqual(e.problems.map((p) => [p.path, p.line, p.message]), [
    ["twins[0].params", 2, 'Unrecognized key: "__proto__"'],
  ]);
});

Deno.test("bounds on size, twins and count expansion are plant errors; a 100,000-twin plant is within them", async () => {
  const demo = new URL("../plants/demo.json", import.meta.url).pathname;
  await assert.rejects(
    loadPlantFile(demo, kinds, [], { ...PLANT_LIMITS, maxFileBytes: 1_000 }),
    /demo\.json:1:1: \(file\): the file is 0\.0 MB; at most 0\.0 MB allowed/,
  );
  const twins = [{ id: "r-{i}", count: 3, kind: "rtu" }, { id: "s-{i}", count: 3, kind: "rtu" }];
  let e = rejected(() =>
    validatePlant({ name: "p", twins }, kinds, [], "p", { ...PLANT_LIMITS, maxTwins: 4 })
  );
  assert.deepEqual(e.problems.map((p) => [p.path, p.message]), [
    ["twins[1]", "the plant would have more than 4 twins"],
  ]);
  const copies = [{
    id: "r-{i}",
    count: 100_000,
    kind: "rtu",
    params: { assets: ["x", "y", "z"] },
  }];
  e = rejected(() =>
    validatePlant({ name: "p", twins: copies }, kinds, [], "p", {
      ...PLANT_LIMITS,
      maxExpandedValues: 100_000,
    })
  );
  assert.equal(e.problems[0].path, "twins[0].count");
  assert.match(e.problems[0].message, /make 500,000 values; at most 100,000 allowed/);
  const big = validatePlant(
    { name: "p", twins: [{ id: "r-{i}", count: 100_000, kind: "rtu" }] },
    kinds,
    [],
  );
  assert.equal(big.twins.length, 100_000);
});

Deno.test("a section validator that throws gives a plant error at its section, not a crash", () => {
  const broken: PlantSection = {
    key: "widgets",
    validate() {
      throw new TypeError("cannot read properties of undefined");
    },
  };
  const e = rejected(() =>
    parsePlant('{"name": "p", "twins": [{"id": "a", "kind": "rtu"}],\n"widgets": 1}', kinds, [
      broken,
    ])
  );
  assert.deepEqual(e.problems.map((p) => [p.path, p.line]), [["widgets", 2]]);
  assert.match(e.problems[0].message, /could not be checked .*cannot read properties of undefined/);
});

Deno.test("a missing key is located where its object is, beside problems found in place", () => {
  const text = `{
  "name": "p",
  "twins": [
    { "id": "a", "kind": "rtu" },
    { "id": "b" },
    { "id": "c", "kind": "rtu", "params": { "stale_after_s": "x" } }
  ]
}`;
  const p = problems(text);
  assert.deepEqual(p.map((x) => [x.path, x.line]), [
    ["twins[1].kind", 5],
    ["twins[2].params.stale_after_s", 6],
  ]);
});
