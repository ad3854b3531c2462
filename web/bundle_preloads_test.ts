import assert from "node:assert/strict";
import { entryImports, withPreloads } from "./bundle_preloads.ts";

Deno.test("entryImports reads the leading static imports of a split bundle and stops at code", () => {
  const js = 'import{a as b,c}from"./chunk-HJETCS3B.js";import"./chunk-S2LOMRFY.js";' +
    'import * as u from "./uplot-ABCDEFGH.js";var x=1;import("./lazy-X6BAUKL6.js");' +
    'import{q}from"./chunk-LATER000.js";';
  assert.deepEqual(entryImports(js), [
    "chunk-HJETCS3B.js",
    "chunk-S2LOMRFY.js",
    "uplot-ABCDEFGH.js",
  ]);
  assert.deepEqual(entryImports("var x=1;"), []);
  // A bare-package import left unbundled is no file of ours.
  assert.deepEqual(entryImports('import"preact";import"./chunk-A.js";'), []);
});

Deno.test("withPreloads puts one link per chunk before the module script", () => {
  const html = '<head>\n    <script type="module" src="/app.js"></script>\n</head>';
  const out = withPreloads(html, ["chunk-A.js", "chunk-B.js"]);
  assert.equal(
    out,
    '<head>\n    <link rel="modulepreload" href="/chunk-A.js">\n    ' +
      '<link rel="modulepreload" href="/chunk-B.js">\n    <script type="module" src="/app.js"></script>\n</head>',
  );
  assert.equal(withPreloads(html, []), html);
  assert.equal(withPreloads("<p>no script</p>", ["chunk-A.js"]), "<p>no script</p>");
});
