/**
 * One alarm (`/alarms/{twin}/{name}`): its view from `GET
 * /api/alarms/{twin}/{name}`, the description (consequence and operator
 * action), the actions its state allows, and its journal; the view and the
 * journal follow the alarm's events live.
 *
 * @module
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { getJson } from "./api_client.ts";
import type { AlarmDetail, AlarmView, JournalEntry } from "./api_types.ts";
import { AlarmActionPanel } from "./alarm_action_panel.tsx";
import { AlarmFlags, AlarmStateBadge, PriorityBadge } from "./alarm_badges.tsx";
import { STATE_CODE } from "./alarm_labels.ts";
import { limitText, valueText } from "./alarm_value_text.ts";
import { useApp } from "./app_context.ts";
import { alarmWords } from "./alarm_words.ts";
import { formatClock } from "./display_format.ts";
import { journalQueryString, parseJournalQuery } from "./journal_query.ts";
import { JournalTable } from "./journal_table.tsx";
import { Link } from "./link.tsx";
import { twinPath } from "./route.ts";

/** Journal entries kept on the page as events add to them. */
const JOURNAL_KEEP = 200;

const time = (ms: number | null) => (ms === null ? "—" : `${formatClock(ms)} UTC`);

/** The detail page of alarm `{twin}/{name}`. */
export function AlarmDetailPage(props: { twin: string; name: string }) {
  const { alarms, store } = useApp();
  const id = `${props.twin}/${props.name}`;
  const [alarm, setAlarm] = useState<AlarmView | undefined>();
  const [journal, setJournal] = useState<readonly JournalEntry[]>([]);
  const [error, setError] = useState<{ status: number; message: string } | undefined>();

  useEffect(() => {
    let live = true;
    (async () => {
      const r = await getJson<AlarmDetail>(
        `/api/alarms/${encodeURIComponent(props.twin)}/${encodeURIComponent(props.name)}`,
      );
      if (!live) return;
      if (r.ok && r.body) {
        const { journal: entries, ...view } = r.body;
        setAlarm(view);
        // Entries that arrived by event while the request was out stay.
        setJournal((had) => {
          const seen = new Set(entries.map((e) => e.seq));
          return [...had.filter((e) => !seen.has(e.seq)), ...entries].sort((a, b) => b.seq - a.seq);
        });
        setError(undefined);
      } else setError({ status: r.status, message: r.error ?? "no answer" });
    })();
    return () => {
      live = false;
    };
  }, [id, alarms.seeds]);

  useEffect(() =>
    alarms.onEvent((p) => {
      if (p.alarm.id !== id) return;
      setAlarm(p.alarm);
      setJournal((list) =>
        list.some((e) => e.seq === p.entry.seq) ? list : [p.entry, ...list].slice(0, JOURNAL_KEEP)
      );
    }), [id, alarms]);

  // The alarm itself words its journal rows, as the journal page does.
  const table = useMemo(
    () => (
      <JournalTable
        entries={journal}
        showAlarm={false}
        id="alarm-journal"
        alarms={alarm ? new Map([[alarm.id, alarm]]) : undefined}
      />
    ),
    [journal, alarm],
  );

  if (!alarm) {
    if (error) {
      return (
        <div class="error-box" role="alert">
          <p>{error.status === 404 ? `There is no alarm "${id}".` : error.message}</p>
          <p>
            <Link href="/alarms">Back to the alarm list</Link>
          </p>
        </div>
      );
    }
    return <p class="muted">Loading {id}…</p>;
  }

  const a = alarm;
  const limit = limitText(a);
  const facts: [string, string][] = [
    ["Id", a.id],
    ["Condition", a.condition],
    ["Value", valueText(a)],
    ["Limit", limit || "—"],
    ["Condition holds", a.active ? `yes, since ${time(a.activeSince)}` : "no"],
    ["In this state since", time(a.since)],
    ["Shelved until", time(a.shelvedUntil)],
    [
      "Last change",
      `${a.last.action.replaceAll("_", " ")} at ${time(a.last.time)}` +
      (a.last.user ? ` by ${a.last.user}` : "") +
      (a.last.comment ? `: “${a.last.comment}”` : ""),
    ],
    ["Annunciations since start", String(a.annunciations)],
  ];

  return (
    <article class="alarm-page" data-alarm={a.id}>
      <nav class="crumbs" aria-label="Breadcrumb">
        <Link href="/alarms">Alarms</Link>
        {" / "}
        <Link href={twinPath(a.twin)}>{a.twin}</Link>
        {" / "}
        {a.name}
      </nav>
      <header class="twin-head">
        <h2>
          <PriorityBadge priority={a.priority} />{" "}
          <span id="alarm-words">{alarmWords(a, store.twins.get(a.twin)?.name)}</span>
        </h2>
        {!a.customMessage && (
          <p class="muted">
            Engine message: <span id="alarm-message">{a.message}</span>
          </p>
        )}
        <p>
          <AlarmStateBadge state={a.state} />{" "}
          <span class="muted">ISA-18.2 {STATE_CODE[a.state] ?? a.state}</span>{" "}
          <AlarmFlags alarm={a} standing={alarms.standing().has(a.id)} />
        </p>
      </header>
      <div class="twin-layout">
        <div class="twin-main">
          <section aria-labelledby="alarm-description-title">
            <h3 id="alarm-description-title">Consequence and action</h3>
            <p class="alarm-description" id="alarm-description">
              {a.description || <span class="muted">The definition gives no description.</span>}
            </p>
          </section>
          <section aria-labelledby="alarm-facts-title">
            <h3 id="alarm-facts-title">Alarm</h3>
            <dl class="facts" id="alarm-facts">
              <div>
                <dt>Twin</dt>
                <dd>
                  <Link href={twinPath(a.twin)}>{a.twin}</Link>
                </dd>
              </div>
              {facts.map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          </section>
        </div>
        <div class="twin-side">
          <section aria-labelledby="alarm-actions-title">
            <h3 id="alarm-actions-title">Actions</h3>
            <AlarmActionPanel alarm={a} />
          </section>
        </div>
      </div>
      <section aria-labelledby="alarm-journal-title">
        <h3 id="alarm-journal-title">Journal</h3>
        <p class="muted">
          Newest first.{" "}
          <Link
            href={`/alarms/journal${journalQueryString({ ...parseJournalQuery(""), alarm: a.id })}`}
          >
            Full journal of this alarm
          </Link>
        </p>
        {journal.length ? table : <p class="muted">No entries yet.</p>}
      </section>
    </article>
  );
}
