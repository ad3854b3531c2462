import assert from "node:assert/strict";
import {
  DATA_TYPES,
  decodeWords,
  encodeValue,
  type ValueFormat,
  wordCount,
} from "./value_codec.ts";

const fmt = (over: Partial<ValueFormat>): ValueFormat => ({
  type: "uint16",
  word_order: "big",
  byte_order: "big",
  scale: 1,
  offset: 0,
  ...over,
});

Deno.test("float32 123.456 in all four orders (ABCD, CDAB, BADC, DCBA)", () => {
  // IEEE-754: 123.456f = 0x42F6E979 -> bytes A=42 B=F6 C=E9 D=79.
  const cases: [Partial<ValueFormat>, number[]][] = [
    [{ word_order: "big", byte_order: "big" }, [0x42f6, 0xe979]],
    [{ word_order: "little", byte_order: "big" }, [0xe979, 0x42f6]],
    [{ word_order: "big", byte_order: "little" }, [0xf642, 0x79e9]],
    [{ word_order: "little", byte_order: "little" }, [0x79e9, 0xf642]],
  ];
  for (const [order, words] of cases) {
    const f = fmt({ type: "float32", ...order });
    assert.equal(decodeWords(words, 0, f), Math.fround(123.456), JSON.stringify(order));
    assert.deepEqual(encodeValue(123.456, f), words, JSON.stringify(order));
  }
});

Deno.test("signed and unsigned integers: two's complement and full ranges", () => {
  assert.equal(decodeWords([0xffff], 0, fmt({ type: "int16" })), -1);
  assert.equal(decodeWords([0xffff], 0, fmt({ type: "uint16" })), 65_535);
  assert.equal(decodeWords([0xfffe, 0x1dc0], 0, fmt({ type: "int32" })), -123_456);
  assert.equal(
    decodeWords([0x1dc0, 0xfffe], 0, fmt({ type: "int32", word_order: "little" })),
    -123_456,
  );
  assert.equal(decodeWords([0xffff, 0xffff], 0, fmt({ type: "uint32" })), 4_294_967_295);
  assert.deepEqual(encodeValue(-123_456, fmt({ type: "int32" })), [0xfffe, 0x1dc0]);
  assert.deepEqual(encodeValue(0x1234, fmt({ type: "uint16", byte_order: "little" })), [0x3412]);
});

Deno.test("float64: pi round-trips exactly in every order", () => {
  for (const word_order of ["big", "little"] as const) {
    for (const byte_order of ["big", "little"] as const) {
      const f = fmt({ type: "float64", word_order, byte_order });
      const words = encodeValue(Math.PI, f) as number[];
      assert.equal(words.length, 4);
      assert.equal(decodeWords(words, 0, f), Math.PI);
    }
  }
  // Big-endian pi is 0x400921FB54442D18.
  assert.deepEqual(encodeValue(Math.PI, fmt({ type: "float64" })), [
    0x4009,
    0x21fb,
    0x5444,
    0x2d18,
  ]);
});

Deno.test("scale and offset: raw 2345 at 0.1 degC/count minus 40 is 194.5 degC, and back", () => {
  const f = fmt({ type: "int16", scale: 0.1, offset: -40 });
  assert.ok(Math.abs((decodeWords([2345], 0, f) as number) - 194.5) < 1e-9);
  assert.deepEqual(encodeValue(194.5, f), [2345]);
  // A value outside the raw type's range is refused, not wrapped.
  assert.match(encodeValue(4000, f) as string, /outside int16/);
});

Deno.test("bit fields: single bits as bools and multi-bit fields as numbers", () => {
  const word = 0b1010_0000_0110_0101;
  assert.equal(decodeWords([word], 0, fmt({ type: "bool", bit: 0 })), true);
  assert.equal(decodeWords([word], 0, fmt({ type: "bool", bit: 1 })), false);
  assert.equal(decodeWords([word], 0, fmt({ type: "bool", bit: 15 })), true);
  assert.equal(decodeWords([word], 0, fmt({ type: "uint16", bit: 4, bits: 3 })), 0b110);
  assert.equal(decodeWords([0], 0, fmt({ type: "bool" })), false);
  assert.equal(decodeWords([7], 0, fmt({ type: "bool" })), true);
});

Deno.test("word counts follow the type widths", () => {
  assert.deepEqual(DATA_TYPES.map(wordCount), [1, 1, 1, 2, 2, 2, 4]);
});
