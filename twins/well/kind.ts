/**
 * The rod-pumped oil well asset kind: a beam pumping unit, tapered rod
 * string and downhole pump over a Vogel reservoir, with its dynamometer card.
 *
 * @module
 */
import { z } from "zod";
import { type KindDefinition, sharedInMemo } from "../kind.ts";
import { faultCommands, noArgs } from "../fault_commands.ts";
import { WELL_FAULTS } from "../../simulators/well/well_faults.ts";
import { WellSimulator } from "../../simulators/well/well_simulator.ts";
import { CardCache } from "../../simulators/well/card_cache.ts";
import { CardClassifier } from "../../diagnosis/cards/card_classifier.ts";
import { committedModel } from "../../diagnosis/cards/card_model_file.ts";
import { DiagnosedWell } from "../../diagnosis/cards/diagnosed_well.ts";
import { wellMachine } from "./machine.ts";
import { observeWell } from "./observe.ts";
import { toWellConfig, type WellParams, wellParams } from "./params.ts";

/** Well kind definition. */
export const kind: KindDefinition<WellParams> = {
  kind: "well",
  description:
    "Sucker-rod pumped oil well: pumping unit, tapered rods, downhole pump, Vogel inflow",
  params: wellParams,
  points: {
    spm: { unit: "1/min", description: "Pumping speed (0 when stopped)" },
    stroke_length: { unit: "m", description: "Polished-rod stroke length" },
    rod_position: {
      unit: "m",
      description: "Polished-rod position above the bottom of the stroke",
    },
    polished_rod_load: { unit: "kN", description: "Polished-rod load now" },
    peak_load: { unit: "kN", description: "Peak polished-rod load of the current card" },
    min_load: { unit: "kN", description: "Minimum polished-rod load of the current card" },
    fillage: { unit: "%", description: "Pump fillage from the downhole card", key: true },
    production_liquid: { unit: "m3/d", description: "Liquid rate pumped", key: true },
    production_oil: { unit: "m3/d", description: "Oil rate (liquid less water cut)", key: true },
    inflow: { unit: "m3/d", description: "Reservoir inflow into the wellbore (Vogel)" },
    fluid_level: { unit: "m", description: "Dynamic fluid level below surface", key: true },
    intake_pressure: { unit: "kPa", description: "Pump intake pressure (gauge)" },
    motor_power: { unit: "kW", description: "Motor input power, stroke average" },
    strokes: { unit: "", description: "Strokes completed since start" },
    pumping: { unit: "", description: "The unit is running", type: "boolean" },
    fault: { unit: "", description: "Active injected faults, or none", type: "string" },
    diagnosis: {
      unit: "",
      description:
        "Card class of the latest card (dataset label, REGULAR_WORK when healthy; NOT_PUMPING when stopped)",
      type: "string",
    },
    diagnosis_confidence: { unit: "%", description: "Confidence of the card diagnosis" },
  },
  modes: {
    producing: "Pumping with the pump filling (or starting up)",
    pumped_off: "Pumping but fillage has stayed below the pumped-off threshold",
    shut_in: "Stopped on command; the fluid level builds up toward static",
    fault: "Rods parted, or the unit stopped without a command",
    maintenance: "Out of service for work on the well",
  },
  commands: {
    shut_in: { description: "Stop the pumping unit", args: noArgs },
    open: { description: "Start the pumping unit", args: noArgs },
    set_spm: {
      description: "Change pumping speed (while producing or pumped off)",
      args: z.strictObject({ spm: z.number().min(1).max(15) }),
    },
    reset: { description: "Acknowledge a fault once the unit is stopped", args: noArgs },
    enter_maintenance: { description: "Take the stopped well out of service", args: noArgs },
    exit_maintenance: { description: "Return the well to shut in", args: noArgs },
    ...faultCommands(WELL_FAULTS),
  },
  machine: wellMachine,
  observe: observeWell,
  simulator: (ctx) =>
    new DiagnosedWell(
      new WellSimulator({
        id: ctx.id,
        config: toWellConfig(ctx.params),
        seed: ctx.seed,
        // One card cache per runtime; none outside one.
        cards: ctx.memo && sharedInMemo(ctx.memo, "cards", () => new CardCache()),
      }),
      sharedInMemo(ctx.memo, "cardClassifier", () => new CardClassifier(committedModel())),
    ),
};
