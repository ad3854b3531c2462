import assert from "node:assert/strict";
import { LineProtocolError, parseLine } from "./line_protocol.ts";

Deno.test("line protocol: tags, every field type, timestamp", () => {
  assert.deepEqual(
    parseLine(
      'pump,site=a,unit=P\\ 1 flow=12.5,starts=3i,count=4u,ok=t,note="say \\"hi\\"" 1700000000000000000',
    ),
    {
      measurement: "pump",
      tags: { site: "a", unit: "P 1" },
      fields: { flow: 12.5, starts: 3, count: 4, ok: true, note: 'say "hi"' },
      timestamp: 1700000000000000000n,
    },
  );
  assert.deepEqual(parseLine("m\\,x v=-1e3"), {
    measurement: "m,x",
    tags: {},
    fields: { v: -1000 },
  });
  assert.deepEqual(parseLine('m s="a,b c=d" 5'), {
    measurement: "m",
    tags: {},
    fields: { s: "a,b c=d" },
    timestamp: 5n,
  });
});

Deno.test("line protocol: blank lines and comments are nothing", () => {
  assert.equal(parseLine(""), undefined);
  assert.equal(parseLine("   \r"), undefined);
  assert.equal(parseLine("# a comment"), undefined);
});

Deno.test("line protocol: malformed lines name the column", () => {
  const bad: [string, RegExp][] = [
    ["pump", /column 5: expected a space before the fields/],
    ["pump flow", /column 10: expected '=' after field key "flow"/],
    ["pump flow=abc 1", /column 11: field "flow": "abc" is not a number/],
    ["pump flow=1 12x", /column 13: expected an integer timestamp, got "12x"/],
    ['pump s="open 1', /column 8: unterminated string/],
    ["pump,site flow=1", /column 10: expected '=' after tag key "site"/],
    [",site=a flow=1", /column 1: expected a measurement name/],
    ["pump flow=1,", /column 13: expected a field key/],
  ];
  for (const [line, message] of bad) {
    assert.throws(() => parseLine(line), (e: unknown) => {
      assert.ok(e instanceof LineProtocolError, line);
      assert.match(e.message, message, line);
      return true;
    });
  }
});
