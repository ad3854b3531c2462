/**
 * A twin's detail page: mode and meaning, its active alarms, all points live
 * with their age, family links, stop/start, the command panel (only the
 * commands the twin's state accepts enabled), recent commands, trends of
 * its points (history joined with live values, trend_panel.tsx), a well's
 * card diagnosis, a pump station's schedules, a cooling site's setpoint proposals, and the source's rich data
 * (dynamometer cards, a register map, active faults),
 * fetched again every few seconds while the page is open and shown with the
 * time it was read.
 *
 * @module
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { getJson } from "./api_client.ts";
import type { CommandRecord, TwinDetail, TwinView } from "./api_types.ts";
import { useApp } from "./app_context.ts";
import { CommandHistory } from "./command_history.tsx";
import { CommandPanel, refusals } from "./command_panel.tsx";
import { mergeRecord } from "./command_records.ts";
import { DetailFacts } from "./detail_facts.tsx";
import { CardDiagnosis, diagnosisOf } from "./card_diagnosis.tsx";
import { DynoCardPlot, isCard } from "./dyno_card_plot.tsx";
import { LifecycleControls } from "./lifecycle_controls.tsx";
import { lazyComponent } from "./lazy_component.tsx";
import { Link } from "./link.tsx";
import { ModeBadge } from "./mode_badge.tsx";
import { modeMeaning } from "./mode_meaning.ts";
import { PointsTable } from "./points_table.tsx";
import { ProcessDisplay } from "./process_display.tsx";
import { isRegisterMap, RegisterMapTable } from "./register_map_table.tsx";
import { twinPageScope } from "./stream_scope.ts";
import { twinPath } from "./route.ts";
import { TwinAlarms } from "./twin_alarms.tsx";
import { runtimeNow } from "./value_age.ts";
import type { AppliedSchedule } from "./schedule_view.ts";

// Panels below the points load their code on first use (uPlot for the
// trends, the solvers' views), so the points come first.
const TrendPanel = lazyComponent(
  "the trends",
  () => import("./trend_panel.tsx").then((m) => m.TrendPanel),
);
const PumpCurvePanel = lazyComponent(
  "the pump curve",
  () => import("./pump_curve_panel.tsx").then((m) => m.PumpCurvePanel),
);
const CoolingSetpoints = lazyComponent(
  "the setpoint proposals",
  () => import("./cooling_setpoints.tsx").then((m) => m.CoolingSetpoints),
);
const StationSchedules = lazyComponent(
  "the schedules",
  () => import("./station_schedules.tsx").then((m) => m.StationSchedules),
);

/**
 * How often the source detail (a card, faults, a register map) and the
 * commands the twin accepts are fetched again while the page is open; the
 * points themselves come live from the stream.
 */
const DETAIL_REFRESH_MS = 2_000;

/** The rod's live position and load, when the twin reports both (a well). */
function rodNow(view: TwinView): { position: number; load: number } | undefined {
  const position = view.points.rod_position?.value;
  const load = view.points.polished_rod_load?.value;
  return typeof position === "number" && typeof load === "number" ? { position, load } : undefined;
}

/** The detail page of twin `id`. */
export function TwinPage(props: { id: string; revision: number }) {
  const { id } = props;
  const { store, kinds, health, boot } = useApp();
  // The detail main.tsx asked for as the bundle started, when it is in: the first render shows it.
  const [early] = useState(() => boot?.takeNow<TwinDetail>(`/api/twins/${encodeURIComponent(id)}`));
  const [detail, setDetail] = useState<TwinDetail | undefined>(early?.body);
  const [records, setRecords] = useState<CommandRecord[]>(early?.body?.commands ?? []);
  const skipFirst = useRef(early !== undefined);
  const [loadError, setLoadError] = useState<{ status: number; message: string } | undefined>();
  const seq = useRef(0);
  // Views from the overview's stream carry a few points; the detail has them all until the
  // twin's own stream is in.
  const live: TwinView | undefined = store.light ? undefined : store.get(id);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    const path = `/api/twins/${encodeURIComponent(id)}`;
    // The first read takes the reply main.tsx asked for as the bundle started (once).
    const r = boot ? await boot.take<TwinDetail>(path) : await getJson<TwinDetail>(path);
    if (mine !== seq.current) return; // a newer request is on its way
    if (r.ok && r.body) {
      setDetail(r.body);
      setRecords(r.body.commands);
      setLoadError(undefined);
    } else setLoadError({ status: r.status, message: r.error ?? "unknown error" });
  }, [id, boot]);

  // Fetch on open (unless the early detail is fresh), and again when the mode or running state changes (faults, maps).
  useEffect(() => {
    if (skipFirst.current) {
      skipFirst.current = false;
      return;
    }
    refresh();
  }, [refresh, live?.mode, live?.running]);

  useEffect(() => {
    const timer = setInterval(() => {
      if (!document.hidden) refresh();
    }, DETAIL_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  // A stream that fell behind skipped command frames: read the records again.
  useEffect(() => store.onResync(() => refresh()), [store, refresh]);

  useEffect(() =>
    store.onCommand((r) => {
      if (r.twin !== id) return;
      setRecords((list) => mergeRecord(list, r));
    }), [store, id]);

  const onSubmitted = useCallback((r: CommandRecord | undefined) => {
    if (r) setRecords((list) => mergeRecord(list, r));
    refresh();
  }, [refresh]);

  // The stream carries this twin and what its page draws of others (children, register map).
  const mapped = detail?.detail?.registerMap;
  const scope = twinPageScope(
    id,
    detail,
    isRegisterMap(mapped) ? mapped.map((r) => r.asset) : [],
  ).join(",");
  const missing = loadError?.status === 404;
  useEffect(() => store.setScope(missing ? undefined : { ids: scope.split(",") }), [
    store,
    scope,
    missing,
  ]);

  const view = live ?? detail;
  if (!view) {
    if (loadError) {
      return (
        <div class="error-box" role="alert">
          <p>{loadError.status === 404 ? `There is no twin "${id}".` : loadError.message}</p>
          <p>
            <Link href="/">Back to the fleet</Link>
          </p>
        </div>
      );
    }
    return <p class="muted">Loading {id}…</p>;
  }
  const kind = kinds.get(view.kind);
  const meaning = modeMeaning(kind, view);
  const extra = detail?.detail ?? undefined;
  const card = extra && isCard(extra.card) ? extra.card : undefined;
  // The Gibbs card (what a live well gives, and what the diagnosis read) before the simulator's own.
  const gibbs = extra && isCard(extra.gibbsDownholeCard) ? extra.gibbsDownholeCard : undefined;
  const downhole = gibbs ?? (extra && isCard(extra.downholeCard) ? extra.downholeCard : undefined);
  const diagnosis = card ? diagnosisOf(view.points, extra) : undefined;
  const registerMap = extra && isRegisterMap(extra.registerMap) ? extra.registerMap : undefined;
  const now = runtimeNow(store);
  // What the twin accepted when the detail was read holds only while it is still in that state.
  const current = detail && detail.mode === view.mode && detail.running === view.running;
  const refused = kind
    ? refusals(
      Object.keys(kind.commands),
      current ? detail.accepts : undefined,
      view.mode,
      view.running,
    )
    : {};

  return (
    <article class="twin-page" data-twin={view.id}>
      <nav class="crumbs" aria-label="Breadcrumb">
        <Link href="/">Fleet</Link>
        {" / "}
        <Link href={`/?kind=${encodeURIComponent(view.kind)}`}>
          {view.kind.replaceAll("_", " ")}
        </Link>
        {view.parent && (
          <>
            {" / "}
            <Link href={twinPath(view.parent)}>{view.parent}</Link>
          </>
        )}
      </nav>
      <header class="twin-head">
        <h2>
          {view.name} <ModeBadge mode={view.mode} meaning={meaning} />
        </h2>
        <p id="mode-meaning">
          <strong>{view.mode.replaceAll("_", " ")}</strong>
          {meaning ? `: ${meaning}` : ""}
        </p>
        <p class="muted">
          {kind?.description ?? view.kind} · id <span class="mono">{view.id}</span> · source{" "}
          {view.source}
        </p>
        {loadError && (
          <p class="outcome-error" role="alert">Could not refresh details: {loadError.message}</p>
        )}
      </header>

      <div class="twin-layout">
        <div class="twin-main">
          <ProcessDisplay view={view} detail={detail} />
          <TwinAlarms id={view.id} />
          <section aria-labelledby="points-title">
            <h3 id="points-title">Points</h3>
            <PointsTable
              view={view}
              specs={kind?.points ?? {}}
              now={now}
              virtual={health?.clock.virtual}
            />
          </section>

          {kind && (
            <section aria-labelledby="trends-title">
              <h3 id="trends-title">Trends</h3>
              <TrendPanel key={view.id} twin={view.id} specs={kind.points} store={store} />
            </section>
          )}

          {card && (
            <section aria-labelledby="card-title">
              <h3 id="card-title">Dynamometer card</h3>
              {diagnosis && <CardDiagnosis {...diagnosis} />}
              <DynoCardPlot
                card={card}
                downhole={downhole}
                downholeLabel={gibbs ? "downhole card (Gibbs)" : undefined}
                now={rodNow(view)}
              />
            </section>
          )}

          {view.kind === "pump_station" && (
            <StationSchedules
              key={view.id}
              id={view.id}
              applied={extra?.schedule as AppliedSchedule | null | undefined}
            />
          )}

          {view.kind === "pump" && (
            <PumpCurvePanel key={view.id} id={view.id} points={view.points} />
          )}

          {view.kind === "cooling_site" && <CoolingSetpoints key={view.id} id={view.id} />}

          {registerMap && (
            <section aria-labelledby="map-title">
              <h3 id="map-title">Register map</h3>
              <RegisterMapTable rows={registerMap} />
            </section>
          )}

          {extra && (
            <DetailFacts
              detail={extra}
              skip={["card", "downholeCard", "gibbsDownholeCard", "diagnosis", "registerMap"]}
              at={detail?.detailAt}
              now={now}
            />
          )}

          {detail && (detail.parent || detail.children.length > 0) && (
            <section aria-labelledby="family-title">
              <h3 id="family-title">Related twins</h3>
              {detail.parent && (
                <p>
                  Part of <Link href={twinPath(detail.parent)}>{detail.parent}</Link>
                </p>
              )}
              {detail.children.length > 0 && (
                <ul class="family">
                  {detail.children.map((c) => {
                    const child = store.get(c);
                    return (
                      <li key={c}>
                        <Link href={twinPath(c)}>{child?.name ?? c}</Link> {child && (
                          <ModeBadge
                            mode={child.mode}
                            meaning={modeMeaning(kinds.get(child.kind), child)}
                          />
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
          )}

          {detail && (
            <details class="params">
              <summary>Parameters</summary>
              <pre>{JSON.stringify(detail.params, null, 2)}</pre>
            </details>
          )}
        </div>

        <div class="twin-side">
          {detail && !detail.parent && (
            <section aria-labelledby="lifecycle-title">
              <h3 id="lifecycle-title">Runtime</h3>
              <LifecycleControls id={view.id} running={view.running} />
            </section>
          )}
          <section aria-labelledby="commands-title">
            <h3 id="commands-title">Commands</h3>
            {kind
              ? (
                <CommandPanel
                  twinId={view.id}
                  commands={kind.commands}
                  records={records}
                  points={view.points}
                  refused={refused}
                  onSubmitted={onSubmitted}
                />
              )
              : <p class="muted">Unknown kind "{view.kind}".</p>}
          </section>
          <section aria-labelledby="history-title">
            <h3 id="history-title">Recent commands</h3>
            <CommandHistory records={records} />
          </section>
        </div>
      </div>
    </article>
  );
}
