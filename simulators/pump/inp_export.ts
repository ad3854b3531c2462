/**
 * Export a pump station's params as an EPANET .inp network (units LPS,
 * Hazen-Williams), so the same station can be run in EPANET or any tool that
 * reads its format. The sump becomes a reservoir `SUMP`, the header a
 * junction `HDR`, the main and outlet pipes `MAIN` and `OUTL`, the tank
 * `TANK`, the demand node `DEM` with pattern `DEMPAT`, each pump a HEAD-curve
 * pump, and in auto mode each level control two simple controls.
 *
 * Not exported, because EPANET has no equivalent: pump ramps, NPSH, motors,
 * faults, and the altitude valve that throttles a full tank (EPANET closes
 * the inlet instead). A station with `model: "epanet"` runs by EPANET's
 * rules in our simulator, so its export and our run agree (see
 * docs/kinds/pump_station.md).
 *
 * @module
 */
import type { StationConfig } from "./station_config.ts";

/** Options for {@linkcode stationToInp}. */
export interface InpExportOptions {
  /** First title line; default names the station. */
  title?: string;
  /** Simulation duration, s (default 24 h). */
  durationS?: number;
  /** Hydraulic time step, s (default 1 h; EPANET shortens it to the report step). */
  hydraulicStepS?: number;
  /** Report time step, s (default 60 s). */
  reportStepS?: number;
}

const RESERVED = new Set(["SUMP", "HDR", "MAIN", "TANK", "OUTL", "DEM"]);

/** The EPANET link id of a station pump with id suffix `suffix`. */
export function inpPumpId(suffix: string): string {
  const id = suffix.toUpperCase();
  return RESERVED.has(id) ? `PUMP_${id}` : id;
}

/** A number as EPANET input: short, no float noise. */
function num(x: number): string {
  return String(Number(x.toPrecision(12)));
}

/** Seconds as EPANET's h:mm or h:mm:ss. */
export function inpClock(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round(s % 60);
  const mm = String(m).padStart(2, "0");
  return sec === 0 ? `${h}:${mm}` : `${h}:${mm}:${String(sec).padStart(2, "0")}`;
}

/** Write the station as EPANET .inp text. */
export function stationToInp(cfg: StationConfig, opts: InpExportOptions = {}): string {
  const lines: string[] = [];
  const section = (name: string, ...rows: string[]) => {
    lines.push(`[${name}]`, ...rows, "");
  };
  const pumps = cfg.pumps.map((p) => ({ id: inpPumpId(p.suffix), p }));

  section(
    "TITLE",
    opts.title ?? "fieldtwin pump station",
    "Generated from pump_station params: sump -> parallel pumps -> main -> tank -> outlet -> demand",
  );
  section(
    "JUNCTIONS",
    ";ID  Elev(m)  Demand(L/s)  Pattern",
    ` HDR  ${num(cfg.header.elevation_m)}  0`,
    ` DEM  ${num(cfg.demand.elevation_m)}  ${num(cfg.demand.base_lps)}  DEMPAT`,
  );
  section("RESERVOIRS", ";ID  Head(m)", ` SUMP  ${num(cfg.sump.head_m)}`);
  const t = cfg.tank;
  section(
    "TANKS",
    ";ID  Elev(m)  InitLvl(m)  MinLvl(m)  MaxLvl(m)  Diam(m)  MinVol(m3)",
    ` TANK  ${num(t.elevation_m)}  ${num(t.initial_level_m)}  ${num(t.min_level_m)}  ` +
      `${num(t.max_level_m)}  ${num(t.diameter_m)}  0`,
  );
  const pipe = (id: string, a: string, b: string, c: StationConfig["main"]) =>
    ` ${id}  ${a}  ${b}  ${num(c.length_m)}  ${num(c.diameter_mm)}  ${num(c.hw_c)}  0  Open`;
  section(
    "PIPES",
    ";ID  Node1  Node2  Length(m)  Diam(mm)  HW-C  MinorLoss  Status",
    pipe("MAIN", "HDR", "TANK", cfg.main),
    pipe("OUTL", "TANK", "DEM", cfg.outlet),
  );
  section(
    "PUMPS",
    ";ID  Node1  Node2  Parameters",
    ...pumps.map(({ id, p }) =>
      ` ${id}  SUMP  HDR  HEAD C_${id}` +
      (p.speed_pct !== 100 ? `  SPEED ${num(p.speed_pct / 100)}` : "")
    ),
  );

  const effs = cfg.pumps.map((p) => p.efficiency_pct);
  const globalEff = typeof effs[0] === "number" && effs.every((e) => e === effs[0])
    ? effs[0] as number
    : undefined;
  const curves: string[] = [];
  for (const { id, p } of pumps) {
    curves.push(`;PUMP: ${id} flow (L/s) vs head (m)`);
    for (const pt of p.curve) curves.push(` C_${id}  ${num(pt.flow_lps)}  ${num(pt.head_m)}`);
    if (globalEff !== undefined) continue;
    curves.push(`;EFFICIENCY: ${id} flow (L/s) vs efficiency (%)`);
    const e = p.efficiency_pct;
    if (typeof e === "number") {
      // EPANET corrects a curve's efficiency for speed (Sarbu-Borza), never a constant one:
      // a flat curve below nominal speed is written at the value the correction brings back
      // to the pump's constant efficiency.
      const s = p.speed_pct / 100;
      const flat = s === 1 ? e : 100 - (100 - e) * Math.pow(s, 0.1);
      const qTop = Math.max(...p.curve.map((pt) => pt.flow_lps)) * 2 || 1000;
      curves.push(` E_${id}  0  ${num(flat)}`, ` E_${id}  ${num(qTop)}  ${num(flat)}`);
    } else {
      for (const pt of e) curves.push(` E_${id}  ${num(pt.flow_lps)}  ${num(pt.efficiency_pct)}`);
    }
  }
  section("CURVES", ...curves);

  const pat = cfg.demand.pattern;
  const patRows: string[] = [];
  for (let i = 0; i < pat.length; i += 12) {
    patRows.push(` DEMPAT  ${pat.slice(i, i + 12).map(num).join("  ")}`);
  }
  section("PATTERNS", ";ID  Multipliers", ...patRows);

  // A pump opened by OPEN runs at speed 1 in EPANET; a speed setting opens it at that speed.
  const opened = (p: StationConfig["pumps"][number]) =>
    p.speed_pct !== 100 ? num(p.speed_pct / 100) : "OPEN";
  const on = (p: StationConfig["pumps"][number]) =>
    cfg.mode !== "off" && p.initial_status === "running";
  section("STATUS", ...pumps.map(({ id, p }) => ` ${id}  ${on(p) ? opened(p) : "CLOSED"}`));

  const controls: string[] = [];
  if (cfg.mode === "auto") {
    for (const { id, p } of pumps) {
      if (!p.control) continue;
      const c = p.control;
      controls.push(
        ` LINK ${id} ${opened(p)} IF NODE TANK BELOW ${num(c.start_below_m)}`,
        ` LINK ${id} CLOSED IF NODE TANK ABOVE ${num(c.stop_above_m)}`,
      );
    }
  }
  section("CONTROLS", ...controls);

  const energy = [` Global Price  ${num(cfg.energy_price)}`, " Demand Charge  0"];
  if (globalEff !== undefined) energy.unshift(` Global Efficiency  ${num(globalEff)}`);
  else for (const { id } of pumps) energy.push(` Pump ${id} Efficiency E_${id}`);
  section("ENERGY", ...energy);

  section(
    "TIMES",
    ` Duration  ${inpClock(opts.durationS ?? 86_400)}`,
    ` Hydraulic Timestep  ${inpClock(opts.hydraulicStepS ?? 3600)}`,
    ` Pattern Timestep  ${inpClock(cfg.demand.pattern_step_s)}`,
    " Pattern Start  0:00",
    ` Report Timestep  ${inpClock(opts.reportStepS ?? 60)}`,
    " Report Start  0:00",
    " Start ClockTime  12 am",
    " Statistic  None",
  );
  section(
    "OPTIONS",
    " Units  LPS",
    " Headloss  H-W",
    ` Specific Gravity  ${num(cfg.specific_gravity)}`,
    " Viscosity  1.0",
    " Trials  200",
    " Accuracy  0.00001",
    // EPANET cannot meet its relative-flow criterion when every flow is zero (all pumps
    // off, no demand) and would halt the run there; continuing keeps the zero-flow answer.
    " Unbalanced  Continue 10",
    " Demand Multiplier  1.0",
    " Quality  None",
  );
  lines.push("[END]", "");
  return lines.join("\n");
}
