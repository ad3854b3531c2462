import assert from "node:assert/strict";
import { DEFAULT_TARIFF, parseTariff } from "./tariff.ts";

Deno.test("parseTariff reads both forms and names the bad hour", () => {
  const prices = Array.from({ length: 24 }, (_, h) => h / 10);
  assert.deepEqual(parseTariff(JSON.stringify(prices)), prices);
  assert.deepEqual(parseTariff(JSON.stringify({ prices })), prices);
  assert.throws(() => parseTariff("[1,2]", "t.json"), /t\.json: expected 24 hourly prices, got 2/);
  const bad = [...prices];
  bad[7] = -1;
  assert.throws(
    () => parseTariff(JSON.stringify({ prices: bad }), "t.json"),
    /t\.json: prices\[7\]/,
  );
  assert.throws(() => parseTariff("{", "t.json"), /t\.json: not JSON/);
  assert.equal(DEFAULT_TARIFF[3], 0.08);
  assert.equal(DEFAULT_TARIFF[18], 0.3);
});
