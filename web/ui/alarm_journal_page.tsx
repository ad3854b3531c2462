/**
 * The alarm journal (`/alarms/journal`): every transition of every alarm,
 * newest first, from `GET /api/alarms/journal` with a time range (UTC) and
 * filters by twin, alarm, priority and state, all kept in the address. New
 * entries that match are added live while the range is open-ended.
 *
 * @module
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { getJson } from "./api_client.ts";
import type { AlarmView, JournalEntry } from "./api_types.ts";
import { ALARM_STATES, PRIORITIES, stateLabel } from "./alarm_labels.ts";
import { useApp } from "./app_context.ts";
import {
  entryMatches,
  fromInputValue,
  journalApiPath,
  type JournalPageQuery,
  journalQueryString,
  parseJournalQuery,
  toInputValue,
} from "./journal_query.ts";
import { JournalTable } from "./journal_table.tsx";
import { type AlarmDefinitionWords, twinsToRead } from "./journal_words.ts";
import { navigate } from "./route.ts";
import { TwinIdList } from "./twin_id_list.tsx";
import { runtimeNow } from "./value_age.ts";

/** Beyond this many twins to read, all alarms are read at once (the address stays short). */
const TWINS_PER_READ = 40;

function show(q: JournalPageQuery): void {
  navigate(`/alarms/journal${journalQueryString(q)}`, true);
}

/** The journal page. */
export function AlarmJournalPage(props: { search: string }) {
  const { alarms, store } = useApp();
  const q = parseJournalQuery(props.search);
  const [draft, setDraft] = useState(q);
  const [entries, setEntries] = useState<readonly JournalEntry[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const key = journalQueryString(q);
  // Alarm definitions by id, to word the entries; read by twin as entries need them.
  const [defs, setDefs] = useState<ReadonlyMap<string, AlarmDefinitionWords>>(new Map());
  const asked = useRef(new Set<string>());
  const named = store.twins.size > 0;
  // The app re-renders every second with the stream; the table only when its entries change.
  const table = useMemo(
    () =>
      entries.length > 0 && (
        <JournalTable
          entries={entries}
          showAlarm
          id="journal-table"
          alarms={defs}
          twinName={(id) => store.twins.get(id)?.name}
        />
      ),
    [entries, defs, named],
  );

  const learn = (views: readonly AlarmView[]) =>
    setDefs((had) => {
      if (views.every((v) => had.has(v.id))) return had;
      const next = new Map(had);
      for (const v of views) next.set(v.id, v);
      return next;
    });

  useEffect(() => {
    const twins = twinsToRead(entries, defs, asked.current);
    if (twins.length === 0) return;
    for (const t of twins) asked.current.add(t);
    const only = twins.length > TWINS_PER_READ
      ? ""
      : `&twin=${twins.map(encodeURIComponent).join(",")}`;
    getJson<AlarmView[]>(`/api/alarms?state=all${only}`).then((r) => {
      if (r.ok && Array.isArray(r.body)) learn(r.body);
    });
  }, [entries, defs]);

  useEffect(() => setDraft(parseJournalQuery(props.search)), [key]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    (async () => {
      const r = await getJson<JournalEntry[]>(journalApiPath(q));
      if (!live) return;
      setLoading(false);
      if (r.ok && Array.isArray(r.body)) {
        setEntries(r.body);
        setError(undefined);
      } else setError(r.error ?? "no answer");
    })();
    return () => {
      live = false;
    };
  }, [key, alarms.seeds]);

  useEffect(() => {
    if (q.to) return;
    return alarms.onEvent(({ alarm, entry }) => {
      if (!entryMatches(entry, q)) return;
      learn([alarm]);
      setEntries((list) =>
        list.some((e) => e.seq === entry.seq) ? list : [entry, ...list].slice(0, q.limit)
      );
    });
  }, [key, alarms]);

  // "Now" is the runtime clock, which on virtual time is not the wall clock.
  const now = () => runtimeNow(store) || alarms.metrics?.time || Date.now();
  const lastHours = (h: number) =>
    show({ ...draft, from: new Date(now() - h * 3_600_000).toISOString(), to: "" });
  const set = (patch: Partial<JournalPageQuery>) => setDraft({ ...draft, ...patch });

  return (
    <section class="journal-page" aria-labelledby="journal-title">
      <h2 id="journal-title">Alarm journal</h2>
      <form
        class="journal-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          show(draft);
        }}
      >
        <div class="field">
          <label for="journal-from">From (UTC)</label>
          <input
            id="journal-from"
            type="datetime-local"
            step={1}
            value={toInputValue(draft.from)}
            onChange={(e) => set({ from: fromInputValue(e.currentTarget.value) })}
          />
        </div>
        <div class="field">
          <label for="journal-to">To (UTC)</label>
          <input
            id="journal-to"
            type="datetime-local"
            step={1}
            value={toInputValue(draft.to)}
            onChange={(e) => set({ to: fromInputValue(e.currentTarget.value) })}
          />
        </div>
        <div class="field">
          <label for="journal-twin">Twin</label>
          <input
            id="journal-twin"
            type="text"
            list="journal-twin-ids"
            placeholder="ids, comma-separated"
            value={draft.twin}
            onInput={(e) => set({ twin: e.currentTarget.value })}
          />
          <TwinIdList id="journal-twin-ids" />
        </div>
        <div class="field">
          <label for="journal-alarm">Alarm</label>
          <input
            id="journal-alarm"
            type="text"
            placeholder="twin/name, comma-separated"
            value={draft.alarm}
            onInput={(e) => set({ alarm: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="journal-priority">Priority</label>
          <select
            id="journal-priority"
            value={draft.priority}
            onChange={(e) => set({ priority: e.currentTarget.value })}
          >
            <option value="">any</option>
            {PRIORITIES.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="journal-state">State reached</label>
          <select
            id="journal-state"
            value={draft.state}
            onChange={(e) => set({ state: e.currentTarget.value })}
          >
            <option value="">any</option>
            {ALARM_STATES.map((s) => <option key={s} value={s}>{stateLabel(s)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="journal-limit">At most</label>
          <input
            id="journal-limit"
            type="number"
            min={1}
            max={100000}
            step={1}
            value={String(draft.limit)}
            onInput={(e) => {
              const n = Number(e.currentTarget.value);
              if (Number.isInteger(n) && n >= 1 && n <= 100_000) set({ limit: n });
            }}
          />
        </div>
        <div class="journal-buttons">
          <button type="submit">Show</button>
          <button type="button" onClick={() => lastHours(1)}>Last hour</button>
          <button type="button" onClick={() => lastHours(24)}>Last 24 h</button>
          <button type="button" onClick={() => show(parseJournalQuery(""))}>Clear</button>
        </div>
      </form>
      {error && (
        <div class="error-box" role="alert">
          <p>{error}</p>
        </div>
      )}
      <p class="muted" role="status" id="journal-count">
        {loading
          ? "loading…"
          : `${entries.length} entr${entries.length === 1 ? "y" : "ies"}${
            entries.length >= q.limit ? ` (the newest ${q.limit})` : ""
          }${q.to ? "" : "; new entries appear as they happen"}`}
      </p>
      {table}
    </section>
  );
}
