/**
 * Every ```json example in docs/whatif.md is a spec (or a bare set of
 * overrides, checked against plants/alarms_example.json as the doc runs it)
 * that the real checks accept against the plant it names, so the reference
 * cannot drift from the code. Nothing is run.
 */
import assert from "node:assert/strict";
import { loadKinds } from "../twins/registry.ts";
import { loadBase } from "../whatif/fork_base.ts";
import { parseWhatifArgs, specFromFile } from "../whatif/whatif_cli.ts";
import { parseWhatifSpec } from "../whatif/whatif_spec.ts";
import { prepareRuns } from "../whatif/whatif_study.ts";

const root = new URL("..", import.meta.url).pathname;
const markdown = await Deno.readTextFile(`${root}docs/whatif.md`);
const kinds = await loadKinds();

const blocks: { line: number; text: string }[] = [];
const lines = markdown.split("\n");
for (let i = 0; i < lines.length; i++) {
  if (lines[i].trim() !== "```json") continue;
  let end = i + 1;
  while (end < lines.length && lines[end].trim() !== "```") end++;
  blocks.push({ line: i + 2, text: lines.slice(i + 1, end).join("\n") });
  i = end;
}

Deno.test("docs/whatif.md has spec examples", () => {
  assert.ok(blocks.length >= 2, `${blocks.length} json blocks`);
});

for (const block of blocks) {
  Deno.test(`docs/whatif.md:${block.line}: the example is accepted`, async () => {
    const doc = JSON.parse(block.text);
    const plant = (doc.base?.plant as string | undefined) ?? "plants/alarms_example.json";
    const args = parseWhatifArgs([`${root}${plant}`, "x.json"]);
    assert.ok(args !== "help");
    const spec = parseWhatifSpec(specFromFile(doc, args));
    const runs = prepareRuns(spec, await loadBase(spec, kinds), kinds);
    assert.equal(runs.length, spec.variants.length + 1);
  });
}

Deno.test("docs/whatif.md: every `task whatif` command line parses, --from-snapshot shown", () => {
  // Shell lines joined over their backslash continuations.
  const commands = markdown.replace(/\\\n\s*/g, " ").split("\n")
    .filter((l) => /^npx -y deno@[\d.]+ task whatif /.test(l.trim()));
  assert.ok(commands.length >= 2, `${commands.length} whatif command lines`);
  for (const line of commands) {
    const argv = line.trim().replace(/^npx -y deno@[\d.]+ task whatif /, "").split(/\s+/);
    assert.doesNotThrow(() => parseWhatifArgs(argv), line);
  }
  const fromSnapshot = commands.map((c) => parseWhatifArgs(c.trim().split(/\s+/).slice(5)))
    .find((a) => a !== "help" && a.fromSnapshot !== undefined);
  assert.ok(fromSnapshot, "an example runs --from-snapshot");
});
