/**
 * The parts of a source's rich detail that have no dedicated view (active
 * faults, true values behind a drifting sensor, and so on), as a short list
 * with the time it was read, so its numbers are never taken for live ones
 * without saying how old they are.
 *
 * @module
 */
import { detailLabel, detailText } from "./detail_text.ts";
import { formatTimeOfDay } from "./display_format.ts";
import { formatAge } from "./value_age.ts";

/** A definition list of the detail's other entries, read at `at` (runtime clock, epoch ms). */
export function DetailFacts(
  props: { detail: Record<string, unknown>; skip: string[]; at?: number; now: number },
) {
  const entries = Object.entries(props.detail).filter(([k]) => !props.skip.includes(k));
  if (entries.length === 0) return null;
  const { at, now } = props;
  return (
    <section aria-labelledby="facts-title">
      <h3 id="facts-title">Source detail</h3>
      {at !== undefined && (
        <p class="muted facts-time" id="facts-time" data-at={at}>
          Read at <time>{formatTimeOfDay(at)}</time> UTC
          {now ? ` (${formatAge(Math.max(0, now - at))})` : ""}
        </p>
      )}
      <dl class="facts">
        {entries.map(([k, v]) => (
          <div key={k} data-fact={k}>
            <dt>{detailLabel(k)}</dt>
            <dd>{detailText(v)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
