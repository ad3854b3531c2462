/**
 * Fidelity of the pump-station simulator against EPANET 2.x (epanet-js): the
 * reference station of ../shared/datasets/epanet/station.inp, written as a
 * plant file (plants/station_epanet.json), run for 24 h in our simulator and,
 * exported to .inp from the same params, in EPANET at 1-minute steps.
 */
import assert from "node:assert/strict";
import { InitHydOption, LinkProperty, NodeProperty, Project, Workspace } from "epanet-js";
import { inpPumpId, stationToInp } from "../simulators/pump/inp_export.ts";
import { StationSimulator } from "../simulators/pump/station_simulator.ts";
import { type StationParams, stationParams } from "../twins/pump_station/params.ts";

const PLANT = new URL("../plants/station_epanet.json", import.meta.url);
const ORIGINAL = new URL("../../shared/datasets/epanet/station.inp", import.meta.url);
const HAVE_ORIGINAL = (() => {
  try {
    return Deno.statSync(ORIGINAL).isFile;
  } catch {
    return false;
  }
})();

/** What a 24 h run gives: tank level at each hour (0..24), energy per pump, switch times. */
interface DayResult {
  levels: number[];
  energyKWh: number[];
  switches: { pump: number; on: boolean; tS: number }[];
}

function loadParams(): StationParams {
  const plant = JSON.parse(Deno.readTextFileSync(PLANT));
  assert.equal(plant.twins[0].kind, "pump_station");
  return stationParams.parse(plant.twins[0].params);
}

let workspace: Workspace | undefined;

/** Run .inp text through EPANET step by step (runH / nextH), as the toolkit reports it. */
async function runEpanet(
  inp: string,
  pumpIds: string[],
  tankElevation: number,
): Promise<DayResult> {
  if (!workspace) {
    workspace = new Workspace();
    await workspace.loadModule();
  }
  const p = new Project(workspace);
  workspace.writeFile("station.inp", inp);
  p.open("station.inp", "station.rpt", "station.out");
  const tank = p.getNodeIndex("TANK");
  const links = pumpIds.map((id) => p.getLinkIndex(id));
  p.openH();
  p.initH(InitHydOption.NoSave);
  const levels: number[] = [];
  const energyKWh = links.map(() => 0);
  const switches: DayResult["switches"] = [];
  const on = links.map(() => false);
  let tstep = 0;
  do {
    const t = p.runH();
    if (t % 3600 === 0) levels.push(p.getNodeValue(tank, NodeProperty.Head) - tankElevation);
    const power = links.map((l, i) => {
      const open = p.getLinkValue(l, LinkProperty.Status) > 0;
      if (t > 0 && open !== on[i]) switches.push({ pump: i, on: open, tS: t });
      on[i] = open;
      return p.getLinkValue(l, LinkProperty.Energy);
    });
    tstep = p.nextH();
    // EPANET's energy report: power at each solution times the step that follows it.
    power.forEach((kw, i) => energyKWh[i] += kw * tstep / 3600);
  } while (tstep > 0);
  p.closeH();
  p.close();
  return { levels, energyKWh, switches };
}

/** Run our station simulator for 24 h at `dt` second steps. */
function runOurs(params: StationParams, dt: number): DayResult {
  const sim = new StationSimulator({ id: "ps1", config: params, seed: 1 });
  const levels = [sim.level];
  for (let t = dt; t <= 86_400; t += dt) {
    sim.step(dt, t);
    if (t % 3600 === 0) levels.push(sim.level);
  }
  const switches = sim.switchLog.map((e) => ({
    pump: sim.pumpIds.indexOf(e.pump),
    on: e.action === "start",
    tS: e.tS,
  }));
  return { levels, energyKWh: sim.units.map((u) => u.energyJ / 3.6e6), switches };
}

/** Assert two days agree: levels (m), relative energy, switch times (s). */
function assertSameDay(
  ours: DayResult,
  ref: DayResult,
  levelTol: number,
  energyTol: number,
  switchTol: number,
) {
  assert.equal(ours.levels.length, 25);
  assert.equal(ref.levels.length, 25);
  ours.levels.forEach((l, h) =>
    assert.ok(Math.abs(l - ref.levels[h]) <= levelTol, `hour ${h}: ${l} vs ${ref.levels[h]} m`)
  );
  ours.energyKWh.forEach((e, i) =>
    assert.ok(
      Math.abs(e - ref.energyKWh[i]) <= energyTol * ref.energyKWh[i],
      `pump ${i}: ${e} vs ${ref.energyKWh[i]} kWh`,
    )
  );
  assert.equal(ours.switches.length, ref.switches.length, JSON.stringify({ ours, ref }));
  ours.switches.forEach((s, k) => {
    const r = ref.switches[k];
    assert.equal(s.pump, r.pump);
    assert.equal(s.on, r.on);
    assert.ok(Math.abs(s.tS - r.tS) <= switchTol, `switch ${k}: ${s.tS} vs ${r.tS} s`);
  });
}

Deno.test("station simulator matches EPANET over 24 h: levels, energy, switch times", async () => {
  const params = loadParams();
  const ids = params.pumps.map((p) => inpPumpId(p.suffix));
  const ref = await runEpanet(stationToInp(params), ids, params.tank.elevation_m);
  // The reference figures of the shared station.
  assert.ok(Math.abs(ref.energyKWh[0] - 666) < 0.01 * 666, `P1 ${ref.energyKWh[0]}`);
  assert.ok(Math.abs(ref.energyKWh[1] - 206) < 0.01 * 206, `P2 ${ref.energyKWh[1]}`);
  assert.equal(ref.switches.length, 4, "P1 off, P1 on, P2 on, P2 off");
  const ours = runOurs(params, 60);
  assertSameDay(ours, ref, 0.02, 0.01, 120);
  // The runtime's 1 s steps tell the same day.
  assertSameDay(runOurs(params, 1), ref, 0.02, 0.01, 120);
});

Deno.test({
  name: "the exported .inp runs in EPANET exactly as the original station.inp",
  ignore: !HAVE_ORIGINAL,
  fn: async () => {
    const params = loadParams();
    const ids = params.pumps.map((p) => inpPumpId(p.suffix));
    const exported = await runEpanet(stationToInp(params), ids, params.tank.elevation_m);
    const original = await runEpanet(Deno.readTextFileSync(ORIGINAL), ["P1", "P2"], 50);
    assertSameDay(exported, original, 1e-6, 1e-6, 0);
  },
});

Deno.test("fidelity holds with a VFD pump, an efficiency curve and a single-point third pump", async () => {
  const plant = JSON.parse(Deno.readTextFileSync(PLANT));
  const raw = plant.twins[0].params;
  raw.pumps[1].vfd = true;
  raw.pumps[1].speed_pct = 95;
  raw.pumps[1].efficiency_pct = [
    { flow_lps: 0, efficiency_pct: 20 },
    { flow_lps: 40, efficiency_pct: 70 },
    { flow_lps: 60, efficiency_pct: 80 },
    { flow_lps: 100, efficiency_pct: 60 },
  ];
  raw.pumps.push({
    suffix: "p3",
    curve: [{ flow_lps: 40, head_m: 52 }],
    control: { start_below_m: 1.5, stop_above_m: 4 },
  });
  raw.demand.base_lps = 75;
  const params = stationParams.parse(raw);
  const ids = params.pumps.map((p) => inpPumpId(p.suffix));
  const ref = await runEpanet(stationToInp(params), ids, params.tank.elevation_m);
  assert.ok(ref.switches.some((s) => s.pump === 2 && s.on), "the third pump ran");
  assertSameDay(runOurs(params, 60), ref, 0.02, 0.01, 120);
});
