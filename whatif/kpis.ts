/**
 * Key figures of a what-if run, gathered after every step of the runtime:
 * electrical energy and its cost at the spec's tariff, oil and liquid
 * produced by wells, peak cooling temperatures, alarms raised by priority,
 * pump starts, and min/max/mean of tracked points. Rates are integrated
 * over each step (the step's values hold for the step), so the figures do
 * not depend on how often anyone looks.
 *
 * @module
 */
import type { StartedPlant } from "../app/start_plant.ts";
import { PRIORITIES } from "../actors/alarms/alarm_definition.ts";
import type { Twin } from "../twins/twin.ts";
import type { Tariff } from "./whatif_spec.ts";

/** Default flat energy price per kWh when the spec gives no tariff. */
export const DEFAULT_PRICE_PER_KWH = 0.1;

/** A KPI's value and unit. */
export interface Kpi {
  /** Value. */
  value: number;
  /** Unit (`kWh`, `m3`, `degC`, `count`, or the currency). */
  unit: string;
}

/** KPIs of one run, by name, in report order. */
export type Kpis = Record<string, Kpi>;

/** Price per kWh at `tMs` (epoch ms; the hour of day is UTC, as the simulators' day). */
export function priceAt(tariff: Tariff, tMs: number): number {
  if (tariff.hourly) {
    const hour = Math.floor((((tMs % 86_400_000) + 86_400_000) % 86_400_000) / 3_600_000);
    return tariff.hourly[hour];
  }
  return tariff.price_per_kwh ?? DEFAULT_PRICE_PER_KWH;
}

/** Electrical power of a twin now, kW, by kind; undefined for kinds that draw none we know. */
export function powerKw(kind: string, v: Readonly<Record<string, unknown>>): number | undefined {
  const n = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : 0);
  switch (kind) {
    case "pump":
      return n(v.power);
    case "well":
      return n(v.motor_power);
    case "cooling_site":
      return n(v.it_power) + n(v.fan_power) + n(v.pump_power);
  }
  return undefined;
}

/** Running sums of a run's KPIs; feed it one step at a time. */
export class KpiAccumulator {
  readonly #tariff: Tariff;
  readonly #energy = new Map<string, number>();
  #cost = 0;
  #oil = 0;
  #liquid = 0;
  #peakSupply = -Infinity;
  #peakReturn = -Infinity;
  #sites = 0;
  #wells = 0;
  #pumpStarts = 0;
  #pumps = 0;
  readonly #alarms = new Map<string, number>(PRIORITIES.map((p) => [p, 0]));
  readonly #tracks = new Map<string, { min: number; max: number; sum: number; n: number }>();
  readonly #running = new Map<string, boolean>();

  /** Start with the run's tariff. */
  constructor(tariff: Tariff) {
    this.#tariff = tariff;
  }

  /** Account one step of `dtS` seconds ending at `tMs` for a twin's values. */
  twin(id: string, kind: string, v: Readonly<Record<string, unknown>>, tMs: number, dtS: number) {
    const p = powerKw(kind, v);
    if (p !== undefined) {
      const kwh = (p * dtS) / 3600;
      this.#energy.set(kind, (this.#energy.get(kind) ?? 0) + kwh);
      // The step covers (tMs - dt, tMs]: price it at its start.
      this.#cost += kwh * priceAt(this.#tariff, tMs - dtS * 1000);
    }
    if (kind === "well") {
      // Rates are per day.
      if (typeof v.production_oil === "number") this.#oil += (v.production_oil * dtS) / 86_400;
      if (typeof v.production_liquid === "number") {
        this.#liquid += (v.production_liquid * dtS) / 86_400;
      }
    } else if (kind === "cooling_site") {
      if (typeof v.supply_temp === "number") {
        this.#peakSupply = Math.max(this.#peakSupply, v.supply_temp);
      }
      if (typeof v.return_temp === "number") {
        this.#peakReturn = Math.max(this.#peakReturn, v.return_temp);
      }
    } else if (kind === "pump") {
      const running = v.running === true;
      const before = this.#running.get(id);
      // Only a change seen during the run is a start, not a pump already running.
      if (before === false && running) this.#pumpStarts++;
      this.#running.set(id, running);
    }
  }

  /** Count the kinds present (KPIs of absent kinds are left out of the report). */
  present(kind: string): void {
    if (kind === "cooling_site") this.#sites++;
    else if (kind === "well") this.#wells++;
    else if (kind === "pump") this.#pumps++;
  }

  /** An alarm became active. */
  alarm(priority: string): void {
    this.#alarms.set(priority, (this.#alarms.get(priority) ?? 0) + 1);
  }

  /** A tracked point's value for one step. */
  track(key: string, value: unknown): void {
    if (typeof value !== "number" || !Number.isFinite(value)) return;
    const t = this.#tracks.get(key);
    if (!t || t.n === 0) this.#tracks.set(key, { min: value, max: value, sum: value, n: 1 });
    else {
      t.min = Math.min(t.min, value);
      t.max = Math.max(t.max, value);
      t.sum += value;
      t.n++;
    }
  }

  /** Declare a tracked point so it is reported even with no numeric sample. */
  declareTrack(key: string): void {
    if (!this.#tracks.has(key)) this.#tracks.set(key, { min: NaN, max: NaN, sum: NaN, n: 0 });
  }

  /** The KPIs so far. */
  result(): Kpis {
    const out: Kpis = {};
    const r = (x: number, digits = 6) => Number(x.toPrecision(digits));
    const total = [...this.#energy.values()].reduce((a, b) => a + b, 0);
    out.energy_kwh = { value: r(total), unit: "kWh" };
    for (const [kind, kwh] of [...this.#energy].sort(([a], [b]) => a.localeCompare(b))) {
      out[`energy_${kind}_kwh`] = { value: r(kwh), unit: "kWh" };
    }
    out.energy_cost = { value: r(this.#cost), unit: this.#tariff.currency || "cost" };
    if (this.#wells > 0) {
      out.oil_m3 = { value: r(this.#oil), unit: "m3" };
      out.liquid_m3 = { value: r(this.#liquid), unit: "m3" };
    }
    if (this.#sites > 0) {
      out.peak_supply_temp_c = { value: r(this.#peakSupply, 5), unit: "degC" };
      out.peak_return_temp_c = { value: r(this.#peakReturn, 5), unit: "degC" };
    }
    if (this.#pumps > 0) out.pump_starts = { value: this.#pumpStarts, unit: "count" };
    let alarms = 0;
    for (const n of this.#alarms.values()) alarms += n;
    out.alarms_total = { value: alarms, unit: "count" };
    for (const [p, n] of this.#alarms) out[`alarms_${p}`] = { value: n, unit: "count" };
    for (const [key, t] of this.#tracks) {
      out[`${key}.min`] = { value: r(t.min), unit: "" };
      out[`${key}.max`] = { value: r(t.max), unit: "" };
      out[`${key}.mean`] = { value: r(t.sum / t.n), unit: "" };
    }
    return out;
  }
}

/** A tracked point of one twin. */
export interface TrackedPoint {
  /** Twin id. */
  twin: string;
  /** Point name. */
  point: string;
}

/**
 * Gather KPIs of `started` after every step; returns the accumulator and a
 * function that stops gathering.
 */
export function collectKpis(
  started: StartedPlant,
  tariff: Tariff,
  tracks: readonly TrackedPoint[] = [],
): { kpis: KpiAccumulator; stop(): void } {
  const { runtime } = started;
  const acc = new KpiAccumulator(tariff);
  const dtS = runtime.stepMs / 1000;
  // Plain arrays for the per-step loop: twins that matter to a KPI only.
  const watched: Twin[] = [];
  for (const t of runtime.twins.values()) {
    acc.present(t.def.kind);
    if (["pump", "well", "cooling_site"].includes(t.def.kind)) watched.push(t);
  }
  const tracked = tracks.map((tr) => {
    const key = `${tr.twin}.${tr.point}`;
    acc.declareTrack(key);
    return { key, twin: runtime.twins.get(tr.twin)!, point: tr.point };
  });
  const stopStep = runtime.onStep((now) => {
    for (const t of watched) {
      if (t.running) acc.twin(t.id, t.def.kind, t.values, now, dtS);
    }
    for (const tr of tracked) acc.track(tr.key, tr.twin.values[tr.point]);
  });
  const stopAlarms = started.alarms.engine.onEvent((e) => {
    if (e.entry.action === "activate") acc.alarm(e.alarm.priority);
  });
  return {
    kpis: acc,
    stop() {
      stopStep();
      stopAlarms();
    },
  };
}

/** One row of a comparison: a KPI of a run beside the baseline's. */
export interface KpiRow {
  /** Run name (`baseline` or a variant). */
  run: string;
  /** KPI name. */
  kpi: string;
  /** Unit. */
  unit: string;
  /** The run's value. */
  value: number;
  /** The baseline's value, or null without a baseline. */
  baseline: number | null;
  /** value - baseline, or null. */
  delta: number | null;
  /** 100 * delta / |baseline|, or null when the baseline is 0 or absent. */
  delta_pct: number | null;
}

/** Compare each run's KPIs with the baseline's: one row per run per KPI. */
export function compareKpis(
  runs: readonly { name: string; kpis: Kpis }[],
  baseline: Kpis | undefined,
): KpiRow[] {
  const rows: KpiRow[] = [];
  const r = (x: number) => Number(x.toPrecision(6));
  for (const run of runs) {
    for (const [kpi, { value, unit }] of Object.entries(run.kpis)) {
      const b = baseline?.[kpi]?.value;
      const has = b !== undefined && Number.isFinite(b) && Number.isFinite(value);
      rows.push({
        run: run.name,
        kpi,
        unit,
        value,
        baseline: b ?? null,
        delta: has ? r(value - b) : null,
        delta_pct: has && b !== 0 ? r((100 * (value - b)) / Math.abs(b)) : null,
      });
    }
  }
  return rows;
}
