import assert from "node:assert/strict";
import { decodePlantBytes, findTooDeep, firstInvalidUtf8 } from "./plant_text.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

function utf16le(s: string, bom: boolean): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  let at = 0;
  if (bom) view.setUint16((at++) * 2, 0xfeff, true);
  for (let i = 0; i < s.length; i++) view.setUint16((at++) * 2, s.charCodeAt(i), true);
  return out;
}

Deno.test("UTF-8 decodes; a UTF-8 byte-order mark is dropped", () => {
  assert.deepEqual(decodePlantBytes(utf8('{"name":"é"}')), { text: '{"name":"é"}' });
  const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("{}")]);
  assert.deepEqual(decodePlantBytes(withBom), { text: "{}" });
});

Deno.test("UTF-16 and UTF-32 are named for what they are, with or without a byte-order mark", () => {
  const cases: [Uint8Array, RegExp][] = [
    [utf16le('{"a":1}', true), /UTF-16 \(little-endian\)/],
    [utf16le('{"a":1}', false), /UTF-16 \(little-endian\)/],
    [utf16le('{"a":1}', true).map((_, i, a) => a[i ^ 1]), /UTF-16 \(big-endian\)/],
    [new Uint8Array([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]), /UTF-32 \(little-endian\)/],
  ];
  for (const [bytes, message] of cases) {
    const r = decodePlantBytes(bytes);
    assert.ok("problem" in r);
    assert.match(r.problem.message, message);
    assert.match(r.problem.message, /plant files are UTF-8/);
    assert.deepEqual(r.problem.position, { line: 1, column: 1 });
  }
});

Deno.test("an invalid UTF-8 byte is located by line and column", () => {
  const bytes = new Uint8Array([...utf8('{\n  "name": "ab'), 0xc3, 0x28, ...utf8('"\n}')]);
  const r = decodePlantBytes(bytes);
  assert.ok("problem" in r);
  assert.match(r.problem.message, /invalid UTF-8 at byte 15/);
  assert.deepEqual(r.problem.position, { line: 2, column: 14 });
  assert.equal(firstInvalidUtf8(utf8("plain ascii, é, €, 𝄞")), utf8("plain ascii, é, €, 𝄞").length);
  assert.equal(firstInvalidUtf8(new Uint8Array([0x41, 0xed, 0xa0, 0x80])), 1, "a surrogate");
  assert.equal(firstInvalidUtf8(new Uint8Array([0x41, 0xe2, 0x82])), 1, "a cut sequence");
});

Deno.test("nesting deeper than the limit is found with its JSON path, strings skipped", () => {
  const text = '{"a": [1, {"b[": "]]]{{{", "c\\"": [[[[0]]]]}]}';
  assert.equal(findTooDeep(text, 7), undefined);
  const deep = findTooDeep(text, 6);
  assert.deepEqual(deep?.path, ["a", 1, 'c"', 0, 0, 0]);
  assert.equal(text[deep!.offset], "[");
  const huge = "[".repeat(100_000) + "]".repeat(100_000);
  assert.equal(findTooDeep(huge, 64)?.path.length, 64);
});
