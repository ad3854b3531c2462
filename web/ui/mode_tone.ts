/**
 * One colour family per mode, used by every badge and count so a mode looks
 * the same everywhere. Known mode names come from a table; an unknown mode is
 * matched on words it contains, then falls back to neutral.
 *
 * @module
 */

/** Colour family of a mode: green, amber, red, grey, blue or neutral. */
export type ModeTone = "ok" | "warn" | "alarm" | "off" | "maint" | "neutral";

const TABLE: Record<string, ModeTone> = {
  running: "ok",
  online: "ok",
  producing: "ok",
  pumping: "ok",
  normal: "ok",
  cooling: "ok",
  ok: "ok",
  auto: "ok",
  starting: "warn",
  stopping: "warn",
  stale: "warn",
  degraded: "warn",
  throttled: "warn",
  warning: "warn",
  pumped_off: "warn",
  recovering: "warn",
  tripped: "alarm",
  fault: "alarm",
  faulted: "alarm",
  failed: "alarm",
  offline: "alarm",
  overheated: "alarm",
  alarm: "alarm",
  shutdown: "alarm",
  stopped: "off",
  shut_in: "off",
  idle: "off",
  off: "off",
  standby: "off",
  maintenance: "maint",
  locked_out: "maint",
};

const WORDS: [RegExp, ModeTone][] = [
  [/trip|fault|fail|alarm|overheat|offline|lost|parted/, "alarm"],
  [/start|stale|degrad|warn|throttl|ramp|limit/, "warn"],
  [/maint|lock/, "maint"],
  [/stop|shut|idle/, "off"],
  [/run|online|produc/, "ok"],
];

/** The tone of `mode`. */
export function modeTone(mode: string): ModeTone {
  const known = TABLE[mode];
  if (known) return known;
  const lower = mode.toLowerCase();
  for (const [pattern, tone] of WORDS) if (pattern.test(lower)) return tone;
  return "neutral";
}

/** Sort order of tones, worst first, so alarms lead lists of modes. */
export const TONE_ORDER: Readonly<Record<ModeTone, number>> = {
  alarm: 0,
  warn: 1,
  maint: 2,
  ok: 3,
  off: 4,
  neutral: 5,
};

/** Mode names as an operator reads them (`shut_in` -> `shut in`). */
export function modeLabel(mode: string): string {
  return mode.replaceAll("_", " ");
}
