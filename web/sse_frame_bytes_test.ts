import assert from "node:assert/strict";
import { frameBytes, NO_BYTES, TwinBytes, utf8 } from "./sse_frame_bytes.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("frameBytes: the same bytes as the frame built as a string and encoded", () => {
  const events = 'event: alarm\ndata: {"unit":"°C/min"}\n\n';
  const clock = 'event: clock\ndata: {"now":1}\n\n';
  const twins = ['{"id":"p-1","unit":"m³/h"}', '{"id":"p-2"}'];
  const cases: [string, string[], string][] = [
    [events, twins, clock],
    ["", twins, ""],
    ["", [twins[0]], clock],
    [events, [], clock],
    [events, [], ""],
  ];
  for (const [head, ts, tail] of cases) {
    const want = head + (ts.length ? `event: twins\ndata: [${ts.join(",")}]\n\n` : "") + tail;
    const got = frameBytes(utf8(head), ts.map(utf8), utf8(tail));
    assert.deepEqual(got, new TextEncoder().encode(want));
    assert.equal(text(got), want);
  }
});

Deno.test("frameBytes: nothing to send is the empty chunk", () => {
  assert.equal(frameBytes(NO_BYTES, [], NO_BYTES).byteLength, 0);
  assert.equal(utf8(""), NO_BYTES);
});

Deno.test("TwinBytes: a twin is encoded once per point filter until cleared", () => {
  const cache = new TwinBytes();
  let calls = 0;
  const json = (s: string) => () => {
    calls++;
    return utf8(s);
  };
  const all = cache.get("p-1", "", json('{"all":1}'));
  assert.equal(cache.get("p-1", "", json("other")), all, "the same array, not a copy");
  const key = cache.get("p-1", "key", json('{"key":1}'));
  assert.equal(text(key), '{"key":1}', "another point filter is another encoding");
  assert.equal(text(cache.get("p-2", "", json('{"p2":1}'))), '{"p2":1}');
  assert.equal(calls, 3);
  cache.clear();
  assert.equal(
    text(cache.get("p-1", "", json('{"all":2}'))),
    '{"all":2}',
    "new version after clear",
  );
  assert.equal(calls, 4);
});
