import assert from "node:assert/strict";
import { exceptionText } from "./exception_codes.ts";

Deno.test("exception texts carry the two-digit hex code and its meaning", () => {
  assert.match(exceptionText(1), /^Modbus exception 01: illegal function/);
  assert.match(exceptionText(2), /^Modbus exception 02: illegal data address/);
  assert.match(exceptionText(3), /^Modbus exception 03: illegal data value/);
  assert.match(exceptionText(4), /^Modbus exception 04: slave device failure/);
  assert.match(exceptionText(5), /^Modbus exception 05: acknowledge/);
  assert.match(exceptionText(6), /^Modbus exception 06: slave device busy/);
  assert.match(exceptionText(0x0a), /^Modbus exception 0A: gateway path unavailable/);
  assert.match(
    exceptionText(0x0b),
    /^Modbus exception 0B: gateway target device failed to respond/,
  );
  assert.equal(exceptionText(0x42), "Modbus exception 42: unknown exception code");
});
