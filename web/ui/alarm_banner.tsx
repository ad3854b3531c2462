/**
 * The alarm banner under the header, on every page: annunciated alarms by
 * priority, each count with its unacknowledged share marked until it is
 * acknowledged, a flood indicator while the metrics report one, and the
 * newest unacknowledged alarm's message. The whole banner opens the list.
 *
 * @module
 */
import { useApp } from "./app_context.ts";
import { PRIORITY_MARK } from "./alarm_labels.ts";
import { alarmWords } from "./alarm_words.ts";
import { Link } from "./link.tsx";

/** The banner. */
export function AlarmBanner(props: { current: boolean }) {
  const { alarms, store } = useApp();
  const s = alarms.summary();
  const flood = alarms.metrics?.flood;
  const worst = s.counts.find((c) => c.unacked > 0)?.priority ??
    s.counts.find((c) => c.total > 0)?.priority;
  return (
    <Link
      href="/alarms"
      class={`alarm-banner${worst ? ` banner-${worst}` : ""}${s.unacked ? " has-unack" : ""}`}
      title="Open the alarm list"
      current={props.current}
    >
      <span class="banner-title">Alarms</span>
      <span class="banner-counts" id="alarm-banner-counts">
        {s.counts.map((c) => (
          <span
            key={c.priority}
            class={`banner-count prio-${c.priority}${c.total ? "" : " is-zero"}${
              c.unacked ? " has-unack" : ""
            }`}
            data-priority={c.priority}
          >
            <span class="prio-mark" aria-hidden="true">{PRIORITY_MARK[c.priority]}</span>
            <span class="banner-prio">{c.priority}</span>{" "}
            <span class="banner-total">{c.total}</span>
            {c.unacked > 0 && (
              <span class="banner-unack" data-unacked={c.unacked}>
                {c.unacked} unack
              </span>
            )}
          </span>
        ))}
      </span>
      {flood?.active && (
        <span class="banner-flood" id="alarm-flood" role="status">
          FLOOD {flood.count} in {Math.round(flood.windowS / 60)} min
        </span>
      )}
      <span class="banner-newest" id="alarm-newest" role="status" aria-live="polite">
        {s.newest
          ? alarmWords(s.newest, store.nameOf(s.newest.twin))
          : alarms.error
          ? `alarms unavailable: ${alarms.error}`
          : s.total
          ? "all alarms acknowledged"
          : "no active alarms"}
      </span>
    </Link>
  );
}
