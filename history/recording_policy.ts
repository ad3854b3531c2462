/**
 * When a point's sample is kept as a raw row: exception reporting, as
 * historians do it (PI's exception deviation and maximum time, Ignition's
 * deadband and max time between samples). A numeric point is stored when
 * it moved more than its deadband since the last stored value, any point
 * when its quality changed or its value type or text changed, and every
 * point at least every `maxIntervalMs` (a heartbeat), never more often
 * than `minIntervalMs`. Rollups do not depend on it: they count every
 * sample.
 *
 * @module
 */

/** How one point is recorded. */
export interface RecordingPolicy {
  /**
   * Absolute deadband in the point's unit; also the floor of the percent
   * band, so a value near zero is not stored on every flicker.
   */
  deadband: number;
  /** Deadband in percent of the magnitude of the last stored value. */
  deadbandPct: number;
  /**
   * Store a sample at least this often, in ms of source time (a heartbeat);
   * 0 stores every sample.
   */
  maxIntervalMs: number;
  /** Store value changes at most this often, in ms of source time (0: no limit). */
  minIntervalMs: number;
}

/**
 * The policy of a point nobody configured: a move of 0.5 % of the value
 * (at least 0.01 in its unit), and a sample every minute whatever it does.
 */
export const DEFAULT_POLICY: Readonly<RecordingPolicy> = Object.freeze({
  deadband: 0.01,
  deadbandPct: 0.5,
  maxIntervalMs: 60_000,
  minIntervalMs: 0,
});

/** Part of a policy, as the plant file's `history` section gives it (seconds, snake case). */
export interface PolicyEntry {
  /** Absolute deadband, and the floor of the percent band. */
  deadband?: number;
  /** Deadband in percent of the last stored value's magnitude. */
  deadband_pct?: number;
  /** Heartbeat in seconds; 0 stores every sample. */
  max_interval_s?: number;
  /** Least time between stored value changes, in seconds. */
  min_interval_s?: number;
}

/** A policy for the points a `twin` or a `kind` names (one or several). */
export interface PointPolicyEntry extends PolicyEntry {
  /** The twin whose points these are. */
  twin?: string;
  /** Or every twin of this kind. */
  kind?: string;
  /** The point, or several. */
  point: string | string[];
}

/** The validated `history` section. */
export interface HistoryConfig {
  /** Days of history kept; the command line's `--retention-days` overrides it. */
  retention_days?: number;
  /** The policy of every point, before kind and point overrides. */
  defaults: PolicyEntry;
  /** Overrides for every point of a kind. */
  kinds: Record<string, PolicyEntry>;
  /** Overrides for named points of a twin or a kind; later entries win. */
  points: PointPolicyEntry[];
}

/** Finds the policy of one point of one twin. */
export type PolicyLookup = (twin: string, kind: string, point: string) => RecordingPolicy;

/** Apply the fields `entry` sets on top of `base`. */
function apply(base: RecordingPolicy, entry: PolicyEntry | undefined): RecordingPolicy {
  if (!entry) return base;
  return {
    deadband: entry.deadband ?? base.deadband,
    deadbandPct: entry.deadband_pct ?? base.deadbandPct,
    maxIntervalMs: entry.max_interval_s !== undefined
      ? entry.max_interval_s * 1000
      : base.maxIntervalMs,
    minIntervalMs: entry.min_interval_s !== undefined
      ? entry.min_interval_s * 1000
      : base.minIntervalMs,
  };
}

/**
 * The policy of each point under `config`: the defaults, then the point's
 * kind, then the entries naming its kind and point, then those naming its
 * twin and point (a twin's own entry is the most specific). Policies are
 * shared objects, made once per distinct override.
 */
export function policyLookup(config: HistoryConfig | undefined): PolicyLookup {
  const base = apply({ ...DEFAULT_POLICY }, config?.defaults);
  const byKind = new Map<string, RecordingPolicy>();
  for (const [kind, entry] of Object.entries(config?.kinds ?? {})) {
    byKind.set(kind, apply(base, entry));
  }
  // key "k\0kind\0point" or "t\0twin\0point" -> the merged entries naming it
  const named = new Map<string, PolicyEntry>();
  for (const e of config?.points ?? []) {
    for (const point of typeof e.point === "string" ? [e.point] : e.point) {
      const key = e.twin !== undefined ? `t\0${e.twin}\0${point}` : `k\0${e.kind}\0${point}`;
      named.set(key, { ...named.get(key), ...strip(e) });
    }
  }
  const cache = new Map<string, RecordingPolicy>();
  return (twin, kind, point) => {
    const ofKind = byKind.get(kind) ?? base;
    if (named.size === 0) return ofKind;
    const k = named.get(`k\0${kind}\0${point}`);
    const t = named.get(`t\0${twin}\0${point}`);
    if (!k && !t) return ofKind;
    const key = `${kind}\0${point}\0${t ? twin : ""}`;
    let p = cache.get(key);
    if (!p) cache.set(key, p = apply(apply(ofKind, k), t));
    return p;
  };
}

/** The policy fields of an entry, without its twin, kind and point. */
function strip(e: PointPolicyEntry): PolicyEntry {
  const out: PolicyEntry = {};
  if (e.deadband !== undefined) out.deadband = e.deadband;
  if (e.deadband_pct !== undefined) out.deadband_pct = e.deadband_pct;
  if (e.max_interval_s !== undefined) out.max_interval_s = e.max_interval_s;
  if (e.min_interval_s !== undefined) out.min_interval_s = e.min_interval_s;
  return out;
}
