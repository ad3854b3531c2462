/**
 * The alarms of a list tab. The active tab is the alarm store's own list;
 * the others (shelved, suppressed, out of service, all) are fetched with
 * `GET /api/alarms?state=` when the tab opens and after every reseed of the
 * store (a reconnect), and kept current from the same alarm events.
 *
 * @module
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { getJson } from "./api_client.ts";
import type { AlarmEventPayload, AlarmView } from "./api_types.ts";
import type { AlarmStore } from "./alarm_store.ts";
import { type AlarmTab, sortAlarms, tabStates, upsertAlarm } from "./alarm_list_query.ts";

/** A tab's alarms, with the load state. */
export interface TabAlarms {
  /** The alarms, in API order. */
  list: readonly AlarmView[];
  /** Still waiting for the first answer. */
  loading: boolean;
  /** Why the last fetch failed. */
  error: string | undefined;
}

const NONE: readonly AlarmView[] = [];

/** The alarms of `tab`, kept current. */
export function useAlarmList(tab: AlarmTab, alarms: AlarmStore): TabAlarms {
  const own = tab !== "active";
  // The list remembers its tab, so a tab just opened never shows the last one's alarms.
  const [held, setHeld] = useState<{ tab: AlarmTab; list: readonly AlarmView[] }>({
    tab,
    list: NONE,
  });
  const [loading, setLoading] = useState(own);
  const [error, setError] = useState<string | undefined>();
  const pending = useRef<AlarmEventPayload[] | undefined>(undefined);

  useEffect(() => {
    if (!own) return;
    const states = tabStates(tab);
    return alarms.onEvent((p) => {
      pending.current?.push(p);
      setHeld((h) => (h.tab === tab ? { tab, list: upsertAlarm(h.list, p.alarm, states) } : h));
    });
  }, [own, tab, alarms]);

  useEffect(() => {
    if (!own) return;
    let live = true;
    const states = tabStates(tab);
    pending.current = [];
    setLoading(true);
    (async () => {
      const r = await getJson<AlarmView[]>(
        `/api/alarms?state=${tab === "all" ? "all" : states.join(",")}`,
      );
      if (!live) return;
      const missed = pending.current ?? [];
      pending.current = undefined;
      setLoading(false);
      if (!r.ok || !Array.isArray(r.body)) {
        setError(r.error ?? "no alarm list");
        return;
      }
      setError(undefined);
      // Events that came while the list was on its way are newer than it.
      let next: readonly AlarmView[] = sortAlarms(r.body.slice());
      for (const p of missed) next = upsertAlarm(next, p.alarm, states);
      setHeld({ tab, list: next });
    })();
    return () => {
      live = false;
    };
  }, [own, tab, alarms, alarms.seeds]);

  if (!own) return { list: alarms.list(), loading: false, error: alarms.error };
  return { list: held.tab === tab ? held.list : NONE, loading, error };
}
