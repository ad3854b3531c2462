/**
 * What the cooling-setpoints panel shows, as plain data: the proposal's
 * setpoints and their settled outcome beside the present ones, and one line
 * on the saving and the rigs' margin. Kept apart from the component so it
 * can be tested without a browser.
 *
 * @module
 */

/** Setpoints as the API gives them. */
export interface SetpointsView {
  /** auto or manual. */
  mode: string;
  /** Supply setpoint, degC. */
  supplyC: number;
  /** Manual fan speed, %. */
  fanPct: number;
  /** Pump speed, %. */
  pumpPct: number;
}

/** A settled outcome as the API gives it (simulator). */
export interface OutcomeView {
  /** Settled rig outlet, degC. */
  outletC: number;
  /** Settled fan speed, %. */
  fanPct: number;
  /** Fans + pumps, kW. */
  powerKw: number;
}

/** A proposal as `GET /api/twins/{site}/cooling_setpoints` lists it (the fields the panel reads). */
export interface CoolingProposalView {
  /** Proposal id. */
  id: string;
  /** When it was made, epoch ms. */
  at: number;
  /** The commands that apply it. */
  commands: { type: string; args: Record<string, unknown> }[];
  /** The site state planned for. */
  state: { ambientC: number; heatKw: number };
  /** The proposal. */
  proposal: {
    proposed: SetpointsView;
    current: SetpointsView;
    limitC: number;
    feasible: boolean;
    withinMargin: boolean;
    savingKw: number;
    savingPct: number;
    outletMarginK: number;
    simulated?: OutcomeView;
    currentSimulated?: OutcomeView;
  };
}

/** One row of the comparison table. */
export interface SetpointRow {
  /** What the row is. */
  label: string;
  /** Under the present setpoints. */
  current: string;
  /** Under the proposal. */
  proposed: string;
  /** Whether the two differ (as shown). */
  differs: boolean;
}

const f1 = (v: number | undefined, unit: string, digits = 1) =>
  typeof v === "number" && Number.isFinite(v) ? `${v.toFixed(digits)} ${unit}` : "–";

/** The rows: mode, the setpoint the mode acts on, pump speed, then the settled fans, power and rig outlet. */
export function setpointRows(v: CoolingProposalView): SetpointRow[] {
  const { current: c, proposed: p, currentSimulated: cs, simulated: ps } = v.proposal;
  const row = (label: string, current: string, proposed: string): SetpointRow => ({
    label,
    current,
    proposed,
    differs: current !== proposed,
  });
  const setpoint = (s: SetpointsView) =>
    s.mode === "auto" ? f1(s.supplyC, "°C supply") : f1(s.fanPct, "% fans");
  return [
    row("Control mode", c.mode, p.mode),
    row("Setpoint", setpoint(c), setpoint(p)),
    row("Pump speed", f1(c.pumpPct, "%"), f1(p.pumpPct, "%")),
    row("Fan speed (settled)", f1(cs?.fanPct, "%"), f1(ps?.fanPct, "%")),
    // A site's fans and pumps draw a few kW: two decimals show a saving at a cold site.
    row("Fans + pumps", f1(cs?.powerKw, "kW", 2), f1(ps?.powerKw, "kW", 2)),
    row("Rig outlet", f1(cs?.outletC, "°C"), f1(ps?.outletC, "°C")),
  ];
}

/** One line: the saving and how far the rigs stay below their limit, or why not to apply it. */
export function proposalSummary(v: CoolingProposalView): string {
  const p = v.proposal;
  const saving = `saves ${p.savingKw.toFixed(2)} kW (${p.savingPct.toFixed(0)} %)`;
  const margin = `rig outlet ${p.outletMarginK.toFixed(1)} K below the ${p.limitC} °C limit`;
  if (!p.feasible) return `${saving}; the simulator found the rigs over their limit: do not apply`;
  if (!p.withinMargin) {
    return `${saving}; ${margin}, but no setpoints keep the full margin: this cools as hard as it can`;
  }
  return `${saving}; ${margin}`;
}

/** The confirmation question for applying `v` to `twin`. */
export function applyQuestion(twin: string, v: CoolingProposalView): string {
  const steps = v.commands.map((c) =>
    `${c.type}(${Object.values(c.args).map((a) => String(a)).join(", ")})`
  ).join(", ");
  return `Apply proposal ${v.id} to ${twin}? This sends ${v.commands.length} commands: ${steps}.`;
}
