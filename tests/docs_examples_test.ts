/**
 * Every ```json example in docs/plant_file.md is a complete plant file that
 * the real loader (with the application's sections) accepts, so the format
 * reference cannot drift from the code. A failure names the example's line
 * in the document and the loader's own problems.
 *
 * @module
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { parsePlant, PlantError } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";

const DOC = new URL("../docs/plant_file.md", import.meta.url);

/** The ```json blocks of a Markdown text, each with the 1-based line its text starts on. */
function jsonBlocks(markdown: string): { line: number; text: string }[] {
  const blocks: { line: number; text: string }[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== "```json") continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== "```") end++;
    assert.ok(end < lines.length, `docs/plant_file.md:${i + 1}: a json block that never ends`);
    blocks.push({ line: start + 1, text: lines.slice(start, end).join("\n") });
    i = end;
  }
  return blocks;
}

const kinds = await loadKinds();
const markdown = await Deno.readTextFile(DOC);
const blocks = jsonBlocks(markdown);

Deno.test("docs/plant_file.md has an example for every top-level section", () => {
  const keys = new Set<string>();
  for (const b of blocks) for (const k of Object.keys(JSON.parse(b.text))) keys.add(k);
  for (const s of PLANT_SECTIONS) {
    assert.ok(keys.has(s.key), `no example in docs/plant_file.md uses "${s.key}"`);
  }
  const sources = new Set(
    blocks.flatMap((b) =>
      (JSON.parse(b.text).twins as { source?: { type: string } }[]).map((t) =>
        t.source?.type ?? "simulator"
      )
    ),
  );
  assert.deepEqual([...sources].sort(), ["modbus", "replay", "simulator"]);
});

for (const block of blocks) {
  Deno.test(`docs/plant_file.md:${block.line}: the example loads`, () => {
    try {
      const plant = parsePlant(
        block.text,
        kinds,
        PLANT_SECTIONS,
        `docs/plant_file.md:${block.line}`,
      );
      assert.ok(plant.twins.length > 0);
      for (const key of Object.keys(JSON.parse(block.text))) {
        if (PLANT_SECTIONS.some((s) => s.key === key)) {
          assert.ok(plant.sections[key] !== undefined, `section "${key}" was validated`);
        }
      }
    } catch (e) {
      if (e instanceof PlantError) {
        assert.fail(`the example at docs/plant_file.md:${block.line} does not load:\n${e.message}`);
      }
      throw e;
    }
  });
}

Deno.test("a broken example is caught, naming the loader's problem", () => {
  const [first] = jsonBlocks(
    'text\n```json\n{ "name": "x", "twins": [{ "id": "a", "kind": "pumpp" }] }\n```\n',
  );
  assert.equal(first.line, 3);
  assert.throws(
    () => parsePlant(first.text, kinds, PLANT_SECTIONS, "doc"),
    (e: unknown) => e instanceof PlantError && /unknown kind "pumpp"/.test(e.message),
  );
});
