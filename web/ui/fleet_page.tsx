/**
 * The fleet overview: counts by kind and mode, filters, and a card per twin
 * (key values with last-hour sparklines).
 * The filter lives in the query string.
 *
 * @module
 */
import { useEffect, useMemo } from "preact/hooks";
import type { TwinView } from "./api_types.ts";
import { useApp } from "./app_context.ts";
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
import { navigate } from "./route.ts";
import { SparklineContext, SparklineStore } from "./sparkline_store.ts";
import { TwinCard } from "./twin_card.tsx";
import { TwinRow } from "./twin_row.tsx";
import { runtimeNow } from "./value_age.ts";

const NO_KEYS: readonly never[] = [];

function byTone(a: string, b: string): number {
  return TONE_ORDER[modeTone(a)] - TONE_ORDER[modeTone(b)] || a.localeCompare(b);
}

function setFilter(f: FleetFilter): void {
  navigate(`/${filterQuery(f)}`, true);
}

/** The fleet page. */
export function FleetPage(props: { search: string; revision: number }) {
  const { store, kinds, keyPoints } = useApp();
  const filter = parseFilter(props.search);
  const all = useMemo(() => [...store.twins.values()], [store, props.revision]);
  const counts = useMemo(() => countFleet(all), [all]);
  const inKind = useMemo(
    () => (filter.kind ? all.filter((t) => t.kind === filter.kind) : all),
    [all, filter.kind],
  );
  const modeCounts = useMemo(() => countFleet(inKind).byMode, [inKind]);
  const shown = useMemo(() => filterTwins(all, filter), [
    all,
    filter.kind,
    filter.mode,
    filter.q,
  ]);
  const meaningOf = (t: TwinView) => modeMeaning(kinds.get(t.kind), t);
  // Sparklines of the cards on screen: batched history reads, refreshed every minute.
  const spark = useMemo(() => new SparklineStore({ now: () => runtimeNow(store) }), [store]);
  useEffect(() => () => spark.stop(), [spark]);

  return (
    <>
      <section class="summary" aria-labelledby="summary-title">
        <h2 id="summary-title">Fleet</h2>
        <table class="summary-table">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col" class="num">Twins</th>
              <th scope="col">By mode</th>
            </tr>
          </thead>
          <tbody>
            {[...counts.byKind].map(([kind, c]) => (
              <tr key={kind}>
                <th scope="row">
                  <button
                    type="button"
                    class="link-button"
                    onClick={() => setFilter({ kind, q: filter.q, table: filter.table })}
                    title={kinds.get(kind)?.description}
                  >
                    {kind.replaceAll("_", " ")}
                  </button>
                </th>
                <td class="num">{c.total}</td>
                <td>
                  <div class="mode-list">
                    {[...c.byMode.keys()].sort(byTone).map((mode) => (
                      <button
                        key={mode}
                        type="button"
                        class="chip-button"
                        aria-label={`${c.byMode.get(mode)} ${kind} ${modeLabel(mode)}: show them`}
                        onClick={() => setFilter({ kind, mode, q: "", table: filter.table })}
                      >
                        <ModeBadge
                          mode={mode}
                          meaning={kinds.get(kind)?.modes[mode]}
                          count={c.byMode.get(mode)}
                        />
                      </button>
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">all</th>
              <td class="num">{counts.total}</td>
              <td>
                <div class="mode-list">
                  {[...counts.byMode.keys()].sort(byTone).map((mode) => (
                    <ModeBadge key={mode} mode={mode} count={counts.byMode.get(mode)} />
                  ))}
                </div>
              </td>
            </tr>
          </tfoot>
        </table>
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
                  />
                ))}
              </ul>
            </SparklineContext.Provider>
          )}
      </section>
    </>
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
