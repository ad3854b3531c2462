/**
 * How much a twin needs an operator's look, for the overview and the wall
 * (ISA-101: abnormal first). A twin in alarm comes first, most urgent
 * priority and unacknowledged first; then a faulted, tripped or offline
 * mode; then a stale, degraded or starting mode; then a diagnosis other than
 * normal; then key values of bad or uncertain quality. Everything else is
 * normal and keeps its place.
 *
 * @module
 */
import type { AlarmView, KeyPoint, TwinView } from "./api_types.ts";
import { needsAck, priorityRank } from "./alarm_labels.ts";
import { diagnosisWords, isFaultClass } from "./card_diagnosis_words.ts";
import { modeLabel, modeTone } from "./mode_tone.ts";

/** Rank of a twin that needs nothing: higher than every concern. */
export const NORMAL_RANK = 100;

/** Why a twin is abnormal, worst first. */
export interface Concern {
  /** Sort rank: lower is worse; {@linkcode NORMAL_RANK} when normal. */
  rank: number;
  /** `alarm` (red family), `warn` (amber) or `none`. */
  tone: "alarm" | "warn" | "none";
  /** Reasons in words, worst first (`critical alarm`, `mode offline`, `stale values`). */
  reasons: string[];
  /** Its most urgent annunciated alarm, if any. */
  alarm: AlarmView | undefined;
  /** Points its annunciated alarms watch (to highlight them). */
  alarmPoints: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The concern of `t`, given its annunciated alarms (most urgent first, as
 * the alarm store lists them) and its kind's key points.
 */
export function twinConcern(
  t: TwinView,
  alarms: readonly AlarmView[],
  keys: readonly KeyPoint[] = [],
): Concern {
  const reasons: string[] = [];
  let rank = NORMAL_RANK;
  let tone: Concern["tone"] = "none";
  const alarm = alarms[0];
  let alarmPoints = NONE;
  if (alarm) {
    // Unacknowledged before acknowledged within a priority: 0-9 for alarms.
    rank = priorityRank(alarm.priority) * 2 + (alarms.some((x) => needsAck(x.state)) ? 0 : 1);
    tone = alarm.priority === "diagnostic" || alarm.priority === "low" ? "warn" : "alarm";
    reasons.push(alarms.length > 1 ? `${alarms.length} alarms` : `${alarm.priority} alarm`);
    alarmPoints = new Set(alarms.map((a) => a.point).filter((p): p is string => !!p));
  }
  const mt = modeTone(t.mode);
  if (mt === "alarm" || mt === "warn") {
    rank = Math.min(rank, mt === "alarm" ? 10 : 11);
    if (tone !== "alarm") tone = mt;
    reasons.push(modeLabel(t.mode));
  }
  const diag = t.points.diagnosis?.value;
  if (typeof diag === "string" && isFaultClass(diag)) {
    rank = Math.min(rank, 12);
    if (tone === "none") tone = "warn";
    reasons.push(diagnosisWords(diag));
  }
  const poor = keys.filter((k) => {
    const q = t.points[k.name]?.quality;
    return q === "bad" || q === "uncertain";
  });
  if (poor.length) {
    rank = Math.min(rank, 13);
    if (tone === "none") tone = "warn";
    reasons.push(
      poor.some((k) => t.points[k.name].quality === "bad") ? "bad values" : "stale values",
    );
  }
  return { rank, tone, reasons, alarm, alarmPoints };
}

/** Group annunciated alarms (already in list order) by twin id. */
export function alarmsByTwin(alarms: readonly AlarmView[]): Map<string, AlarmView[]> {
  const out = new Map<string, AlarmView[]>();
  for (const a of alarms) {
    const list = out.get(a.twin);
    if (list) list.push(a);
    else out.set(a.twin, [a]);
  }
  return out;
}

/** `twins` with abnormal ones first, worst first; the rest keep their order (stable sort). */
export function abnormalFirst<T extends { concern: Concern }>(twins: readonly T[]): T[] {
  return twins.map((t, i) => [t, i] as const)
    .sort((a, b) => a[0].concern.rank - b[0].concern.rank || a[1] - b[1])
    .map(([t]) => t);
}
