/**
 * The parts of a source's rich detail that have no dedicated view (active
 * faults, true values behind a drifting sensor, and so on), as a short list.
 *
 * @module
 */
import { detailLabel, detailText } from "./detail_text.ts";

/** A definition list of the detail's other entries. */
export function DetailFacts(props: { detail: Record<string, unknown>; skip: string[] }) {
  const entries = Object.entries(props.detail).filter(([k]) => !props.skip.includes(k));
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="facts-title">
      <h3 id="facts-title">Source detail</h3>
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
