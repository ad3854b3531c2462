/**
 * The wall display (`/wall`): the site grid for a big screen, without the
 * app's header. Large type, one tile per twin with its status and key
 * value, grey unless abnormal (ISA-101). It shows a group of tiles at a
 * time and moves to the next every few seconds, abnormal groups first; it
 * holds still while the pointer is over it or the keyboard focus is in it,
 * and **Pause** (or Space) holds it until pressed again; the arrow keys
 * step. Its bar counts the alarms of the group on screen and, apart, the
 * plant's. The audible alarm's switch is on its bar too. Settings are in
 * the address (see wall_view.ts).
 *
 * @module
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { PRIORITY_MARK } from "./alarm_labels.ts";
import type { AlarmSound } from "./alarm_sound.ts";
import type { AlarmSummary } from "./alarm_store.ts";
import { dialogOpen, shortcutFor } from "./keyboard_shortcuts.ts";
import { SoundControl } from "./sound_control.tsx";
import { useApp } from "./app_context.ts";
import { formatClock, formatWithUnit } from "./display_format.ts";
import { Link } from "./link.tsx";
import { modeLabel } from "./mode_tone.ts";
import { twinPath } from "./route.ts";
import { alarmsByTwin, twinConcern } from "./twin_concern.ts";
import { groupAlarmSummary, largestKind, parseWall, wallGroups } from "./wall_view.ts";
import { runtimeNow } from "./value_age.ts";

const NO_ALARMS: readonly never[] = [];
const NO_KEYS: readonly never[] = [];

/** The wall page. */
export function WallPage(props: { search: string; revision: number; sound?: AlarmSound }) {
  const { store, alarms, keyPoints, plant } = useApp();
  const all = useMemo(() => [...store.twins.values()], [store, props.revision]);
  const settings = parseWall(props.search, largestKind(all.map((t) => t.kind)));
  const byTwin = useMemo(() => alarmsByTwin(alarms.list()), [alarms.revision]);
  const items = useMemo(() => {
    return all.filter((t) => !settings.kind || t.kind === settings.kind).map((t) => ({
      t,
      concern: twinConcern(t, byTwin.get(t.id) ?? NO_ALARMS, keyPoints.get(t.kind) ?? NO_KEYS),
    }));
  }, [all, byTwin, keyPoints, settings.kind]);
  const groups = useMemo(() => wallGroups(items, settings.per), [items, settings.per]);

  // The group shown is known by its first tile, so a reordering keeps it on screen.
  const [current, setCurrent] = useState<number | undefined>(undefined);
  const [held, setHeld] = useState(false);
  const [hover, setHover] = useState(false);
  const [focus, setFocus] = useState(false);
  const paused = held || hover || focus;
  const at = Math.max(0, groups.findIndex((g) => g.start === current));
  const group = groups[at];
  const step = (by: number) => {
    if (!groups.length) return;
    setCurrent(groups[(at + by + groups.length) % groups.length].start);
  };

  useEffect(() => {
    if (paused || groups.length < 2) return;
    const timer = setTimeout(() => step(1), settings.every * 1000);
    return () => clearTimeout(timer);
  }, [paused, current, groups.length > 1, settings.every, group?.start]);

  // Space pauses, the arrows step (keyboard_shortcuts.ts says when keys are not shortcuts).
  const keys = useRef({ step, toggle: () => setHeld((h) => !h) });
  keys.current = { step, toggle: () => setHeld((h) => !h) };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutFor(e, { wall: true, dialogOpen: dialogOpen(document) });
      if (action === "pause") keys.current.toggle();
      else if (action === "previous") keys.current.step(-1);
      else if (action === "next") keys.current.step(1);
      else return;
      e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    document.body.classList.add("wall-mode");
    return () => document.body.classList.remove("wall-mode");
  }, []);

  const summary = alarms.summary();
  const onScreen = useMemo(() => groupAlarmSummary(group, byTwin), [group, byTwin]);
  const now = runtimeNow(store);
  const keyOf = (kind: string) =>
    (keyPoints.get(kind) ?? NO_KEYS).find((k) => (k.spec.type ?? "number") === "number");
  const cols = Math.max(2, Math.ceil(Math.sqrt(settings.per * 1.9)));
  const last = group ? group.start + group.items.length : 0;
  const abnormalTotal = items.filter((i) => i.concern.reasons.length > 0).length;

  return (
    <div
      class="wall"
      data-paused={paused ? "" : undefined}
      data-connection={store.connection}
      onFocusIn={() => setFocus(true)}
      onFocusOut={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocus(false);
      }}
    >
      <header class="wall-bar">
        <h1 class="wall-title">{plant?.name ?? "…"}</h1>
        <span class="wall-scope">
          {settings.kind ? settings.kind.replaceAll("_", " ") : "all twins"} · {items.length}
          {" · "}
          <span class={abnormalTotal ? "wall-abnormal" : undefined} id="wall-abnormal">
            {abnormalTotal ? `${abnormalTotal} abnormal` : "all normal"}
          </span>
        </span>
        <AlarmCounts
          id="wall-alarms-group"
          label="on screen"
          title="Active alarms of the twins on screen, by priority"
          summary={onScreen}
        />
        <AlarmCounts
          id="wall-alarms-plant"
          label="plant"
          title="Active alarms of the whole plant, by priority"
          summary={summary}
        />
        <span class="wall-group" id="wall-group" aria-live="polite">
          {group
            ? `group ${at + 1} of ${groups.length} · ${group.start + 1}–${last}`
            : "waiting for data…"}
          {paused && <span class="wall-paused">paused</span>}
        </span>
        <span class="wall-controls">
          <button type="button" onClick={() => step(-1)} aria-label="Previous group">◀</button>
          <button type="button" aria-pressed={held} onClick={() => setHeld(!held)}>
            {held ? "Resume" : "Pause"}
          </button>
          <button type="button" onClick={() => step(1)} aria-label="Next group">▶</button>
          <Link href="/" class="wall-exit">Exit</Link>
        </span>
        {props.sound && <SoundControl sound={props.sound} />}
        <time class="wall-clock" dateTime={now ? new Date(now).toISOString() : undefined}>
          {now ? `${formatClock(now).slice(11)} UTC` : ""}
        </time>
      </header>
      <ul
        onMouseEnter={() => setHover(true)}
        onMouseLeave={() => setHover(false)}
        class="wall-grid"
        style={{ "--wall-cols": String(cols) }}
        aria-label={group ? `Twins ${group.start + 1} to ${last}` : "Twins"}
        data-group-start={group?.start}
      >
        {group?.items.map(({ t, concern }) => {
          const key = keyOf(t.kind);
          const p = key ? t.points[key.name] : undefined;
          const a = concern.alarm;
          return (
            <li
              key={t.id}
              class={`wall-tile concern-${concern.tone}`}
              data-twin={t.id}
              data-concern={concern.reasons.length ? concern.rank : undefined}
            >
              <Link href={twinPath(t.id)} class="wall-tile-link" title={concern.reasons.join(", ")}>
                <span class="wall-name">{t.name}</span>
                <span
                  class={`wall-value${key && concern.alarmPoints.has(key.name) ? " kv-alarm" : ""}${
                    p && p.quality !== "good" ? ` q-${p.quality}` : ""
                  }`}
                >
                  {p ? formatWithUnit(p.value, p.unit) : "—"}
                </span>
                <span class="wall-status">
                  {a && (
                    <span class={`wall-prio prio-${a.priority}`}>{PRIORITY_MARK[a.priority]}</span>
                  )}
                  {concern.reasons.length ? concern.reasons[0] : modeLabel(t.mode)}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Active alarms counted by priority, behind a label saying whose they are. */
function AlarmCounts(props: { id: string; label: string; title: string; summary: AlarmSummary }) {
  const { summary } = props;
  return (
    <span class="wall-alarms" id={props.id} role="group" aria-label={props.title}>
      <span class="wall-alarms-label">{props.label}</span>
      {summary.counts.filter((c) => c.total > 0).map((c) => (
        <span key={c.priority} class={`wall-alarm prio-${c.priority}`} data-priority={c.priority}>
          {PRIORITY_MARK[c.priority]} {c.total} {c.priority}
        </span>
      ))}
      {summary.total === 0 && <span class="wall-quiet">no active alarms</span>}
    </span>
  );
}
