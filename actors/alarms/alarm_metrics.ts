/**
 * Alarm-system performance metrics after ISA-18.2 and EEMUA 191: alarms
 * annunciated per 10 minutes, floods (10 or more in 10 minutes), chattering
 * alarms (3 or more annunciations within 60 s), the top bad actors and
 * standing alarms, as JSON and as Prometheus lines.
 *
 * @module
 */
import { PRIORITIES, type Priority } from "./alarm_definition.ts";
import { ALARM_STATES, ANNUNCIATED } from "./alarm_machine.ts";

/** Thresholds of the metrics. */
export interface MetricsSettings {
  /** Annunciations within `floodWindowMs` that make a flood. */
  floodCount: number;
  /** Flood window and the "per 10 minutes" window, ms. */
  floodWindowMs: number;
  /** Annunciations within `chatterWindowMs` that make an alarm chattering. */
  chatterCount: number;
  /** Chatter window, ms. */
  chatterWindowMs: number;
  /** Active longer than this is a standing alarm, ms. */
  standingAfterMs: number;
  /** How many bad actors to list. */
  badActors: number;
}

/** What the metrics need to know of each alarm. */
export interface AlarmStatus {
  /** Alarm id. */
  id: string;
  /** Twin id. */
  twin: string;
  /** Priority. */
  priority: Priority;
  /** Lifecycle state. */
  state: string;
  /** Condition holds. */
  active: boolean;
  /** Since when the condition holds (epoch ms), or null. */
  activeSince: number | null;
}

/** A flood: from when the count reached the threshold until it fell below. */
export interface FloodEpisode {
  /** Start (epoch ms). */
  start: number;
  /** End (epoch ms), or null while it lasts. */
  end: number | null;
  /** Most annunciations within the window during it. */
  peak: number;
}

/** The metrics report. */
export interface AlarmMetricsReport {
  /** When it was taken (epoch ms). */
  time: number;
  /** Annunciated alarms whose condition holds, by priority. */
  active: { total: number; byPriority: Record<Priority, number> };
  /** Alarms waiting for acknowledgement, by priority. */
  unacknowledged: { total: number; byPriority: Record<Priority, number> };
  /** Alarms by lifecycle state. */
  byState: Record<string, number>;
  /** Annunciations: since start, within the last window, average per window since start. */
  annunciations: { total: number; lastWindow: number; windowS: number; averagePerWindow: number };
  /** Flood state and episodes (newest last). */
  flood: {
    active: boolean;
    count: number;
    threshold: number;
    windowS: number;
    since: number | null;
    episodes: FloodEpisode[];
  };
  /** Alarms chattering now. */
  chattering: { alarm: string; recent: number; episodes: number }[];
  /** Alarms with most annunciations since start. */
  badActors: {
    alarm: string;
    annunciations: number;
    share: number;
    chatterEpisodes: number;
  }[];
  /** Alarms active longer than the standing threshold. */
  standing: {
    alarm: string;
    twin: string;
    priority: Priority;
    state: string;
    activeSince: number;
    durationS: number;
  }[];
}

/**
 * What the metrics remember, as plain JSON: a what-if fork "from now" goes
 * on counting from it (a flood under way stays one flood, an alarm
 * chattering keeps chattering, totals and averages run from the plant's start).
 */
export interface AlarmMetricsState {
  /** When counting started (epoch ms); averages per window run from here. */
  startedAt: number;
  /** Annunciations since start. */
  total: number;
  /** Times of the annunciations still within the flood window, oldest first. */
  window: number[];
  /** Flood episodes, newest last (at most 100). */
  episodes: FloodEpisode[];
  /** The newest episode is still under way. */
  flooding: boolean;
  /** Each alarm annunciated since start. */
  alarms: {
    /** Alarm id. */
    alarm: string;
    /** Annunciations since start. */
    count: number;
    /** Chatter episodes since start. */
    chatterEpisodes: number;
    /** Its latest annunciation times (as many as the chatter count), oldest first. */
    recent: number[];
    /** When its current chatter episode ends (epoch ms), or null. */
    chatterUntil: number | null;
  }[];
}

interface PerAlarm {
  count: number;
  episodes: number;
  recent: Float64Array;
  n: number;
  chatterUntil: number;
}

/** What one annunciation led to. */
export interface AnnunciationOutcome {
  /** The alarm just started chattering. */
  chatterStarted: boolean;
  /** A flood just started. */
  floodStarted: boolean;
}

/** Keeps the counts the metrics are made of. */
export class AlarmMetrics {
  readonly #s: MetricsSettings;
  readonly #per = new Map<string, PerAlarm>();
  #times: number[] = [];
  #head = 0;
  #total = 0;
  #startedAt: number;
  #flood: FloodEpisode | undefined;
  #episodes: FloodEpisode[] = [];

  /** Start counting at `now`. */
  constructor(settings: MetricsSettings, now: number) {
    this.#s = settings;
    this.#startedAt = now;
  }

  /** What the metrics remember at `now` (annunciations that left the flood window are dropped). */
  state(now: number): AlarmMetricsState {
    this.#inWindow(now);
    return {
      startedAt: this.#startedAt,
      total: this.#total,
      window: this.#times.slice(this.#head),
      episodes: this.#episodes.map((e) => ({ ...e })),
      flooding: this.#flood !== undefined,
      alarms: [...this.#per].map(([alarm, p]) => {
        const len = p.recent.length, k = Math.min(p.n, len);
        const recent: number[] = [];
        for (let i = p.n - k; i < p.n; i++) recent.push(p.recent[i % len]);
        return {
          alarm,
          count: p.count,
          chatterEpisodes: p.episodes,
          recent,
          chatterUntil: p.chatterUntil === -Infinity ? null : p.chatterUntil,
        };
      }),
    };
  }

  /** Go on from `state` (from {@linkcode AlarmMetrics.state}), forgetting what these metrics counted. */
  resume(state: AlarmMetricsState): void {
    this.#startedAt = state.startedAt;
    this.#total = state.total;
    this.#times = [...state.window];
    this.#head = 0;
    this.#episodes = state.episodes.map((e) => ({ ...e }));
    this.#flood = state.flooding ? this.#episodes.at(-1) : undefined;
    this.#per.clear();
    for (const a of state.alarms) {
      const p = this.#perAlarm(a.alarm);
      p.count = a.count;
      p.episodes = a.chatterEpisodes;
      // The newest times, oldest first, from slot 0: the ring goes on from there.
      for (const t of a.recent.slice(-p.recent.length)) p.recent[p.n++] = t;
      p.chatterUntil = a.chatterUntil ?? -Infinity;
    }
  }

  #perAlarm(alarm: string): PerAlarm {
    let p = this.#per.get(alarm);
    if (!p) {
      p = {
        count: 0,
        episodes: 0,
        recent: new Float64Array(this.#s.chatterCount),
        n: 0,
        chatterUntil: -Infinity,
      };
      this.#per.set(alarm, p);
    }
    return p;
  }

  /** Count an annunciation of `alarm` at `time`. */
  annunciated(alarm: string, time: number): AnnunciationOutcome {
    this.#total++;
    const p = this.#perAlarm(alarm);
    p.count++;
    p.recent[p.n % p.recent.length] = time;
    p.n++;
    let chatterStarted = false;
    if (p.n >= p.recent.length) {
      const oldest = p.recent[p.n % p.recent.length];
      if (time - oldest <= this.#s.chatterWindowMs) {
        if (time > p.chatterUntil) {
          p.episodes++;
          chatterStarted = true;
        }
        p.chatterUntil = time + this.#s.chatterWindowMs;
      }
    }
    this.#times.push(time);
    const count = this.#inWindow(time);
    let floodStarted = false;
    if (!this.#flood && count >= this.#s.floodCount) {
      this.#flood = { start: time, end: null, peak: count };
      this.#episodes.push(this.#flood);
      if (this.#episodes.length > 100) this.#episodes.shift();
      floodStarted = true;
    }
    if (this.#flood) this.#flood.peak = Math.max(this.#flood.peak, count);
    return { chatterStarted, floodStarted };
  }

  /** Annunciations within the window ending at `now`; closes a flood that has passed. */
  #inWindow(now: number): number {
    const from = now - this.#s.floodWindowMs;
    const t = this.#times;
    while (this.#head < t.length && t[this.#head] < from) this.#head++;
    if (this.#head > 4096 && this.#head * 2 > t.length) {
      this.#times = t.slice(this.#head);
      this.#head = 0;
    }
    const count = this.#times.length - this.#head;
    if (this.#flood && count < this.#s.floodCount) {
      // It ended when the annunciation that kept it going left the window.
      const idx = this.#head + count - this.#s.floodCount;
      this.#flood.end = idx >= 0 ? this.#times[idx] + this.#s.floodWindowMs : now;
      this.#flood = undefined;
    }
    return count;
  }

  /** Whether an alarm is chattering at `now`. */
  chattering(alarm: string, now: number): boolean {
    const p = this.#per.get(alarm);
    if (!p || p.n < p.recent.length) return false;
    return now - p.recent[p.n % p.recent.length] <= this.#s.chatterWindowMs;
  }

  /** Annunciations of one alarm since start. */
  count(alarm: string): number {
    return this.#per.get(alarm)?.count ?? 0;
  }

  /** The full report at `now` over the given alarms. */
  report(now: number, alarms: Iterable<AlarmStatus>): AlarmMetricsReport {
    const zero = () =>
      Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
    const active = { total: 0, byPriority: zero() };
    const unack = { total: 0, byPriority: zero() };
    const byState: Record<string, number> = Object.fromEntries(ALARM_STATES.map((s) => [s, 0]));
    const standing: AlarmMetricsReport["standing"] = [];
    for (const a of alarms) {
      byState[a.state]++;
      if (ANNUNCIATED.has(a.state) && a.active) {
        active.total++;
        active.byPriority[a.priority]++;
      }
      if (a.state === "unacknowledged" || a.state === "returned_unacknowledged") {
        unack.total++;
        unack.byPriority[a.priority]++;
      }
      if (
        ANNUNCIATED.has(a.state) && a.active && a.activeSince !== null &&
        now - a.activeSince >= this.#s.standingAfterMs
      ) {
        standing.push({
          alarm: a.id,
          twin: a.twin,
          priority: a.priority,
          state: a.state,
          activeSince: a.activeSince,
          durationS: Math.round((now - a.activeSince) / 1000),
        });
      }
    }
    standing.sort((x, y) => x.activeSince - y.activeSince);
    const lastWindow = this.#inWindow(now);
    const windows = Math.max(1, (now - this.#startedAt) / this.#s.floodWindowMs);
    const chattering: AlarmMetricsReport["chattering"] = [];
    for (const [alarm, p] of this.#per) {
      if (!this.chattering(alarm, now)) continue;
      let recent = 0;
      for (const t of p.recent) if (now - t <= this.#s.chatterWindowMs) recent++;
      chattering.push({ alarm, recent, episodes: p.episodes });
    }
    const badActors = [...this.#per].sort((a, b) =>
      b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1)
    )
      .slice(0, this.#s.badActors)
      .map(([alarm, p]) => ({
        alarm,
        annunciations: p.count,
        share: Number((p.count / Math.max(1, this.#total)).toFixed(4)),
        chatterEpisodes: p.episodes,
      }));
    return {
      time: now,
      active,
      unacknowledged: unack,
      byState,
      annunciations: {
        total: this.#total,
        lastWindow,
        windowS: this.#s.floodWindowMs / 1000,
        averagePerWindow: Number((this.#total / windows).toFixed(3)),
      },
      flood: {
        active: this.#flood !== undefined,
        count: lastWindow,
        threshold: this.#s.floodCount,
        windowS: this.#s.floodWindowMs / 1000,
        since: this.#flood?.start ?? null,
        episodes: this.#episodes.map((e) => ({ ...e })),
      },
      chattering,
      badActors,
      standing,
    };
  }
}

/** The report as Prometheus text lines (to append to `/metrics`). */
export function prometheusLines(r: AlarmMetricsReport): string {
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of samples) lines.push(`${name}${labels} ${v}`);
  };
  const byPriority = (m: Record<string, number>) =>
    Object.entries(m).map(([p, n]): [string, number] => [`{priority="${p}"}`, n]);
  metric(
    "fieldtwin_alarms_active",
    "gauge",
    "Annunciated alarms whose condition holds, by priority.",
    byPriority(r.active.byPriority),
  );
  metric(
    "fieldtwin_alarms_unacknowledged",
    "gauge",
    "Alarms waiting for acknowledgement, by priority.",
    byPriority(r.unacknowledged.byPriority),
  );
  metric(
    "fieldtwin_alarms_state",
    "gauge",
    "Alarms by lifecycle state.",
    Object.entries(r.byState).map(([s, n]) => [`{state="${s}"}`, n]),
  );
  metric("fieldtwin_alarm_annunciations_total", "counter", "Alarms annunciated since start.", [[
    "",
    r.annunciations.total,
  ]]);
  metric(
    "fieldtwin_alarms_per_window",
    "gauge",
    `Alarms annunciated in the last ${r.annunciations.windowS} s.`,
    [["", r.annunciations.lastWindow]],
  );
  metric(
    "fieldtwin_alarm_flood",
    "gauge",
    "1 while the alarm rate is at or above the flood threshold.",
    [["", r.flood.active ? 1 : 0]],
  );
  metric("fieldtwin_alarm_floods_total", "counter", "Flood episodes since start (last 100 kept).", [
    ["", r.flood.episodes.length],
  ]);
  metric("fieldtwin_alarms_chattering", "gauge", "Alarms chattering now.", [[
    "",
    r.chattering.length,
  ]]);
  metric(
    "fieldtwin_alarms_standing",
    "gauge",
    "Alarms active longer than the standing threshold.",
    [["", r.standing.length]],
  );
  return lines.join("\n") + "\n";
}
