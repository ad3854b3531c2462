/**
 * The overview, the page an operator lands on (ISA-101: overview first,
 * grey where all is well, colour only for what is abnormal): plant figures
 * by asset kind with their modes, the twins that need attention, then a
 * card per twin (key values with last-hour sparklines), abnormal twins
 * first. The filter lives in the query string.
 *
 * @module
 */
import { useEffect, useMemo } from "preact/hooks";
import type { TwinView } from "./api_types.ts";
import { useApp } from "./app_context.ts";
import { fleetKpis } from "./fleet_kpis.ts";
import { Link } from "./link.tsx";
import { abnormalFirst, alarmsByTwin, type Concern, twinConcern } from "./twin_concern.ts";
import {
  countFleet,
  filterQuery,
  filterTwins,
  type FleetFilter,
  isFiltered,
  parseFilter,
} from "./fleet_filter.ts";
import { ModeBadge } from "./mode_badge.tsx";
import { modeMeaning } from "./mode_meaning.ts";
import { modeLabel, modeTone, TONE_ORDER } from "./mode_tone.ts";
import { navigate, twinPath } from "./route.ts";
import { SparklineContext, SparklineStore } from "./sparkline_store.ts";
import { TwinCard } from "./twin_card.tsx";
import { TwinRow } from "./twin_row.tsx";
import { runtimeNow } from "./value_age.ts";

const NO_KEYS: readonly never[] = [];
const NO_ALARMS: readonly never[] = [];

/** Twins listed under "Needs attention" before the list says how many more. */
const ATTENTION_MAX = 12;

function byTone(a: string, b: string): number {
  return TONE_ORDER[modeTone(a)] - TONE_ORDER[modeTone(b)] || a.localeCompare(b);
}

function setFilter(f: FleetFilter): void {
  navigate(`/${filterQuery(f)}`, true);
}

/** The fleet page. */
export function FleetPage(props: { search: string; revision: number }) {
  const { store, alarms, kinds, keyPoints } = useApp();
  const filter = parseFilter(props.search);
  const all = useMemo(() => [...store.twins.values()], [store, props.revision]);
  const counts = useMemo(() => countFleet(all), [all]);
  const inKind = useMemo(
    () => (filter.kind ? all.filter((t) => t.kind === filter.kind) : all),
    [all, filter.kind],
  );
  const modeCounts = useMemo(() => countFleet(inKind).byMode, [inKind]);
  const kpis = useMemo(() => fleetKpis(all), [all]);
  const concerns = useMemo(() => {
    const byTwin = alarmsByTwin(alarms.list());
    const out = new Map<string, Concern>();
    for (const t of all) {
      out.set(
        t.id,
        twinConcern(t, byTwin.get(t.id) ?? NO_ALARMS, keyPoints.get(t.kind) ?? NO_KEYS),
      );
    }
    return out;
  }, [all, alarms.revision, keyPoints]);
  const attention = useMemo(
    () =>
      abnormalFirst(all.map((t) => ({ t, concern: concerns.get(t.id)! })))
        .filter((x) => x.concern.reasons.length > 0),
    [concerns],
  );
  const shown = useMemo(
    () =>
      abnormalFirst(filterTwins(all, filter).map((t) => ({ t, concern: concerns.get(t.id)! })))
        .map((x) => x.t),
    [all, concerns, filter.kind, filter.mode, filter.q],
  );
  const meaningOf = (t: TwinView) => modeMeaning(kinds.get(t.kind), t);
  // Sparklines of the cards on screen: batched history reads, refreshed every minute.
  const spark = useMemo(() => new SparklineStore({ now: () => runtimeNow(store) }), [store]);
  useEffect(() => () => spark.stop(), [spark]);

  return (
    <div class="fleet-overview">
      <section class="summary overview" aria-labelledby="summary-title">
        <div class="overview-head">
          <h2 id="summary-title">Plant overview</h2>
          <span class="muted">
            {counts.total} twins ·{" "}
            <span id="abnormal-count">
              {attention.length === 0 ? "all normal" : `${attention.length} need attention`}
            </span>
          </span>
          <Link href="/wall" class="wall-link">Wall display</Link>
        </div>
        <div class="kpi-panels">
          {kpis.map((k) => (
            <section
              key={k.kind}
              class="kpi-panel"
              data-kind={k.kind}
              aria-label={`${k.kind.replaceAll("_", " ")}: ${k.total}`}
            >
              <h3 class="kpi-kind">
                <button
                  type="button"
                  class="link-button"
                  onClick={() => setFilter({ kind: k.kind, q: filter.q, table: filter.table })}
                  title={kinds.get(k.kind)?.description}
                >
                  {k.kind.replaceAll("_", " ")}
                </button>{" "}
                <span class="kpi-total">{k.total}</span>
              </h3>
              <dl class="kpi-list">
                {k.kpis.map((x) => (
                  <div
                    key={x.label}
                    data-kpi={x.label}
                    class={x.short ? "kpi-short" : undefined}
                    title={x.at
                      ? `highest: ${x.at}`
                      : x.missing
                      ? `${x.missing} without a value`
                      : undefined}
                  >
                    <dt>{x.label}</dt>
                    <dd>{x.text}</dd>
                  </div>
                ))}
              </dl>
              <div class="mode-list">
                {[...(counts.byKind.get(k.kind)?.byMode.keys() ?? [])].sort(byTone).map((
                  mode,
                ) => (
                  <button
                    key={mode}
                    type="button"
                    class="chip-button"
                    aria-label={`${counts.byKind.get(k.kind)!.byMode.get(mode)} ${k.kind} ${
                      modeLabel(mode)
                    }: show them`}
                    onClick={() => setFilter({ kind: k.kind, mode, q: "", table: filter.table })}
                  >
                    <ModeBadge
                      mode={mode}
                      meaning={kinds.get(k.kind)?.modes[mode]}
                      count={counts.byKind.get(k.kind)!.byMode.get(mode)}
                    />
                  </button>
                ))}
              </div>
            </section>
          ))}
        </div>
        {attention.length > 0 && (
          <section class="attention" aria-labelledby="attention-title">
            <h3 id="attention-title">Needs attention</h3>
            <ol class="attention-list">
              {attention.slice(0, ATTENTION_MAX).map(({ t, concern }) => (
                <li key={t.id} class={`concern-${concern.tone}`} data-twin={t.id}>
                  <Link href={twinPath(t.id)}>{t.name}</Link>{" "}
                  <span class="attention-why">{concern.reasons.join(" · ")}</span>
                </li>
              ))}
            </ol>
            {attention.length > ATTENTION_MAX && (
              <p class="muted">
                and {attention.length - ATTENTION_MAX} more, first in the grid below
              </p>
            )}
          </section>
        )}
      </section>

      <section aria-labelledby="twins-title">
        <h2 id="twins-title">Twins</h2>
        <div class="filters" role="search">
          <div class="chips" role="group" aria-label="Filter by kind">
            <FilterChip
              label="all kinds"
              count={counts.total}
              pressed={!filter.kind}
              onClick={() => setFilter({ ...filter, kind: undefined, mode: undefined })}
            />
            {[...counts.byKind].map(([kind, c]) => (
              <FilterChip
                key={kind}
                label={kind.replaceAll("_", " ")}
                count={c.total}
                pressed={filter.kind === kind}
                onClick={() => setFilter({ ...filter, kind, mode: undefined })}
              />
            ))}
          </div>
          <div class="chips" role="group" aria-label="Filter by mode">
            <FilterChip
              label="all modes"
              count={inKind.length}
              pressed={!filter.mode}
              onClick={() => setFilter({ ...filter, mode: undefined })}
            />
            {[...modeCounts.keys()].sort(byTone).map((mode) => (
              <FilterChip
                key={mode}
                label={modeLabel(mode)}
                count={modeCounts.get(mode)!}
                tone={modeTone(mode)}
                pressed={filter.mode === mode}
                onClick={() => setFilter({ ...filter, mode })}
              />
            ))}
            {filter.mode && !modeCounts.has(filter.mode) && (
              <FilterChip
                label={modeLabel(filter.mode)}
                count={0}
                tone={modeTone(filter.mode)}
                pressed
                onClick={() => setFilter({ ...filter, mode: undefined })}
              />
            )}
          </div>
          <div class="search-row">
            <label for="twin-search">Search</label>
            <input
              id="twin-search"
              type="search"
              placeholder="id or name"
              autocomplete="off"
              value={filter.q}
              onInput={(e) => setFilter({ ...filter, q: e.currentTarget.value })}
            />
            <span class="muted" role="status" id="twin-count">
              {shown.length === all.length
                ? `${all.length} twins`
                : `${shown.length} of ${all.length} twins`}
            </span>
            {isFiltered(filter) && (
              <button
                type="button"
                onClick={() => setFilter({ q: "", table: filter.table })}
              >
                Clear filters
              </button>
            )}
            <span class="view-toggle" role="group" aria-label="Show as">
              <button
                type="button"
                class="chip"
                aria-pressed={!filter.table}
                onClick={() => setFilter({ ...filter, table: undefined })}
              >
                cards
              </button>
              <button
                type="button"
                class="chip"
                aria-pressed={!!filter.table}
                onClick={() => setFilter({ ...filter, table: true })}
              >
                table
              </button>
            </span>
          </div>
        </div>
        {all.length === 0
          ? <p class="muted">Waiting for the first snapshot from the server…</p>
          : shown.length === 0
          ? <p class="muted">No twin matches the filter.</p>
          : filter.table
          ? (
            <div class="table-scroll">
              <table class="data-table fleet-table" aria-label="Twins">
                <thead>
                  <tr>
                    <th scope="col">Twin</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Mode</th>
                    <th scope="col">Key values</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((t) => (
                    <TwinRow
                      key={t.id}
                      twin={t}
                      keys={keyPoints.get(t.kind) ?? NO_KEYS}
                      meaning={meaningOf(t)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )
          : (
            <SparklineContext.Provider value={spark}>
              <ul class="grid" aria-label="Twins">
                {shown.map((t) => (
                  <TwinCard
                    key={t.id}
                    twin={t}
                    keys={keyPoints.get(t.kind) ?? NO_KEYS}
                    meaning={meaningOf(t)}
                    concern={concerns.get(t.id)}
                  />
                ))}
              </ul>
            </SparklineContext.Provider>
          )}
      </section>
    </div>
  );
}

function FilterChip(
  props: { label: string; count: number; pressed: boolean; tone?: string; onClick: () => void },
) {
  return (
    <button
      type="button"
      class="chip"
      aria-pressed={props.pressed}
      onClick={props.onClick}
    >
      {props.tone && <span class={`dot dot-${props.tone}`} aria-hidden="true" />}
      {props.label} <span class="chip-count">{props.count}</span>
    </button>
  );
}
