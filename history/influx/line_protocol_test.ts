import assert from "node:assert/strict";
import {
  escapeMeasurement,
  escapeTag,
  fieldOf,
  LineEncoder,
  quoteString,
} from "./line_protocol.ts";

Deno.test("line protocol: a number, a boolean and a string sample, each with its own time", () => {
  const enc = new LineEncoder();
  assert.equal(
    enc.encode("P-101", "flow", "m3/h", 1767225600000, 12.5, "good"),
    "fieldtwin,point=flow,quality=good,twin=P-101,unit=m3/h value=12.5 1767225600000",
  );
  assert.equal(
    enc.encode("P-101", "running", "", 1767225600001, true, "uncertain"),
    "fieldtwin,point=running,quality=uncertain,twin=P-101 value=1 1767225600001",
  );
  assert.equal(
    enc.encode("P-101", "mode", "", 1767225600002.6, 'say "hi"', "bad"),
    'fieldtwin,point=mode,quality=bad,twin=P-101 text="say \\"hi\\"" 1767225600003',
  );
});

Deno.test("line protocol: null, NaN, Infinity and a non-finite time have no line", () => {
  const enc = new LineEncoder("m");
  assert.equal(enc.encode("t", "p", "", 1, null, "good"), undefined);
  assert.equal(enc.encode("t", "p", "", 1, NaN, "good"), undefined);
  assert.equal(enc.encode("t", "p", "", 1, -Infinity, "good"), undefined);
  assert.equal(enc.encode("t", "p", "", NaN, 1, "good"), undefined);
  assert.equal(fieldOf(false), "value=0");
  assert.equal(fieldOf(-1e-7), "value=-1e-7");
});

Deno.test("line protocol: special characters are escaped where they occur", () => {
  assert.equal(escapeMeasurement("my plant,a"), "my\\ plant\\,a");
  assert.equal(escapeTag("a b=c,d\\"), "a\\ b\\=c\\,d\\\\");
  assert.equal(escapeTag("two\nlines"), "two\\ lines");
  assert.equal(quoteString('a\\b"c\nd'), '"a\\\\b\\"c\\nd"');
  const enc = new LineEncoder("site 1");
  assert.equal(
    enc.encode("well 7", "p=1", "deg C", 5, 1, "good"),
    "site\\ 1,point=p\\=1,quality=good,twin=well\\ 7,unit=deg\\ C value=1 5",
  );
});
