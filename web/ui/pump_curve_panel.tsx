/**
 * A pump's curves on its page: head against flow and efficiency against
 * flow, each with the curve fitted to the pump's own operating points
 * (`GET /api/twins/{pump}/curves`), the design curve of its params, the
 * points the fit used, the fitted curve moved to the current speed, and the
 * live operating point as a marker that follows the streamed values.
 *
 * Plain SVG rather than uPlot: these are x-y plots of a few lines and one
 * moving marker, not time series; uPlot's x axis is time-ordered data
 * shared by every series, so lines sampled at different flows and a
 * scatter of points would each need workarounds (its `mode: 2`), while
 * SVG gives one element per line and marker that a test can read. The
 * dynamometer card (dyno_card_plot.tsx) is drawn the same way, with the
 * same axes (plot_scale.ts). Styles are inline so the panel needs nothing
 * of the shared stylesheet.
 *
 * @module
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { getJson } from "./api_client.ts";
import { niceAxis, scale, tickLabel } from "./plot_scale.ts";
import {
  coefficientText,
  efficiencyEquation,
  fittedRunout,
  headEquation,
  operatingPoint,
  type OperatingPointView,
  polynomial,
  powerHead,
  type PumpCurvesView,
  sampleCurve,
  type XY,
} from "./pump_curve_view.ts";

/** How often the fit is read again while the page is open (points accumulate slowly). */
const REFRESH_MS = 5_000;

const W = 420, H = 260;
const M = { left: 48, right: 12, top: 12, bottom: 40 };

const COLORS = {
  fit: "#1f6feb",
  design: "#6e7781",
  speed: "#8250df",
  dot: "#57606a",
  op: "#d9480f",
};

/** One line of a plot. */
interface Line {
  id: string;
  label: string;
  xy: XY;
  color: string;
  dash?: string;
  width?: number;
  data?: Record<string, string | number>;
}

/** Props of {@linkcode CurvePlot}. */
interface CurvePlotProps {
  id: string;
  title: string;
  yLabel: string;
  lines: Line[];
  dots: XY;
  marker?: { x: number; y: number; text: string };
  xMax: number;
  yMax: number;
}

function path(xy: XY, px: (v: number) => number, py: (v: number) => number): string {
  return xy.map(([x, y], i) => `${i ? "L" : "M"}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join("");
}

/** One x-y plot against flow; lines are drawn last first, so the first (design) lies on top. */
function CurvePlot(props: CurvePlotProps) {
  const xa = niceAxis(0, props.xMax), ya = niceAxis(0, props.yMax);
  const px = (v: number) => scale(v, xa.lo, xa.hi, M.left, W - M.right);
  const py = (v: number) => scale(v, ya.lo, ya.hi, H - M.bottom, M.top);
  const { marker } = props;
  return (
    <figure class="plot" style={{ margin: "0 0 0.75rem" }}>
      <svg id={props.id} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title}>
        <title>{props.title}</title>
        {xa.ticks.map((t) => (
          <g key={`x${t}`}>
            <line x1={px(t)} x2={px(t)} y1={M.top} y2={H - M.bottom} stroke="#eaeef2" />
            <text x={px(t)} y={H - M.bottom + 14} text-anchor="middle" font-size="10">
              {tickLabel(t, xa.step)}
            </text>
          </g>
        ))}
        {ya.ticks.map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={W - M.right} y1={py(t)} y2={py(t)} stroke="#eaeef2" />
            <text x={M.left - 5} y={py(t) + 3} text-anchor="end" font-size="10">
              {tickLabel(t, ya.step)}
            </text>
          </g>
        ))}
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} stroke="#57606a" />
        <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} stroke="#57606a" />
        <text x={(M.left + W - M.right) / 2} y={H - 6} text-anchor="middle" font-size="11">
          Flow (L/s)
        </text>
        <text
          x={12}
          y={(M.top + H - M.bottom) / 2}
          text-anchor="middle"
          font-size="11"
          transform={`rotate(-90 12 ${(M.top + H - M.bottom) / 2})`}
        >
          {props.yLabel}
        </text>
        {props.dots.map(([x, y], i) => (
          <circle
            key={i}
            class="curve-data"
            cx={px(x)}
            cy={py(y)}
            r={2.5}
            fill={COLORS.dot}
            opacity={0.55}
          />
        ))}
        {[...props.lines].reverse().map((l) => (
          <path
            key={l.id}
            id={l.id}
            d={path(l.xy, px, py)}
            fill="none"
            stroke={l.color}
            stroke-width={l.width ?? 2}
            stroke-dasharray={l.dash}
            data-points={l.xy.length}
            {...l.data}
          >
            <title>{l.label}</title>
          </path>
        ))}
        {marker && (
          <circle
            id={`${props.id}-op`}
            class="operating-point"
            cx={px(marker.x)}
            cy={py(marker.y)}
            r={6}
            fill={COLORS.op}
            stroke="#fff"
            stroke-width={2}
            data-flow={marker.x}
            data-y={marker.y}
          >
            <title>{marker.text}</title>
          </circle>
        )}
      </svg>
      <figcaption style={{ fontSize: "0.85rem", display: "flex", gap: "0.9rem", flexWrap: "wrap" }}>
        {props.lines.map((l) => (
          <span key={l.id} style={{ color: l.color }}>
            {l.dash ? "┄" : "━"} {l.label}
          </span>
        ))}
        {props.dots.length > 0 && <span style={{ color: COLORS.dot }}>● points fitted</span>}
        {marker && <span style={{ color: COLORS.op }}>● operating point</span>}
      </figcaption>
    </figure>
  );
}

/** Props of {@linkcode PumpCurvePanel}. */
export interface PumpCurvePanelProps {
  /** Pump twin id. */
  id: string;
  /** The twin's live points (from the stream). */
  points: Record<string, { value: unknown } | undefined>;
}

/** The Curves section of a pump's page. */
export function PumpCurvePanel(props: PumpCurvePanelProps) {
  const { id } = props;
  const [curves, setCurves] = useState<PumpCurvesView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    const r = await getJson<PumpCurvesView>(`/api/twins/${encodeURIComponent(id)}/curves`);
    if (mine !== seq.current) return;
    if (r.ok && r.body) {
      setCurves(r.body);
      setError(undefined);
    } else setError(r.error ?? "could not read the curves");
  }, [id]);

  useEffect(() => {
    refresh();
    const timer = setInterval(() => {
      if (!document.hidden) refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const op: OperatingPointView | undefined = operatingPoint(props.points);
  return (
    <section aria-labelledby="curves-title" id="pump-curves">
      <h3 id="curves-title">Pump curves</h3>
      {error && <p class="outcome-error" role="alert">{error}</p>}
      {curves ? <CurvesBody curves={curves} op={op} /> : !error && <p class="muted">Loading…</p>}
    </section>
  );
}

function CurvesBody(props: { curves: PumpCurvesView; op?: OperatingPointView }) {
  const { curves, op } = props;
  const { fit, design } = curves;
  const s = op ? op.speedPct / 100 : 1;
  const moved = op !== undefined && Math.abs(s - 1) > 0.01;
  const designRunout = design ? design.head[design.head.length - 1].flow_lps : 0;
  const dataMax = curves.points.reduce((m, p) => Math.max(m, p.flow_lps), 0);
  const headRunout = fit ? fittedRunout(fit.head, Math.max(designRunout, dataMax)) : 0;
  const xMax = Math.max(
    designRunout,
    Math.min(headRunout, 2 * Math.max(designRunout, dataMax)),
    dataMax,
    op?.flowLps ?? 0,
    1,
  ) * 1.05;

  const headLines: Line[] = [];
  const effLines: Line[] = [];
  if (design) {
    headLines.push({
      id: "design-head",
      label: "design",
      xy: design.head.map((p) => [p.flow_lps, p.head_m]),
      color: COLORS.design,
      dash: "6 4",
      width: 1.5,
    });
    effLines.push({
      id: "design-efficiency",
      label: "design",
      xy: design.efficiency.map((p) => [p.flow_lps, p.efficiency_pct]),
      color: COLORS.design,
      dash: "6 4",
      width: 1.5,
    });
  }
  if (fit) {
    const head = (q: number) => powerHead(fit.head, q);
    headLines.push({
      id: "fit-head",
      label: "fitted",
      xy: sampleCurve(head, 0, Math.min(xMax, headRunout)),
      color: COLORS.fit,
      width: 3,
      data: { "data-a": fit.head.a, "data-b": fit.head.b, "data-c": fit.head.c },
    });
    if (moved) {
      headLines.push({
        id: "fit-head-speed",
        label: `fitted, at ${Math.round(op!.speedPct)} % speed`,
        xy: sampleCurve(head, 0, Math.min(xMax, headRunout * s), s),
        color: COLORS.speed,
        width: 1.5,
        dash: "2 3",
      });
    }
    const e = fit.efficiency;
    if (e) {
      // Efficiency only over the flows it was fitted on: a polynomial extrapolates badly.
      const [lo, hi] = fit.flow_range_lps;
      const eff = (q: number) => polynomial(e.coefficients, q);
      effLines.push({
        id: "fit-efficiency",
        label: "fitted",
        xy: sampleCurve(eff, lo, hi, 1, "efficiency"),
        color: COLORS.fit,
        width: 3,
        data: { "data-coefficients": e.coefficients.join(" ") },
      });
      if (moved) {
        effLines.push({
          id: "fit-efficiency-speed",
          label: `fitted, at ${Math.round(op!.speedPct)} % speed`,
          xy: sampleCurve(eff, lo * s, hi * s, s, "efficiency"),
          color: COLORS.speed,
          width: 1.5,
          dash: "2 3",
        });
      }
    }
  }
  const headMax = Math.max(
    ...headLines.flatMap((l) => l.xy.map(([, y]) => y)),
    ...curves.points.map((p) => p.head_m),
    op?.headM ?? 0,
    1,
  ) * 1.05;
  const opText = op
    ? `Now: ${op.flowLps.toFixed(1)} L/s, ${op.headM.toFixed(1)} m` +
      (op.efficiencyPct !== undefined ? `, ${op.efficiencyPct.toFixed(1)} %` : "") +
      ` at ${op.speedPct.toFixed(0)} % speed`
    : "";
  const effDots: XY = curves.points.filter((p) => p.efficiency_pct !== null)
    .map((p) => [p.flow_lps, p.efficiency_pct!]);

  return (
    <>
      {fit
        ? (
          <div id="curve-fit" style={{ fontSize: "0.9rem" }}>
            <p
              id="curve-fit-head"
              data-a={fit.head.a}
              data-b={fit.head.b}
              data-c={fit.head.c}
            >
              Head (fitted, nominal speed): <span class="mono">{headEquation(fit.head)}</span> · R²
              {" "}
              {fit.head.r2.toFixed(4)} · RMSE {coefficientText(fit.head.rmse)} m · {fit.head.n}{" "}
              points · head falls with flow:{" "}
              {fit.head.check.ok ? "yes" : `no (${fit.head.check.reason})`}
            </p>
            {fit.efficiency && (
              <p id="curve-fit-efficiency">
                Efficiency:{" "}
                <span class="mono">{efficiencyEquation(fit.efficiency.coefficients)}</span> · R²
                {" "}
                {fit.efficiency.r2.toFixed(4)} · RMSE {coefficientText(fit.efficiency.rmse)}{" "}
                % · one peak: {fit.efficiency.check.ok
                  ? `yes${
                    fit.efficiency.check.peak_flow_lps !== null
                      ? `, at ${fit.efficiency.check.peak_flow_lps.toFixed(1)} L/s`
                      : ""
                  }`
                  : `no (${fit.efficiency.check.reason})`}
              </p>
            )}
          </div>
        )
        : <p id="curve-no-fit" class="muted">No fitted curve yet: {curves.reason}</p>}
      <p id="curve-operating-point" class="muted" aria-live="polite">
        {op ? `${opText}.` : "The pump is not turning."}{" "}
        Flows in L/s; curves and points at nominal speed (samples scaled by the affinity laws).
      </p>
      <div style={{ display: "flex", flexWrap: "wrap", gap: "1rem" }}>
        <CurvePlot
          id="curve-head"
          title="Head against flow"
          yLabel="Head (m)"
          lines={headLines}
          dots={curves.points.map((p) => [p.flow_lps, p.head_m])}
          marker={op && { x: op.flowLps, y: op.headM, text: opText }}
          xMax={xMax}
          yMax={headMax}
        />
        <CurvePlot
          id="curve-efficiency"
          title="Efficiency against flow"
          yLabel="Efficiency (%)"
          lines={effLines}
          dots={effDots}
          marker={op && op.efficiencyPct !== undefined
            ? { x: op.flowLps, y: op.efficiencyPct, text: opText }
            : undefined}
          xMax={xMax}
          yMax={100}
        />
      </div>
    </>
  );
}
