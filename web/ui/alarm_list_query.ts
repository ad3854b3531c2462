/**
 * The alarm list's tab and filters, kept in the address (`/alarms?tab=all&
 * priority=critical,high&twin=site-001&state=acknowledged`) so a view can be
 * bookmarked; the list's order (most urgent, then newest, as the API sorts);
 * and keeping a list current from alarm events.
 *
 * @module
 */
import type { AlarmState, AlarmView, Priority } from "./api_types.ts";
import { ALARM_STATES, ANNUNCIATED_STATES, PRIORITIES, priorityRank } from "./alarm_labels.ts";

/** A tab of the alarm list. */
export type AlarmTab = "active" | "shelved" | "suppressed" | "out_of_service" | "all";

/** The tabs, their labels and the states each shows. */
export const TABS: readonly { tab: AlarmTab; label: string; states: readonly AlarmState[] }[] = [
  { tab: "active", label: "Active", states: ANNUNCIATED_STATES },
  { tab: "shelved", label: "Shelved", states: ["shelved"] },
  { tab: "suppressed", label: "Suppressed", states: ["suppressed"] },
  { tab: "out_of_service", label: "Out of service", states: ["out_of_service"] },
  { tab: "all", label: "All", states: ALARM_STATES },
];

/** The list's tab and filters. */
export interface AlarmListQuery {
  /** Which tab. */
  tab: AlarmTab;
  /** Only these priorities (none: all). */
  priorities: Priority[];
  /** A twin id, or part of one; "" for all. */
  twin: string;
  /** Only these states within the tab (none: all of the tab's). */
  states: AlarmState[];
}

const listOf = (v: string | null) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);

/** Read the tab and filters from a query string; unknown values are dropped. */
export function parseListQuery(search: string): AlarmListQuery {
  const p = new URLSearchParams(search);
  const tab = TABS.find((t) => t.tab === p.get("tab"))?.tab ?? "active";
  const states = tabStates(tab);
  return {
    tab,
    priorities: listOf(p.get("priority")).filter((x): x is Priority =>
      PRIORITIES.includes(x as Priority)
    ),
    twin: (p.get("twin") ?? "").trim(),
    states: listOf(p.get("state")).filter((x): x is AlarmState => states.includes(x as AlarmState)),
  };
}

/** The query string of a tab and filters (`""` for the plain active list). */
export function listQueryString(q: AlarmListQuery): string {
  const p = new URLSearchParams();
  if (q.tab !== "active") p.set("tab", q.tab);
  if (q.priorities.length) p.set("priority", q.priorities.join(","));
  if (q.twin) p.set("twin", q.twin);
  if (q.states.length) p.set("state", q.states.join(","));
  const s = p.toString().replaceAll("%2C", ",");
  return s ? `?${s}` : "";
}

/** The states a tab shows. */
export function tabStates(tab: AlarmTab): readonly AlarmState[] {
  return TABS.find((t) => t.tab === tab)!.states;
}

/**
 * Alarms passing the filters. A twin filter that is some alarm's exact twin
 * id keeps only that twin (so `rtu-1` does not also keep `rtu-10`); any other
 * text keeps twins whose id contains it, ignoring case.
 */
export function filterAlarms(list: readonly AlarmView[], q: AlarmListQuery): AlarmView[] {
  const priorities = q.priorities.length ? new Set<string>(q.priorities) : undefined;
  const states = new Set<string>(q.states.length ? q.states : tabStates(q.tab));
  const twin = q.twin;
  const exact = twin !== "" && list.some((a) => a.twin === twin);
  const part = twin.toLowerCase();
  return list.filter((a) =>
    states.has(a.state) &&
    (!priorities || priorities.has(a.priority)) &&
    (twin === "" || (exact ? a.twin === twin : a.twin.toLowerCase().includes(part)))
  );
}

/** Order alarms as the API does, in place: most urgent first, then newest state first. */
export function sortAlarms(list: AlarmView[]): AlarmView[] {
  return list.sort((x, y) =>
    priorityRank(x.priority) - priorityRank(y.priority) || y.since - x.since
  );
}

/**
 * A list after one alarm changed: replaced where it was, added if its new
 * state is one of `states`, removed if not; in API order. Returns the same
 * array when nothing it holds changes.
 */
export function upsertAlarm(
  list: readonly AlarmView[],
  alarm: AlarmView,
  states: readonly string[],
): readonly AlarmView[] {
  const at = list.findIndex((a) => a.id === alarm.id);
  const keep = states.includes(alarm.state);
  if (at < 0 && !keep) return list;
  const next = list.filter((a) => a.id !== alarm.id);
  if (keep) next.push(alarm);
  return sortAlarms(next);
}
