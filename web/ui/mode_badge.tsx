/**
 * A mode shown as a coloured badge; its meaning (from the kind) is the
 * tooltip. The text always names the mode, so colour is never the only cue.
 *
 * @module
 */
import { modeLabel, modeTone } from "./mode_tone.ts";

/** A mode badge. */
export function ModeBadge(props: { mode: string; meaning?: string; count?: number }) {
  return (
    <span class={`badge tone-${modeTone(props.mode)}`} title={props.meaning}>
      {modeLabel(props.mode)}
      {props.count !== undefined && <span class="badge-count">{props.count}</span>}
    </span>
  );
}
