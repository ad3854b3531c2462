/**
 * The alarm list (`/alarms`): tabs for active, shelved, suppressed, out of
 * service and all alarms; filters by priority, twin and state (kept in the
 * address); a row per alarm with its actions; and a multi-select
 * acknowledge through `POST /api/alarms/ack`. The active tab is live from
 * the alarm store; the outcome of the last action stays on the page even
 * when the alarm has left the list, and so does the keyboard focus: when an
 * acted-on row leaves, the focus moves to the table, not the page.
 *
 * @module
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { postJson } from "./api_client.ts";
import type { AlarmState, BulkAckReply, Priority } from "./api_types.ts";
import { type ActionOutcome, outcomeText } from "./alarm_action_panel.tsx";
import {
  type AlarmListQuery,
  filterAlarms,
  listQueryString,
  parseListQuery,
  TABS,
  tabStates,
} from "./alarm_list_query.ts";
import { needsAck, PRIORITIES, PRIORITY_MARK, stateLabel } from "./alarm_labels.ts";
import { ALARM_COLUMNS, AlarmRow } from "./alarm_row.tsx";
import { useApp } from "./app_context.ts";
import { navigate } from "./route.ts";
import { TwinIdList } from "./twin_id_list.tsx";
import { useAlarmList } from "./use_alarm_list.ts";

/** Rows drawn at first; more on request (the "all" tab holds every alarm of the plant). */
const PAGE_ROWS = 300;

function setQuery(q: AlarmListQuery): void {
  navigate(`/alarms${listQueryString(q)}`, true);
}

function toggle<T>(list: readonly T[], x: T): T[] {
  return list.includes(x) ? list.filter((y) => y !== x) : [...list, x];
}

/** The alarm list page. */
export function AlarmListPage(props: { search: string }) {
  const { alarms } = useApp();
  const q = parseListQuery(props.search);
  const tab = useAlarmList(q.tab, alarms);
  const standing = alarms.standing();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkComment, setBulkComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ text: string; error: boolean } | undefined>();
  const [rows, setRows] = useState(PAGE_ROWS);

  const priorityKey = q.priorities.join(",");
  const stateKey = q.states.join(",");
  // Counts by priority ignore the priority filter, so every chip tells what it would show.
  const beforePriority = useMemo(
    () => filterAlarms(tab.list, { ...q, priorities: [] }),
    [tab.list, q.tab, q.twin, stateKey],
  );
  const shown = useMemo(
    () => (q.priorities.length ? filterAlarms(beforePriority, q) : beforePriority),
    [beforePriority, priorityKey],
  );
  const byPriority = useMemo(() => {
    const m = new Map<string, number>();
    for (const a of beforePriority) m.set(a.priority, (m.get(a.priority) ?? 0) + 1);
    return m;
  }, [beforePriority]);
  const byState = useMemo(() => {
    const m = new Map<string, number>();
    for (const a of filterAlarms(tab.list, { ...q, states: [] })) {
      m.set(a.state, (m.get(a.state) ?? 0) + 1);
    }
    return m;
  }, [tab.list, q.tab, q.twin, priorityKey]);

  // Forget ticks on alarms no longer shown.
  useEffect(() => {
    if (selected.size === 0) return;
    const ids = new Set(shown.map((a) => a.id));
    const kept = [...selected].filter((id) => ids.has(id));
    if (kept.length !== selected.size) setSelected(new Set(kept));
  }, [shown]);

  const onSelect = useCallback((id: string, on: boolean) => {
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const table = useRef<HTMLTableElement>(null);
  const acted = useRef(false);
  const onOutcome = useCallback((o: ActionOutcome) => {
    acted.current = true;
    setStatus({ text: outcomeText(o), error: !!o.error });
  }, []);
  // A row removed under the focus drops it to the page; keep it in the list.
  useEffect(() => {
    if (!acted.current || !table.current) return;
    const at = document.activeElement;
    if (at && at !== document.body && at.isConnected) {
      // Still in the list: its row may yet leave. Elsewhere: the user moved on.
      if (!table.current.contains(at)) acted.current = false;
      return;
    }
    acted.current = false;
    const next = table.current.querySelector<HTMLElement>("tbody .row-actions button");
    (next ?? table.current).focus();
  }, [shown]);

  const ackable = shown.filter((a) => needsAck(a.state));
  const allTicked = ackable.length > 0 && ackable.every((a) => selected.has(a.id));
  const ackSelected = async () => {
    setBusy(true);
    const ids = [...selected];
    const r = await postJson<BulkAckReply>("/api/alarms/ack", { ids, comment: bulkComment });
    setBusy(false);
    if (!r.ok || !r.body) {
      setStatus({ text: r.error ?? "the server did not answer", error: true });
      return;
    }
    const { acknowledged, refused } = r.body;
    setSelected(new Set(refused.map((x) => x.id)));
    if (refused.length === 0) setBulkComment("");
    setStatus({
      text: `Acknowledged ${acknowledged.length} alarm${acknowledged.length === 1 ? "" : "s"}` +
        (refused.length ? `; refused: ${refused.map((x) => x.error).join("; ")}` : ""),
      error: refused.length > 0,
    });
  };

  const metrics = alarms.metrics;
  const tabCount = (t: (typeof TABS)[number]) =>
    t.tab === "active"
      ? alarms.active.size
      : metrics
      ? t.states.reduce((n, s) => n + (metrics.byState[s] ?? 0), 0)
      : undefined;
  const statesOfTab = tabStates(q.tab);

  return (
    <section class="alarm-list-page" aria-labelledby="alarms-title">
      <h2 id="alarms-title">Alarms</h2>
      <div class="tabs" role="group" aria-label="Which alarms">
        {TABS.map((t) => {
          const n = tabCount(t);
          return (
            <button
              key={t.tab}
              type="button"
              class="tab"
              data-tab={t.tab}
              aria-pressed={q.tab === t.tab}
              onClick={() => {
                setRows(PAGE_ROWS);
                setQuery({ ...q, tab: t.tab, states: [] });
              }}
            >
              {t.label}
              {n !== undefined && <span class="chip-count">{n}</span>}
            </button>
          );
        })}
      </div>

      <div class="filters" role="search">
        <div class="chips" role="group" aria-label="Filter by priority">
          {PRIORITIES.map((p: Priority) => (
            <button
              key={p}
              type="button"
              class={`chip prio-chip prio-${p}`}
              data-priority={p}
              aria-pressed={q.priorities.includes(p)}
              onClick={() => setQuery({ ...q, priorities: toggle(q.priorities, p) })}
            >
              <span class="prio-mark" aria-hidden="true">{PRIORITY_MARK[p]}</span>
              {p} <span class="chip-count">{byPriority.get(p) ?? 0}</span>
            </button>
          ))}
        </div>
        {statesOfTab.length > 1 && (
          <div class="chips" role="group" aria-label="Filter by state">
            {statesOfTab.map((s: AlarmState) => (
              <button
                key={s}
                type="button"
                class="chip"
                data-state={s}
                aria-pressed={q.states.includes(s)}
                onClick={() => setQuery({ ...q, states: toggle(q.states, s) })}
              >
                {stateLabel(s)} <span class="chip-count">{byState.get(s) ?? 0}</span>
              </button>
            ))}
          </div>
        )}
        <div class="search-row">
          <label for="alarm-twin">Twin</label>
          <input
            id="alarm-twin"
            type="search"
            list="alarm-twin-ids"
            placeholder="id, or part of one"
            autocomplete="off"
            value={q.twin}
            onInput={(e) => setQuery({ ...q, twin: e.currentTarget.value.trim() })}
          />
          <TwinIdList id="alarm-twin-ids" />
          <span class="muted" role="status" id="alarm-count">
            {tab.loading
              ? "loading…"
              : shown.length === tab.list.length
              ? `${shown.length} alarm${shown.length === 1 ? "" : "s"}`
              : `${shown.length} of ${tab.list.length} alarms`}
          </span>
          {(q.priorities.length > 0 || q.twin || q.states.length > 0) && (
            <button
              type="button"
              onClick={() => setQuery({ ...q, priorities: [], twin: "", states: [] })}
            >
              Clear filters
            </button>
          )}
        </div>
      </div>

      <div class="bulk-bar">
        <label for="bulk-comment">Comment for acknowledging</label>
        <input
          id="bulk-comment"
          type="text"
          maxLength={1000}
          placeholder="optional"
          value={bulkComment}
          onInput={(e) => setBulkComment(e.currentTarget.value)}
        />
        <button
          type="button"
          id="ack-selected"
          disabled={busy || selected.size === 0}
          onClick={ackSelected}
        >
          Acknowledge selected ({selected.size})
        </button>
        <span
          id="alarm-status"
          class={`outcome${status?.error ? " outcome-error" : status ? " outcome-executed" : ""}`}
          role={status?.error ? "alert" : "status"}
        >
          {status?.text ?? ""}
        </span>
      </div>

      {tab.error && (
        <div class="error-box" role="alert">
          <p>Could not load the alarms: {tab.error}</p>
        </div>
      )}
      {!tab.loading && shown.length === 0
        ? (
          <p class="muted" id="alarm-empty">
            {tab.list.length === 0
              ? q.tab === "active" ? "No active alarms." : "No alarms here."
              : "No alarm matches the filters."}
          </p>
        )
        : (
          <div class="table-scroll">
            <table
              class="data-table alarm-table"
              id="alarm-table"
              aria-label="Alarms"
              ref={table}
              tabIndex={-1}
            >
              <thead>
                <tr>
                  <th scope="col" class="col-select">
                    <input
                      type="checkbox"
                      aria-label="Select every unacknowledged alarm shown"
                      checked={allTicked}
                      disabled={ackable.length === 0}
                      onChange={(e) =>
                        setSelected(
                          e.currentTarget.checked ? new Set(ackable.map((a) => a.id)) : new Set(),
                        )}
                    />
                  </th>
                  <th scope="col">Active since / ack (UTC)</th>
                  <th scope="col">Priority</th>
                  <th scope="col">Twin</th>
                  <th scope="col">Message</th>
                  <th scope="col">State</th>
                  <th scope="col">Value / limit</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {shown.slice(0, rows).map((a) => (
                  <AlarmRow
                    key={a.id}
                    alarm={a}
                    standing={standing.has(a.id)}
                    selected={selected.has(a.id)}
                    onSelect={onSelect}
                    onOutcome={onOutcome}
                  />
                ))}
              </tbody>
              {shown.length > rows && (
                <tfoot>
                  <tr>
                    <td colSpan={ALARM_COLUMNS}>
                      <button type="button" onClick={() => setRows(rows + PAGE_ROWS)}>
                        Show {Math.min(PAGE_ROWS, shown.length - rows)} more of{" "}
                        {shown.length - rows}
                      </button>
                    </td>
                  </tr>
                </tfoot>
              )}
            </table>
          </div>
        )}
    </section>
  );
}
