import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { decodeQuality, decodeValue, encodeSample } from "./sample_codec.ts";
import type { PointValue, Quality } from "../twins/point.ts";

Deno.test("numbers, booleans, strings, NaN and null round-trip through SQLite with their quality", () => {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t(value, flags INTEGER)");
  const values: [PointValue, Quality][] = [
    [1.5, "good"],
    [0, "uncertain"],
    [-0.25, "bad"],
    [Infinity, "good"],
    [-Infinity, "good"],
    [NaN, "uncertain"],
    [true, "good"],
    [false, "bad"],
    ["running", "good"],
    ["123", "good"], // a numeric-looking string stays a string
    ["", "uncertain"],
    [null, "bad"],
    [1e300, "good"],
    [Number.MAX_SAFE_INTEGER, "good"],
  ];
  const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
  for (const [v, q] of values) {
    const e = encodeSample(v, q);
    ins.run(e.value, e.flags);
  }
  const rows = db.prepare("SELECT value, flags FROM t ORDER BY rowid").all() as {
    value: unknown;
    flags: number;
  }[];
  const back = rows.map((r) => [decodeValue(r.value, r.flags), decodeQuality(r.flags)]);
  assert.deepEqual(back, values);
  db.close();
});
