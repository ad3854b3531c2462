import assert from "node:assert/strict";
import { fitOperatingData, readOperatingCsv } from "./operating_data.ts";

const SAMPLE = new URL("./testdata/operating_sample.csv", import.meta.url);

Deno.test("operating data from station.inp's pump give its curve back", async () => {
  // The sample is station.inp's pump, h = 60 - 0.0084988 Q^1.8074, with 0.3 m of noise, and an
  // efficiency parabola peaking at 78 % at 60 L/s, written as shaft power.
  const pts = readOperatingCsv(await Deno.readTextFile(SAMPLE), "operating_sample.csv");
  const f = fitOperatingData(pts);
  assert.equal(f.n, 30);
  assert.ok(Math.abs(f.headPower.a - 60) < 0.5, `A ${f.headPower.a}`);
  assert.ok(Math.abs(f.headPower.c - 1.8074) < 0.05, `C ${f.headPower.c}`);
  assert.ok(f.headPower.r2 > 0.999 && f.headPower.rmse < 0.4);
  assert.ok(f.headPower.check.ok && f.headCubic.check.ok);
  const e = f.efficiencyQuadratic!;
  assert.ok(e.check.ok);
  assert.ok(Math.abs(e.check.peakFlow - 60) < 3, `peak at ${e.check.peakFlow}`);
});

Deno.test("operating CSV errors name the file, line and column", () => {
  assert.throws(
    () => readOperatingCsv("flow,head_m\n1,2\n", "d.csv"),
    /d\.csv: missing column "flow_lps"/,
  );
  assert.throws(
    () => readOperatingCsv("flow_lps,head_m\n1,2\n3,abc\n", "d.csv"),
    /d\.csv:3: column head_m is "abc", not a number/,
  );
});
