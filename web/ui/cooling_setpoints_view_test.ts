import assert from "node:assert/strict";
import {
  applyQuestion,
  type CoolingProposalView,
  proposalSummary,
  setpointRows,
} from "./cooling_setpoints_view.ts";

const view: CoolingProposalView = {
  id: "cs-1",
  at: 0,
  commands: [
    { type: "set_supply_setpoint", args: { degC: 37.5 } },
    { type: "set_pump_setpoint", args: { pct: 44.2 } },
  ],
  state: { ambientC: 21, heatKw: 658 },
  proposal: {
    current: { mode: "auto", supplyC: 40, fanPct: 60, pumpPct: 80 },
    proposed: { mode: "auto", supplyC: 37.5, fanPct: 60, pumpPct: 44.2 },
    limitC: 55,
    feasible: true,
    withinMargin: true,
    savingKw: 3.36,
    savingPct: 63.3,
    outletMarginK: 2.07,
    currentSimulated: { outletC: 48.54, fanPct: 38.9, powerKw: 5.31 },
    simulated: { outletC: 52.93, fanPct: 37.3, powerKw: 1.95 },
  },
};

Deno.test("cooling setpoints view: present beside proposed, with the settled outcome", () => {
  const rows = setpointRows(view);
  assert.deepEqual(rows.map((r) => r.label), [
    "Control mode",
    "Setpoint",
    "Pump speed",
    "Fan speed (settled)",
    "Fans + pumps",
    "Rig outlet",
  ]);
  assert.deepEqual(rows[1], {
    label: "Setpoint",
    current: "40.0 °C supply",
    proposed: "37.5 °C supply",
    differs: true,
  });
  assert.equal(rows[0].differs, false);
  assert.equal(rows[4].proposed, "1.95 kW");
  const manual = setpointRows({
    ...view,
    proposal: {
      ...view.proposal,
      proposed: { ...view.proposal.proposed, mode: "manual", fanPct: 35 },
    },
  });
  assert.equal(manual[1].proposed, "35.0 % fans");
});

Deno.test("cooling setpoints view: the summary warns when the proposal must not be applied", () => {
  assert.equal(
    proposalSummary(view),
    "saves 3.36 kW (63 %); rig outlet 2.1 K below the 55 °C limit",
  );
  const hot = { ...view, proposal: { ...view.proposal, withinMargin: false } };
  assert.match(proposalSummary(hot), /cools as hard as it can/);
  const bad = { ...view, proposal: { ...view.proposal, feasible: false } };
  assert.match(proposalSummary(bad), /do not apply/);
  assert.equal(
    applyQuestion("site-1", view),
    "Apply proposal cs-1 to site-1? This sends 2 commands: set_supply_setpoint(37.5), set_pump_setpoint(44.2).",
  );
});
