import assert from "node:assert/strict";
import {
  applyQuick,
  buildSpec,
  exampleVariants,
  parseVariants,
  quickValues,
  variantsJson,
  type WhatifForm,
} from "./whatif_form.ts";

const form = (over: Partial<WhatifForm> = {}): WhatifForm => ({
  name: "",
  base: "running",
  plantPath: "",
  from: "initial",
  duration: "24h",
  variantsText: variantsJson([{ name: "hot", overrides: { ambient: { offset_c: 5 } } }]),
  ...over,
});

Deno.test("whatif form: the example fits the plant's kinds", () => {
  assert.deepEqual(exampleVariants(["rtu", "pump_station"]), [
    { name: "demand x1.2", overrides: { demand: { scale: 1.2 } } },
  ]);
  assert.deepEqual(exampleVariants(["cooling_site"]), [
    { name: "hot day", overrides: { ambient: { offset_c: 8 } } },
  ]);
  assert.deepEqual(exampleVariants(["rtu"]), [{ name: "as is" }]);
});

Deno.test("whatif form: builds the spec for the running plant and for a plant file", () => {
  assert.deepEqual(buildSpec(form({ name: " hot ", duration: "1h30m" })), {
    ok: true,
    spec: {
      name: "hot",
      base: "running",
      duration: "1h30m",
      variants: [{ name: "hot", overrides: { ambient: { offset_c: 5 } } }],
    },
  });
  const file = buildSpec(form({ base: "file", plantPath: "plants/a.json", variantsText: "" }));
  assert.deepEqual(file, {
    ok: true,
    spec: { name: "what-if", base: { plant: "plants/a.json" }, duration: "24h" },
  });
});

Deno.test("whatif form: start from now forks the running plant's state, never a plant file's", () => {
  const now = buildSpec(form({ from: "now", variantsText: "" }));
  assert.deepEqual(now, {
    ok: true,
    spec: { name: "what-if", base: "running", from: "now", duration: "24h" },
  });
  const file = buildSpec(
    form({ from: "now", base: "file", plantPath: "p.json", variantsText: "" }),
  );
  assert.deepEqual(file, {
    ok: true,
    spec: { name: "what-if", base: { plant: "p.json" }, duration: "24h" },
  });
});

Deno.test("whatif form: bad input names the field and the JSON path", () => {
  assert.deepEqual(buildSpec(form({ duration: "6 hours" })), {
    ok: false,
    field: "duration",
    error: 'duration: "6 hours" is not a duration like 24h, 90m or 1h30m',
  });
  assert.equal(buildSpec(form({ base: "file", plantPath: " " })).ok, false);
  const notJson = buildSpec(form({ variantsText: '[\n  { "name": "a", }\n]' }));
  assert.equal(notJson.ok, false);
  assert.match((notJson as { error: string }).error, /^variants: not JSON at line 2, column/);
  assert.deepEqual(parseVariants('{"name":"a"}'), {
    ok: false,
    error: "variants: expected an array of variants",
  });
  assert.deepEqual(parseVariants('[{"name":"a"},{"name":"a"}]'), {
    ok: false,
    error: 'variants[1].name: "a" twice',
  });
  assert.deepEqual(parseVariants('[{"name":"baseline"}]'), {
    ok: false,
    error: 'variants[0].name: "baseline" is taken',
  });
  assert.deepEqual(parseVariants('[{"name":"a","overrides":[]}]'), {
    ok: false,
    error: "variants[0].overrides: expected an object",
  });
});

Deno.test("whatif form: quick controls write into the first variant and read back", () => {
  const text = variantsJson([{ name: "a", overrides: { demand: { pattern: [1, 2] } } }, {
    name: "b",
  }]);
  const set = applyQuick(text, "demandScale", 1.3);
  assert.ok(set.ok);
  assert.deepEqual(JSON.parse(set.text), [
    { name: "a", overrides: { demand: { pattern: [1, 2], scale: 1.3 } } },
    { name: "b" },
  ]);
  assert.deepEqual(quickValues(set.text), { demandScale: 1.3, ambientOffset: undefined });
  const hot = applyQuick(set.text, "ambientOffset", -2);
  assert.ok(hot.ok);
  assert.equal(quickValues(hot.text).ambientOffset, -2);
  const cleared = applyQuick(
    variantsJson([{ name: "a", overrides: { ambient: { offset_c: 1 } } }]),
    "ambientOffset",
    undefined,
  );
  assert.ok(cleared.ok);
  assert.deepEqual(JSON.parse(cleared.text), [{ name: "a" }]);
  const fresh = applyQuick("", "demandScale", 0.8);
  assert.ok(fresh.ok);
  assert.deepEqual(JSON.parse(fresh.text), [{
    name: "whatif",
    overrides: { demand: { scale: 0.8 } },
  }]);
  assert.equal(applyQuick("[", "demandScale", 1).ok, false);
});
