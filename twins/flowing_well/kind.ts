/**
 * The naturally flowing or gas-lifted offshore oil well, instrumented as the
 * wells of Petrobras' 3W dataset are: a permanent downhole gauge (PDG), a
 * temperature and pressure transducer on the wet Christmas tree (TPT), the
 * production choke and the gas-lift line. It has no simulator: recordings
 * or field drivers feed it, and its mode follows the recorded event label
 * (3W's `class`), so a replay shows when an event was labelled. The event
 * supervisor (diagnosis/events) writes what it detects online beside it.
 *
 * @module
 */
import { z } from "zod";
import type { KindDefinition } from "../kind.ts";
import { flowingWellMachine } from "./machine.ts";
import { observeEventClass } from "./observe.ts";
import { WELL_EVENT_POINTS } from "../../diagnosis/events/well_event_points.ts";

/** Parameters: none yet. */
export const flowingWellParams = z.strictObject({});

/** Flowing well kind definition. */
export const kind: KindDefinition<z.infer<typeof flowingWellParams>> = {
  kind: "flowing_well",
  description:
    "Offshore naturally flowing or gas-lifted oil well (3W instrumentation); fed by recordings or drivers",
  params: flowingWellParams,
  points: {
    pdg_pressure: {
      unit: "kPa",
      description: "Pressure at the permanent downhole gauge (P-PDG)",
      key: true,
    },
    tpt_pressure: {
      unit: "kPa",
      description: "Pressure at the tree transducer (P-TPT)",
      key: true,
    },
    tpt_temperature: {
      unit: "degC",
      description: "Temperature at the tree transducer (T-TPT)",
      key: true,
    },
    choke_upstream_pressure: {
      unit: "kPa",
      description: "Pressure upstream of the production choke (P-MON-CKP)",
    },
    choke_downstream_temperature: {
      unit: "degC",
      description: "Temperature downstream of the production choke (T-JUS-CKP)",
    },
    gas_lift_pressure: {
      unit: "kPa",
      description: "Pressure downstream of the gas-lift choke (P-JUS-CKGL)",
    },
    gas_lift_flow: { unit: "", description: "Gas-lift flow rate, as recorded (QGL)" },
    event_class: {
      unit: "",
      description: "Labelled event class: 0 normal, 1-9 an event, 101-109 its transient",
    },
    event_state: { unit: "", description: "Labelled operational state (3W `state`)" },
    ...WELL_EVENT_POINTS,
  },
  modes: {
    unlabelled: "No event label recorded yet",
    normal: "Labelled normal operation (class 0)",
    transient: "Labelled transient into an event (class 101-109)",
    event: "Labelled steady event (class 1-9)",
  },
  commands: {},
  machine: flowingWellMachine,
  observe: observeEventClass,
};
