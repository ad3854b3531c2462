import assert from "node:assert/strict";
import { pageTitle } from "./page_title.ts";

Deno.test("the tab title leads with the unacknowledged alarm count", () => {
  assert.equal(pageTitle("demo", 0), "demo · fieldtwin");
  assert.equal(pageTitle("demo", 3), "(3) demo · fieldtwin");
});
