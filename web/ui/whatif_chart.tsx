/**
 * One KPI across the runs of a study as a uPlot bar chart (grey bars, the
 * baseline darker), with the values in its caption for screen readers and
 * as data attributes for tests.
 *
 * @module
 */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { formatNumber, unitText } from "./whatif_compare.ts";

/** Props of {@linkcode WhatifChart}. */
export interface WhatifChartProps {
  /** KPI name. */
  kpi: string;
  /** Its unit. */
  unit: string;
  /** Run names, one bar each. */
  names: string[];
  /** Values (NaN where a run lacks the KPI). */
  values: number[];
  /** Chart width in CSS px. */
  width: number;
}

const BAR = "#7a8794";
const BASE = "#3b4a5a";
const AXIS = "#4a4a4a";
const GRID = "#e6e6e6";

function options(props: WhatifChartProps): uPlot.Options {
  const unit = unitText(props.unit);
  const n = props.names.length;
  const bars = uPlot.paths.bars!({ size: [0.6, 64], align: 0 });
  return {
    width: props.width,
    height: props.width < 500 ? 170 : 220,
    legend: { show: false },
    cursor: { show: false },
    scales: {
      x: { time: false, range: () => [-0.5, n - 0.5] },
      y: {
        range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1],
      },
    },
    axes: [
      {
        stroke: AXIS,
        grid: { show: false },
        ticks: { stroke: GRID },
        splits: () => props.names.map((_, i) => i),
        values: (_u, splits) =>
          splits.map((i) => {
            const name = props.names[i] ?? "";
            return name.length > 14 ? `${name.slice(0, 13)}…` : name;
          }),
      },
      {
        stroke: AXIS,
        grid: { stroke: GRID, width: 1 },
        ticks: { stroke: GRID },
        label: unit || undefined,
        labelSize: unit ? 18 : 0,
        size: (_u, values) =>
          Math.max(34, 18 + 8 * Math.max(0, ...(values ?? []).map((v) => v.length))),
      },
    ],
    series: [
      {},
      {
        stroke: BAR,
        fill: BAR,
        width: 0,
        paths: bars,
        points: { show: false },
      },
      {
        stroke: BASE,
        fill: BASE,
        width: 0,
        paths: bars,
        points: { show: false },
      },
    ],
  };
}

function columns(props: WhatifChartProps): uPlot.AlignedData {
  const xs = props.names.map((_, i) => i);
  const clean = (v: number) => (Number.isFinite(v) ? v : null);
  const variants = props.values.map((v, i) => (props.names[i] === "baseline" ? null : clean(v)));
  const baseline = props.values.map((v, i) => (props.names[i] === "baseline" ? clean(v) : null));
  return [xs, variants, baseline] as unknown as uPlot.AlignedData;
}

/** A bar chart of one KPI across runs. */
export function WhatifChart(props: WhatifChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);

  useEffect(() => {
    const u = new uPlot(options(props), columns(props), host.current!);
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = undefined;
    };
  }, [props.kpi, props.names.join("\u0000"), props.values.join(",")]);

  useEffect(() => {
    const u = plot.current;
    if (u && u.width !== props.width) {
      u.setSize({ width: props.width, height: props.width < 500 ? 170 : 220 });
    }
  }, [props.width]);

  const unit = unitText(props.unit);
  const said = props.names.map((n, i) =>
    `${n}: ${Number.isFinite(props.values[i]) ? formatNumber(props.values[i]) : "none"}`
  ).join(", ");
  return (
    <figure
      class="whatif-chart"
      data-kpi={props.kpi}
      data-values={props.values.map((v) => (Number.isFinite(v) ? v : "")).join(",")}
    >
      <figcaption>
        {props.kpi.replaceAll("_", " ")}
        {unit && <span class="muted">{` (${unit})`}</span>}
        <span class="visually-hidden">{`, ${said}`}</span>
      </figcaption>
      <div class="whatif-plot" ref={host} aria-hidden="true" />
    </figure>
  );
}
