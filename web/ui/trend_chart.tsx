/**
 * One point's trend drawn by uPlot: the value (bucket means) as a dark grey
 * line, the buckets' min-max as a light band, uncertain samples as amber
 * marks, gaps where samples were bad or missing; times in UTC, the unit on
 * the value axis. Dragging across the plot selects a range to zoom to. The
 * figure carries what it plots as data attributes (rows, live samples,
 * step) and says it in words in its caption.
 *
 * @module
 */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { displayUnit } from "./display_format.ts";
import { latestValue, type TrendSeries } from "./trend_series.ts";
import { cursorReadout, trendSummary } from "./trend_summary.ts";
import { timeTickLabels, valueTickLabels } from "./trend_ticks.ts";

/** Props of {@linkcode TrendChart}. */
export interface TrendChartProps {
  /** Point name. */
  point: string;
  /** Its description. */
  description: string;
  /** Its unit. */
  unit: string;
  /** What to draw; mutated in place by the panel, which bumps `version`. */
  series: TrendSeries;
  /** Grows whenever `series` changed. */
  version: number;
  /** Range shown (epoch ms). */
  from: number;
  /** End of the range shown (epoch ms). */
  to: number;
  /** Chart width in CSS px. */
  width: number;
  /** Zoom to a dragged selection. */
  onZoom(from: number, to: number): void;
  /** Move the range by `deltaMs` (a shift-drag; negative is earlier). */
  onPan(deltaMs: number): void;
}

const LINE = "#3b4a5a";
const BAND = "rgba(59, 74, 90, 0.14)";
const EDGE = "rgba(59, 74, 90, 0.35)";
const UNCERTAIN = "#a15c00";
const AXIS = "#4a4a4a";
const GRID = "#e6e6e6";

function chartHeight(width: number): number {
  return width < 500 ? 150 : 190;
}

function columns(s: TrendSeries): uPlot.AlignedData {
  return [s.ts, s.value, s.min, s.max, s.uncertain] as unknown as uPlot.AlignedData;
}

function options(
  props: TrendChartProps,
  live: Pick<TrendChartProps, "onZoom" | "onPan" | "series">,
  readoutEl: { current: HTMLElement | null },
): uPlot.Options {
  const unit = displayUnit(props.unit);
  return {
    width: props.width,
    height: chartHeight(props.width),
    ms: 1,
    tzDate: (ts) => uPlot.tzDate(new Date(ts), "Etc/UTC"),
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false }, points: { size: 6 } },
    scales: { x: { time: true } },
    axes: [
      {
        stroke: AXIS,
        grid: { stroke: GRID, width: 1 },
        ticks: { stroke: GRID },
        values: (_u, splits, _i, _space, incr) => timeTickLabels(splits, incr),
      },
      {
        stroke: AXIS,
        grid: { stroke: GRID, width: 1 },
        ticks: { stroke: GRID },
        label: unit || undefined,
        labelSize: unit ? 18 : 0,
        size: (_u, values) =>
          Math.max(34, 18 + 8 * Math.max(0, ...(values ?? []).map((v) => v.length))),
        values: (_u, splits, _i, _space, incr) => valueTickLabels(splits, incr),
      },
    ],
    series: [
      {},
      { stroke: LINE, width: 1.5, points: { size: 4, stroke: LINE, fill: LINE } },
      { stroke: EDGE, width: 1, points: { show: false } },
      { stroke: EDGE, width: 1, points: { show: false } },
      {
        stroke: UNCERTAIN,
        width: 0,
        paths: () => null,
        points: { show: true, size: 7, stroke: UNCERTAIN, fill: "#fff", width: 2 },
      },
    ],
    bands: [{ series: [3, 2], fill: BAND }],
    hooks: {
      setSelect: [(u) => {
        const { left, width } = u.select;
        if (width < 4) return;
        const a = u.posToVal(left, "x");
        const b = u.posToVal(left + width, "x");
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        live.onZoom(a, b);
      }],
      setCursor: [(u) => {
        if (readoutEl.current) {
          readoutEl.current.textContent = cursorReadout(live.series, u.cursor.idx, unit);
        }
      }],
    },
  };
}

/** A trend chart of one point. */
export function TrendChart(props: TrendChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const figure = useRef<HTMLElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const readoutEl = useRef<HTMLParagraphElement>(null);
  // The hooks read the latest handler and data without rebuilding the chart.
  const live = useRef({ onZoom: props.onZoom, onPan: props.onPan, series: props.series });
  live.current.onZoom = props.onZoom;
  live.current.onPan = props.onPan;
  live.current.series = props.series;

  useEffect(() => {
    const u = new uPlot(
      options(props, live.current, readoutEl),
      columns(props.series),
      host.current!,
    );
    plot.current = u;
    // Shift-drag pans: the plot moves with the pointer, as a map does. Caught before uPlot's
    // own mousedown (which would start a zoom selection).
    let startX: number | undefined;
    const up = (e: MouseEvent) => {
      if (startX === undefined) return;
      const dx = e.clientX - startX;
      startX = undefined;
      const span = (u.scales.x.max ?? 0) - (u.scales.x.min ?? 0);
      if (Math.abs(dx) >= 3 && span > 0) live.current.onPan((-dx / u.over.clientWidth) * span);
    };
    const down = (e: MouseEvent) => {
      if (!e.shiftKey || e.button !== 0) return;
      e.stopImmediatePropagation();
      e.preventDefault();
      startX = e.clientX;
      addEventListener("mouseup", up, { once: true });
    };
    u.over.addEventListener("mousedown", down, true);
    return () => {
      u.over.removeEventListener("mousedown", down, true);
      removeEventListener("mouseup", up);
      u.destroy();
      plot.current = undefined;
    };
  }, [props.point, props.unit]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    if (u.width !== props.width) {
      u.setSize({ width: props.width, height: chartHeight(props.width) });
    }
    u.batch(() => {
      u.setData(columns(props.series), true);
      u.setScale("x", { min: props.from, max: props.to });
    });
    // What uPlot holds, for tests and for anyone reading the page's markup.
    const el = figure.current!;
    const xs = u.data[0];
    const values = u.data[1] as (number | null)[];
    el.dataset.plotted = String(xs.length);
    el.dataset.values = String(values.filter((v) => v !== null).length);
    el.dataset.last = String(latestValue(props.series) ?? "");
    el.dataset.lastTs = String(xs.length ? xs[xs.length - 1] : "");
  }, [props.version, props.from, props.to, props.width, props.series]);

  const s = props.series;
  const unit = displayUnit(props.unit);
  return (
    <figure
      class="trend"
      ref={figure}
      data-point={props.point}
      data-history-rows={s.historyRows}
      data-live-samples={s.liveSamples}
      data-bucketed={s.bucketed ? "true" : "false"}
      data-step={s.stepMs ?? ""}
    >
      <figcaption>
        <span class="trend-name" title={props.description}>
          {props.point.replaceAll("_", " ")}
          {unit && <span class="muted">{` (${unit})`}</span>}
        </span>
        <span class="visually-hidden">
          {trendSummary(props.point, props.unit, s, props.from, props.to)}
        </span>
      </figcaption>
      <div class="trend-plot" ref={host} aria-hidden="true" />
      <p class="trend-readout muted" ref={readoutEl} aria-hidden="true" />
    </figure>
  );
}
