/**
 * The trends on a twin's page: a chart per chosen point over a shared time
 * range. History is read from `GET /api/history` at a resolution that fits
 * the range and the chart's width; while the range ends at now, the live
 * values the stream brings are appended as they arrive (those seen while
 * history was being read are joined at the seam). Range presets, zoom
 * (drag across a chart, or the buttons) and pan (the buttons) read history
 * again; every control is a button, so the keyboard does everything the
 * mouse does.
 *
 * @module
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { getJson } from "./api_client.ts";
import type { PointSpec } from "./api_types.ts";
import type { LiveStore } from "./live_store.ts";
import { formatClock } from "./display_format.ts";
import { TrendChart } from "./trend_chart.tsx";
import { defaultTrendPoints, MAX_TREND_POINTS, trendablePoints } from "./trend_points.ts";
import {
  chooseStep,
  historyPath,
  panBy,
  presetOf,
  rangeBounds,
  rangeSpan,
  rereadAfter,
  TREND_PRESETS,
  type TrendRange,
  zoomBy,
  zoomTo,
} from "./trend_range.ts";
import {
  appendLive,
  emptySeries,
  type HistoryAnswer,
  joinLive,
  type LiveSample,
  seriesFromHistory,
  type TrendSeries,
  trimBefore,
} from "./trend_series.ts";
import { stepWords } from "./trend_summary.ts";
import { runtimeNow } from "./value_age.ts";

/** Props of {@linkcode TrendPanel}. */
export interface TrendPanelProps {
  /** Twin id. */
  twin: string;
  /** Its kind's points. */
  specs: Record<string, PointSpec>;
  /** The live store (values and the runtime clock). */
  store: LiveStore;
}

type Load =
  | { state: "loading" }
  | { state: "ready"; resolution: string; step: number | null }
  | { state: "no-history"; message: string }
  | { state: "error"; message: string };

/** The trends section body. */
export function TrendPanel(props: TrendPanelProps) {
  const { twin, specs, store } = props;
  const [points, setPoints] = useState(() => defaultTrendPoints(specs));
  const [range, setRange] = useState<TrendRange>({ live: true, spanMs: TREND_PRESETS[0].spanMs });
  const [width, setWidth] = useState(0);
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [version, setVersion] = useState(0);
  const [fetches, setFetches] = useState(0);
  /** Grows to read a live bucketed range again (its live tail is raw samples). */
  const [reread, setReread] = useState(0);
  const readAt = useRef(0);
  const rereading = useRef(false);
  const [bounds, setBounds] = useState<{ from: number; to: number } | undefined>();
  const series = useRef(new Map<string, TrendSeries>());
  /** Live samples seen since the current read of history began, joined when it answers. */
  const pending = useRef<Map<string, LiveSample[]> | undefined>(undefined);
  const lastTs = useRef(new Map<string, number>());
  const seq = useRef(0);
  const body = useRef<HTMLDivElement>(null);
  const frame = useRef(0);

  useEffect(() => setPoints(defaultTrendPoints(specs)), [twin, specs]);

  // Measure the chart width, and follow the page's.
  useEffect(() => {
    const el = body.current!;
    // The chart fills the figure inside its border and padding.
    const measure = () => setWidth(Math.max(200, Math.floor(el.clientWidth) - 18));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const stepMs = width ? chooseStep(rangeSpan(range), width) : undefined;
  // Before the stream's first frames the runtime's time is unknown; read history once it is.
  const timeKnown = runtimeNow(store) > 0;
  const pointsKey = points.join(",");

  const redraw = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setVersion((v) => v + 1);
    });
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // Read history for the range, the points and the step.
  useEffect(() => {
    if (!width) return;
    if (points.length === 0) {
      series.current = new Map();
      setLoad({ state: "ready", resolution: "", step: null });
      return;
    }
    const now = runtimeNow(store);
    if (!now) return; // the first frames of the stream bring the runtime's time
    const mine = ++seq.current;
    const { from, to } = rangeBounds(range, now);
    // Collect what the stream brings meanwhile, starting from each point's value now.
    const seen = new Map<string, LiveSample[]>();
    const view = store.get(twin);
    for (const p of points) {
      const pt = view?.points[p];
      seen.set(p, pt && pt.ts ? [{ ts: pt.ts, value: pt.value, quality: pt.quality }] : []);
      lastTs.current.set(p, pt?.ts ?? 0);
    }
    pending.current = range.live ? seen : undefined;
    // A re-read of the same range keeps the charts as they are until it answers.
    if (!rereading.current) setLoad({ state: "loading" });
    rereading.current = false;
    readAt.current = now;
    setFetches((n) => n + 1);
    getJson<HistoryAnswer>(historyPath(twin, points, from, to, stepMs)).then((r) => {
      if (mine !== seq.current) return; // a newer read is on its way
      const next = new Map<string, TrendSeries>();
      const live = pending.current;
      pending.current = undefined;
      if (r.ok && r.body) {
        for (const s of r.body.series) {
          const joined = seriesFromHistory(r.body, s);
          next.set(s.point, live ? joinLive(joined, live.get(s.point) ?? []) : joined);
        }
        setLoad({ state: "ready", resolution: r.body.resolution, step: r.body.step });
      } else if (r.status === 404) {
        for (const p of points) next.set(p, joinLive(emptySeries(), live?.get(p) ?? []));
        setLoad({ state: "no-history", message: r.error ?? "no history" });
      } else {
        setLoad({ state: "error", message: r.error ?? `HTTP ${r.status}` });
      }
      series.current = next;
      setBounds({ from, to });
      redraw();
    });
  }, [twin, pointsKey, range, stepMs, store, timeKnown, width > 0, reread]);

  // Append live samples while the range ends at now, and slide the range along.
  useEffect(() => {
    if (!range.live) return;
    return store.subscribe(() => {
      const view = store.get(twin);
      if (!view) return;
      let changed = false;
      for (const p of points) {
        const pt = view.points[p];
        if (!pt || !pt.ts) continue;
        const sample = { ts: pt.ts, value: pt.value, quality: pt.quality };
        const before = lastTs.current.get(p) ?? 0;
        if (pt.ts < before) continue;
        lastTs.current.set(p, pt.ts);
        const waiting = pending.current?.get(p);
        if (waiting) {
          waiting.push(sample);
          continue;
        }
        const s = series.current.get(p);
        if (s && appendLive(s, sample)) changed = true;
      }
      const now = runtimeNow(store);
      // A bucketed range is read again now and then, so its live tail turns into buckets.
      if (stepMs !== undefined && readAt.current && now - readAt.current >= rereadAfter(stepMs)) {
        readAt.current = now;
        rereading.current = true;
        setReread((n) => n + 1);
      }
      if (now) {
        const from = now - range.spanMs;
        for (const s of series.current.values()) trimBefore(s, from);
        setBounds((b) => (b && b.to === now ? b : { from, to: now }));
      }
      if (changed) redraw();
    });
  }, [store, twin, pointsKey, range, stepMs]);

  const zoom = useCallback((from: number, to: number) => setRange(zoomTo(from, to)), []);
  const pan = useCallback(
    (deltaMs: number) => setRange((r) => panBy(r, deltaMs / rangeSpan(r), runtimeNow(store))),
    [store],
  );
  const now = () => runtimeNow(store);
  const preset = presetOf(range);
  const choices = useMemo(() => trendablePoints(specs), [specs]);
  const shown = bounds ?? rangeBounds(range, runtimeNow(store));

  return (
    <div
      class="trends"
      ref={body}
      data-fetches={fetches}
      data-state={load.state}
      data-resolution={load.state === "ready" ? load.resolution : ""}
      data-step={stepMs ?? "raw"}
      data-from={shown.from}
      data-to={shown.to}
      data-live={range.live ? "true" : "false"}
    >
      <div class="trend-controls">
        <div class="chips" role="group" aria-label="Time range">
          {TREND_PRESETS.map((p) => (
            <button
              key={p.label}
              type="button"
              class="chip"
              aria-pressed={preset === p}
              onClick={() => setRange({ live: true, spanMs: p.spanMs })}
            >
              {p.label}
            </button>
          ))}
        </div>
        <div class="chips" role="group" aria-label="Move and zoom">
          <button type="button" class="chip" onClick={() => setRange(panBy(range, -0.5, now()))}>
            ◀ Earlier
          </button>
          <button
            type="button"
            class="chip"
            disabled={range.live}
            onClick={() => setRange(panBy(range, 0.5, now()))}
          >
            Later ▶
          </button>
          <button type="button" class="chip" onClick={() => setRange(zoomBy(range, 0.5, now()))}>
            Zoom in
          </button>
          <button type="button" class="chip" onClick={() => setRange(zoomBy(range, 2, now()))}>
            Zoom out
          </button>
          <button
            type="button"
            class="chip"
            disabled={range.live}
            onClick={() => setRange({ live: true, spanMs: rangeSpan(range) })}
          >
            Live
          </button>
        </div>
      </div>
      <p class="trend-range muted">
        <time>{formatClock(shown.from)}</time> – <time>{formatClock(shown.to)}</time> UTC
        {" · "}
        {stepMs === undefined ? "recorded samples" : `${stepWords(stepMs)} buckets, min–max band`}
        {range.live ? " · live" : ""}
        {" · drag across a chart to zoom, shift-drag to move"}
      </p>
      <p class="muted trend-status" role="status">
        {load.state === "loading" && "Reading history…"}
        {load.state === "no-history" &&
          "This plant records no history: the charts show the live values since this page opened."}
      </p>
      {load.state === "error" && (
        <p class="outcome-error" role="alert">
          Could not read history: {load.message}{" "}
          <button type="button" onClick={() => setRange({ ...range })}>Try again</button>
        </p>
      )}
      {choices.length === 0 && <p class="muted">This kind has no numeric points to chart.</p>}
      {choices.length > 0 && points.length === 0 && (
        <p class="muted">No point chosen: tick some under Points shown.</p>
      )}
      {width > 0 && bounds && points.map((p) => (
        <TrendChart
          key={p}
          point={p}
          description={specs[p]?.description ?? ""}
          unit={specs[p]?.unit ?? ""}
          series={series.current.get(p) ?? emptySeries()}
          version={version}
          from={bounds.from}
          to={bounds.to}
          width={width}
          onZoom={zoom}
          onPan={pan}
        />
      ))}
      <details class="trend-picker">
        <summary>Points shown ({points.length} of {choices.length})</summary>
        <fieldset>
          <legend class="visually-hidden">Points to chart, at most {MAX_TREND_POINTS}</legend>
          {choices.map((p) => {
            const on = points.includes(p);
            return (
              <label key={p} title={specs[p].description}>
                <input
                  type="checkbox"
                  name="trend-point"
                  value={p}
                  checked={on}
                  disabled={!on && points.length >= MAX_TREND_POINTS}
                  onChange={() =>
                    setPoints((list) =>
                      on
                        ? list.filter((x) => x !== p)
                        : choices.filter((c) => c === p || list.includes(c))
                    )}
                />{" "}
                {p.replaceAll("_", " ")}
              </label>
            );
          })}
        </fieldset>
      </details>
    </div>
  );
}
