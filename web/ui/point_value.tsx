/**
 * A point's value with its unit, visibly marked when its quality is not
 * good: uncertain values get a question mark, bad ones are struck through,
 * and both say so in words for screen readers and tooltips.
 *
 * @module
 */
import type { Point } from "./api_types.ts";
import { formatWithUnit } from "./display_format.ts";

/** A formatted point value. */
export function PointValue(props: { point: Point | undefined }) {
  const p = props.point;
  if (!p) return <span class="q-bad">—</span>;
  const text = formatWithUnit(p.value, p.unit);
  if (p.quality === "good") return <span class="value">{text}</span>;
  return (
    <span class={`value q-${p.quality}`} title={`quality: ${p.quality}`}>
      <span class="q-text">{text}</span>
      <span class="q-flag">{p.quality === "bad" ? "bad" : "?"}</span>
    </span>
  );
}
