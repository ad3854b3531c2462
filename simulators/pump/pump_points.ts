/**
 * The points a pump reports, written from a {@linkcode PumpUnit}, shared by
 * the standalone pump simulator and the station simulator so a pump twin
 * looks the same wherever it is fed from.
 *
 * @module
 */
import type { PointValues } from "../simulator.ts";
import { G } from "./pump_curve.ts";
import type { PumpUnit } from "./pump_unit.ts";

/** Copy a pump's outputs into `out` in point units (m3/h, m, kW, %, mm/s, kWh, A, kPa). */
export function writePumpPoints(u: PumpUnit, out: PointValues): void {
  const suction = u.suctionHead();
  const kPaPerM = u.specificGravity * G;
  out.status = u.status;
  out.running = u.status === "running" || u.status === "starting";
  out.available = u.available;
  out.speed = u.speed * 100;
  out.flow = u.flow * 3600;
  out.head = u.headGain;
  out.power = u.powerW / 1000;
  out.efficiency = u.speed > 0 ? u.eff * 100 : 0;
  out.npsh_margin = u.npshMargin;
  out.cavitation = u.cavitating;
  out.vibration = u.vibration;
  out.energy = u.energyJ / 3.6e6;
  out.motor_current = u.currentA;
  out.starts = u.starts;
  out.run_hours = u.runSeconds / 3600;
  out.suction_pressure = suction * kPaPerM;
  out.discharge_pressure = (suction + u.headGain) * kPaPerM;
}

/** A pump's curve at its current speed (or setpoint when still), its operating point and faults. */
export function inspectPump(u: PumpUnit): Record<string, unknown> {
  const s = u.speed > 0 ? u.speed : u.setpoint;
  const qMax = u.curve.runout(s);
  const curve = [];
  for (let i = 0; i <= 20; i++) {
    const q = qMax * i / 20;
    curve.push({ flow_m3h: q * 3600, head_m: u.curve.head(q, s) });
  }
  const faults = Object.fromEntries(Object.entries(u.faults).filter(([, v]) => v > 0));
  return {
    status: u.status,
    locked: u.locked,
    speed_pct: s * 100,
    curve_form: u.curve.form,
    curve,
    operating_point: { flow_m3h: u.flow * 3600, head_m: u.headGain },
    rated_power_kw: u.ratedPowerW / 1000,
    full_load_current_a: u.fullLoadCurrentA,
    faults,
  };
}
