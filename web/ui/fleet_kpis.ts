/**
 * Plant totals by asset kind for the overview: how many of a kind are in
 * their normal working modes, and sums or maxima of the points that matter
 * to an operator (wells' production, stations' flow and power, cooling
 * sites' hottest supply and their power). The figures a kind shows are a
 * table here; a kind the table does not know still gets its count of twins
 * in normal modes, so a new kind needs no change here to appear.
 *
 * @module
 */
import type { TwinView } from "./api_types.ts";
import { formatWithUnit } from "./display_format.ts";
import { modeTone } from "./mode_tone.ts";

/** One figure of a kind, as its specification. */
export type KpiSpec =
  | { label: string; count: readonly string[] }
  | { label: string; sum: string }
  | { label: string; max: string };

/** Figures per kind. Counts name the modes that are the kind's normal work. */
export const KIND_KPIS: Readonly<Record<string, readonly KpiSpec[]>> = {
  well: [
    { label: "producing", count: ["producing", "pumped_off"] },
    { label: "oil", sum: "production_oil" },
    { label: "liquid", sum: "production_liquid" },
  ],
  pump_station: [
    { label: "flow", sum: "inflow" },
    { label: "power", sum: "total_power" },
    { label: "pumps running", sum: "running_pumps" },
  ],
  pump: [
    { label: "running", count: ["running"] },
    { label: "power", sum: "power" },
  ],
  cooling_site: [
    { label: "running", count: ["running"] },
    { label: "max supply", max: "supply_temp" },
    { label: "IT power", sum: "it_power" },
    { label: "cooling power", sum: "fan_power" },
    { label: "hashrate", sum: "hashrate" },
  ],
  rtu: [{ label: "online", count: ["online"] }],
  flowing_well: [{ label: "normal", count: ["normal"] }],
};

/** One figure as the overview shows it. */
export interface Kpi {
  /** What it is (`producing`, `oil`). */
  label: string;
  /** The figure with its unit (`18 / 20`, `412 m³/d`, `47.3 °C`). */
  text: string;
  /** Twins whose value could not be read (missing or bad), left out of the figure. */
  missing: number;
  /** For counts: twins of the kind not in a normal mode (shown as abnormal). */
  short?: number;
  /** For a maximum: the twin holding it. */
  at?: string;
}

/** The figures of one kind over its twins. */
export interface KindKpis {
  /** Kind name. */
  kind: string;
  /** Twins of the kind. */
  total: number;
  /** Its figures. */
  kpis: Kpi[];
}

/** Figures of `twins` (all of one kind) by the kind's specification. */
export function kindKpis(kind: string, twins: readonly TwinView[]): KindKpis {
  const specs = KIND_KPIS[kind] ?? [{ label: "normal", count: [] }];
  return { kind, total: twins.length, kpis: specs.map((s) => kpi(s, twins)) };
}

/** Figures of every kind in `twins`, in the order kinds first appear. */
export function fleetKpis(twins: Iterable<TwinView>): KindKpis[] {
  const byKind = new Map<string, TwinView[]>();
  for (const t of twins) {
    const list = byKind.get(t.kind);
    if (list) list.push(t);
    else byKind.set(t.kind, [t]);
  }
  return [...byKind].map(([kind, list]) => kindKpis(kind, list));
}

function kpi(spec: KpiSpec, twins: readonly TwinView[]): Kpi {
  if ("count" in spec) {
    // An empty list means "the modes the tone table calls normal".
    const ok = twins.filter((t) =>
      spec.count.length ? spec.count.includes(t.mode) : modeTone(t.mode) === "ok"
    ).length;
    return {
      label: spec.label,
      text: `${ok} / ${twins.length}`,
      missing: 0,
      short: twins.length - ok,
    };
  }
  const point = "sum" in spec ? spec.sum : spec.max;
  let missing = 0, unit = "", n = 0, acc = "sum" in spec ? 0 : -Infinity;
  let at: string | undefined;
  for (const t of twins) {
    const p = t.points[point];
    if (!p || typeof p.value !== "number" || !Number.isFinite(p.value) || p.quality === "bad") {
      missing++;
      continue;
    }
    unit ||= p.unit;
    n++;
    if ("sum" in spec) acc += p.value;
    else if (p.value > acc) {
      acc = p.value;
      at = t.name;
    }
  }
  return {
    label: spec.label,
    text: n ? formatWithUnit(acc, unit) : "—",
    missing,
    ...(at ? { at } : {}),
  };
}
