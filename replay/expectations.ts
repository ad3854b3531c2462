/**
 * Tester expectations of a replay, checked while it runs: an alarm raised
 * (or not) within a window, a point staying within bounds, a twin's mode
 * reached by a time. Each result says whether it held and, when not, the
 * time it failed and why. The JSON format is documented in docs/replay.md.
 *
 * @module
 */
import { z } from "zod";
import type { StartedPlant } from "../app/start_plant.ts";
import { iso } from "./recording.ts";

const time = z.union([z.number(), z.string().min(1)]);

const alarmExpectation = z.strictObject({
  alarm: z.string().regex(/^[^/]+\/[^/]+$/, 'an alarm id is "<twin>/<alarm name>"'),
  raised_between: z.tuple([time, time]).optional(),
  not_raised_between: z.tuple([time, time]).optional(),
}).refine((e) => (e.raised_between === undefined) !== (e.not_raised_between === undefined), {
  message: 'give either "raised_between" or "not_raised_between"',
});

const pointExpectation = z.strictObject({
  point: z.string().regex(/^[^.]+\..+$/, 'a point is "<twin>.<point>"'),
  within: z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo <= hi, {
    message: "the lower bound is above the upper",
  }),
  from: time.optional(),
  to: time.optional(),
});

const modeExpectation = z.strictObject({
  mode: z.string().min(1),
  reaches: z.string().min(1),
  by: time,
});

/** Schema of an expectations document. */
export const expectationsSchema = z.strictObject({
  expect: z.array(z.union([alarmExpectation, pointExpectation, modeExpectation])).min(1).max(1_000),
});

/** An expectations document as written. */
export type Expectations = z.output<typeof expectationsSchema>;

/** One expectation's outcome. */
export interface ExpectationResult {
  /** Index in the `expect` array. */
  index: number;
  /** The expectation in words. */
  what: string;
  /** Whether it held. */
  passed: boolean;
  /** When it failed (epoch ms), or when it was met. */
  at: number | null;
  /** Why it failed, or how it was met. */
  detail: string;
}

const DURATION = /^\+(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A time of an expectation: epoch ms, an ISO 8601 string (UTC when it has
 * no zone), or `+90s` / `+5m` / `+2h` after `start`. Throws naming `where`.
 */
export function expectationTime(value: number | string, start: number, where: string): number {
  if (typeof value === "number") return value;
  const d = DURATION.exec(value.trim());
  if (d) return start + Number(d[1]) * UNIT_MS[d[2]];
  const v = value.trim().replace(" ", "T");
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(v) || !v.includes("T") ? v : `${v}Z`);
  if (!Number.isFinite(ms)) {
    throw new Error(
      `${where}: "${value}" is not a time (ISO 8601, epoch ms, or +90s after the start)`,
    );
  }
  return ms;
}

interface Check {
  what: string;
  finish(now: number): ExpectationResult;
}

/**
 * Watches a started plant for `doc`'s expectations from now on; `start` is
 * the time `+90s` counts from. Unknown twins, points and alarms throw,
 * naming the expectation's JSON path.
 */
export class ExpectationWatcher {
  readonly #checks: Check[] = [];
  readonly #stops: (() => void)[] = [];

  /** Start watching. */
  constructor(plant: StartedPlant, doc: Expectations, start: number) {
    const { runtime, alarms } = plant;
    const alarmIds = new Set(alarms.engine.ids());
    const raised = new Map<string, number[]>();
    this.#stops.push(alarms.engine.journal.onAppend((entry) => {
      if (entry.action !== "activate") return;
      const list = raised.get(entry.alarm) ?? [];
      list.push(entry.time);
      raised.set(entry.alarm, list);
    }));
    doc.expect.forEach((e, index) => {
      const where = `expect[${index}]`;
      const at = (v: number | string, key: string) => expectationTime(v, start, `${where}.${key}`);
      if ("alarm" in e) {
        const twin = e.alarm.split("/")[0];
        if (!runtime.twins.has(twin)) throw new Error(`${where}.alarm: unknown twin "${twin}"`);
        if (!alarmIds.has(e.alarm)) {
          const own = [...alarmIds].filter((id) => id.startsWith(`${twin}/`));
          throw new Error(
            `${where}.alarm: twin "${twin}" has no alarm "${e.alarm}"; its alarms: ${
              own.join(", ") || "none"
            }`,
          );
        }
        const window = (e.raised_between ?? e.not_raised_between)!;
        const [t1, t2] = [at(window[0], "window[0]"), at(window[1], "window[1]")];
        const wanted = e.raised_between !== undefined;
        const what = `alarm ${e.alarm} ${wanted ? "raised" : "not raised"} between ${iso(t1)} and ${
          iso(t2)
        }`;
        this.#checks.push({
          what,
          finish: () => {
            const times = raised.get(e.alarm) ?? [];
            const inside = times.filter((t) => t >= t1 && t <= t2);
            if (wanted) {
              if (inside.length > 0) {
                return {
                  index,
                  what,
                  passed: true,
                  at: inside[0],
                  detail: `raised at ${iso(inside[0])}`,
                };
              }
              const detail = times.length
                ? `raised only at ${times.slice(0, 5).map(iso).join(", ")}`
                : "never raised";
              return { index, what, passed: false, at: t2, detail };
            }
            if (inside.length === 0) {
              return { index, what, passed: true, at: null, detail: "not raised in the window" };
            }
            return {
              index,
              what,
              passed: false,
              at: inside[0],
              detail: `raised at ${iso(inside[0])}`,
            };
          },
        });
      } else if ("point" in e) {
        const dot = e.point.indexOf(".");
        const [id, name] = [e.point.slice(0, dot), e.point.slice(dot + 1)];
        const twin = runtime.twins.get(id);
        if (!twin) throw new Error(`${where}.point: unknown twin "${id}"`);
        if (!twin.pointSpecs().some(([n]) => n === name)) {
          throw new Error(
            `${where}.point: twin "${id}" has no point "${name}"; its points: ${
              twin.pointSpecs().map(([n]) => n).join(", ")
            }`,
          );
        }
        const from = e.from === undefined ? -Infinity : at(e.from, "from");
        const to = e.to === undefined ? Infinity : at(e.to, "to");
        const [lo, hi] = e.within;
        const what = `${e.point} within [${lo}, ${hi}]` +
          (e.from !== undefined ? ` from ${iso(from)}` : "") +
          (e.to !== undefined ? ` to ${iso(to)}` : "");
        let failed: { at: number; value: unknown } | undefined;
        let seen = 0;
        let lastTs = -Infinity;
        // Every sample of the point is judged, however many fall in one plant step.
        const judge = (t: unknown) => {
          if (t !== twin || failed) return;
          const ts = twin.pointTs(name);
          if (ts === lastTs || ts < from || ts > to) return;
          lastTs = ts;
          const v = twin.values[name];
          if (typeof v !== "number" || (twin.quality[name] ?? "good") === "bad") return;
          seen++;
          if (!(v >= lo && v <= hi)) failed = { at: ts, value: v };
        };
        this.#stops.push(runtime.onChange(judge));
        this.#checks.push({
          what,
          finish: () => {
            if (failed) {
              return {
                index,
                what,
                passed: false,
                at: failed.at,
                detail: `${shown(failed.value)} at ${iso(failed.at)}`,
              };
            }
            if (seen === 0) {
              return { index, what, passed: false, at: null, detail: "no sample in the window" };
            }
            return { index, what, passed: true, at: null, detail: `${seen} samples within bounds` };
          },
        });
      } else {
        const twin = runtime.twins.get(e.mode);
        if (!twin) throw new Error(`${where}.mode: unknown twin "${e.mode}"`);
        if (!(e.reaches in twin.def.modes)) {
          throw new Error(
            `${where}.reaches: kind "${twin.def.kind}" has no mode "${e.reaches}"; its modes: ${
              Object.keys(twin.def.modes).join(", ")
            }`,
          );
        }
        const by = at(e.by, "by");
        const what = `${e.mode} reaches mode ${e.reaches} by ${iso(by)}`;
        let reached: number | undefined = twin.mode === e.reaches ? runtime.clock.now() : undefined;
        this.#stops.push(runtime.onChange((t) => {
          if (t === twin && reached === undefined && t.mode === e.reaches) {
            reached = runtime.clock.now();
          }
        }));
        this.#checks.push({
          what,
          finish: (now) => {
            if (reached !== undefined && reached <= by) {
              return {
                index,
                what,
                passed: true,
                at: reached,
                detail: `reached at ${iso(reached)}`,
              };
            }
            const detail = reached !== undefined
              ? `reached only at ${iso(reached)}`
              : `still ${twin.mode} at ${iso(Math.min(now, by))}`;
            return { index, what, passed: false, at: by, detail };
          },
        });
      }
    });
  }

  /** Stop watching and judge every expectation as of `now`. */
  finish(now: number): ExpectationResult[] {
    for (const stop of this.#stops) stop();
    return this.#checks.map((c) => c.finish(now));
  }
}

/** A value for messages: numbers without float noise (1.44, not 1.4400000000000002). */
function shown(value: unknown): string {
  return typeof value === "number" ? String(Number(value.toPrecision(12))) : String(value);
}

/** A readable report of expectation results, one line each. */
export function formatResults(results: readonly ExpectationResult[]): string {
  const failed = results.filter((r) => !r.passed);
  const lines = results.map((r) =>
    `${r.passed ? "PASS" : "FAIL"} expect[${r.index}] ${r.what}: ${r.detail}` +
    (!r.passed && r.at !== null ? ` (failed at ${iso(r.at)})` : "")
  );
  lines.push(
    failed.length === 0
      ? `all ${results.length} expectations passed`
      : `${failed.length} of ${results.length} expectations failed`,
  );
  return lines.join("\n");
}
