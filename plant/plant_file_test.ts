import assert from "node:assert/strict";
import { loadKinds } from "../twins/registry.ts";
import { loadPlantFile, parsePlant, PlantError } from "./plant_file.ts";

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
