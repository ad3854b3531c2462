import assert from "node:assert/strict";
import { stationParams } from "../../twins/pump_station/params.ts";
import { inpClock, inpPumpId, stationToInp } from "./inp_export.ts";

/** The rows of one .inp section, without comments. */
function section(inp: string, name: string): string[][] {
  const start = inp.indexOf(`[${name}]`);
  assert.ok(start >= 0, `section ${name}`);
  const body = inp.slice(start + name.length + 2, inp.indexOf("\n[", start + 1));
  return body.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith(";"))
    .map((l) => l.split(/\s+/));
}

Deno.test("the reference station exports the network of station.inp", () => {
  const inp = stationToInp(stationParams.parse({}));
  assert.deepEqual(section(inp, "RESERVOIRS"), [["SUMP", "10"]]);
  assert.deepEqual(section(inp, "TANKS"), [["TANK", "50", "4", "0.5", "6", "15", "0"]]);
  assert.deepEqual(section(inp, "PIPES"), [
    ["MAIN", "HDR", "TANK", "2000", "300", "130", "0", "Open"],
    ["OUTL", "TANK", "DEM", "1000", "250", "130", "0", "Open"],
  ]);
  assert.deepEqual(section(inp, "PUMPS"), [
    ["P1", "SUMP", "HDR", "HEAD", "C_P1"],
    ["P2", "SUMP", "HDR", "HEAD", "C_P2"],
  ]);
  assert.deepEqual(section(inp, "STATUS"), [["P1", "OPEN"], ["P2", "CLOSED"]]);
  assert.deepEqual(section(inp, "CONTROLS").map((r) => r.join(" ")), [
    "LINK P1 OPEN IF NODE TANK BELOW 3",
    "LINK P1 CLOSED IF NODE TANK ABOVE 5.5",
    "LINK P2 OPEN IF NODE TANK BELOW 2",
    "LINK P2 CLOSED IF NODE TANK ABOVE 4.5",
  ]);
  const pat = section(inp, "PATTERNS").flatMap((r) => r.slice(1)).map(Number);
  assert.equal(pat.length, 24);
  assert.equal(pat[8], 1.5);
  assert.deepEqual(section(inp, "ENERGY")[0], ["Global", "Efficiency", "75"]);
  assert.ok(inp.trimEnd().endsWith("[END]"));
});

Deno.test("VFD speed becomes SPEED and speed-setting controls; mixed efficiencies become curves", () => {
  const p = stationParams.parse({
    pumps: [
      { suffix: "p1", initial_status: "running", control: { start_below_m: 3, stop_above_m: 5 } },
      {
        suffix: "main",
        vfd: true,
        speed_pct: 90,
        efficiency_pct: 70,
        initial_status: "running",
        control: { start_below_m: 2, stop_above_m: 4 },
      },
    ],
  });
  const inp = stationToInp(p);
  assert.equal(inpPumpId("main"), "PUMP_MAIN");
  assert.deepEqual(section(inp, "PUMPS")[1], [
    "PUMP_MAIN",
    "SUMP",
    "HDR",
    "HEAD",
    "C_PUMP_MAIN",
    "SPEED",
    "0.9",
  ]);
  assert.deepEqual(section(inp, "STATUS")[1], ["PUMP_MAIN", "0.9"]);
  assert.ok(
    section(inp, "CONTROLS").some((r) => r.join(" ") === "LINK PUMP_MAIN 0.9 IF NODE TANK BELOW 2"),
  );
  const energy = section(inp, "ENERGY").map((r) => r.join(" "));
  assert.ok(energy.includes("Pump P1 Efficiency E_P1"));
  // EPANET corrects a curve (never a constant) for speed: 100 - (100 - e) (1/s)^0.1. The
  // flat curve is written so that the correction at 90 % gives back the pump's 70 %.
  const flat = section(inp, "CURVES").filter((r) => r[0] === "E_PUMP_MAIN").map((r) => +r[2]);
  assert.equal(flat.length, 2);
  for (const e of flat) {
    assert.ok(Math.abs(100 - (100 - e) * Math.pow(1 / 0.9, 0.1) - 70) < 1e-9, `${e}`);
  }
  // At nominal speed the flat curve is the constant itself.
  assert.ok(section(inp, "CURVES").some((r) => r[0] === "E_P1" && r[2] === "75"));
});

Deno.test("the export lets EPANET carry on past a zero-flow state instead of halting", () => {
  // Every pump off with no demand: EPANET's relative-flow test cannot converge on all-zero
  // flows, and with "Unbalanced Stop" it halted a 24 h run at the first such state.
  const options = section(stationToInp(stationParams.parse({})), "OPTIONS").map((r) => r.join(" "));
  assert.ok(options.includes("Unbalanced Continue 10"), options.join("; "));
});

Deno.test("manual mode exports no controls; off exports every pump closed", () => {
  assert.equal(
    section(stationToInp(stationParams.parse({ mode: "manual" })), "CONTROLS").length,
    0,
  );
  const off = stationToInp(stationParams.parse({ mode: "off" }));
  assert.deepEqual(section(off, "STATUS").map((r) => r[1]), ["CLOSED", "CLOSED"]);
});

Deno.test("times are written as h:mm or h:mm:ss", () => {
  assert.equal(inpClock(86_400), "24:00");
  assert.equal(inpClock(60), "0:01");
  assert.equal(inpClock(90), "0:01:30");
});
