/**
 * A journal entry's message in an operator's words, the same sentence the
 * alarm list, banner and alarm page use (alarm_words.ts), built from the
 * entry's own value, limit and whether the condition held, and from what
 * the alarm's definition says (condition, point, unit). An entry carries
 * no definition, so the journal reads the alarms' views once
 * (`GET /api/alarms?state=all`, by twin) and from alarm events; an entry
 * whose alarm is not known (yet, or no more) keeps the engine's tag message.
 *
 * @module
 */
import type { AlarmView, JournalEntry } from "./api_types.ts";
import { alarmWords } from "./alarm_words.ts";

/** What the wording needs of an alarm's definition. */
export type AlarmDefinitionWords = Pick<
  AlarmView,
  "id" | "name" | "condition" | "point" | "unit" | "customMessage"
>;

/** The entry's sentence; the tag message when `alarm` is unknown. */
export function journalWords(
  entry: JournalEntry,
  alarm: AlarmDefinitionWords | undefined,
  twinName?: string,
): string {
  if (!alarm) return entry.message;
  return alarmWords({
    twin: entry.twin,
    name: alarm.name,
    condition: alarm.condition,
    point: alarm.point,
    unit: alarm.unit,
    customMessage: alarm.customMessage,
    value: entry.value,
    limit: entry.limit,
    active: entry.active,
    message: entry.message,
  }, twinName);
}

/** The twins of `entries` with an alarm not in `known`, sorted, each once. */
export function twinsToRead(
  entries: readonly JournalEntry[],
  known: ReadonlyMap<string, unknown>,
  asked: ReadonlySet<string>,
): string[] {
  const out = new Set<string>();
  for (const e of entries) {
    if (!known.has(e.alarm) && !asked.has(e.twin)) out.add(e.twin);
  }
  return [...out].sort();
}
