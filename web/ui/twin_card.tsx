/**
 * One twin in the fleet grid: name, kind, mode and key values, each number
 * with its last hour as a sparkline. A card re-renders only when what it
 * shows changes (see twin_signature.ts); sparklines redraw by themselves.
 *
 * @module
 */
import { Component } from "preact";
import type { KeyPoint, TwinView } from "./api_types.ts";
import { Link } from "./link.tsx";
import { ModeBadge } from "./mode_badge.tsx";
import { modeTone } from "./mode_tone.ts";
import { PointValue } from "./point_value.tsx";
import { twinPath } from "./route.ts";
import { Sparkline } from "./sparkline.tsx";
import { twinSignature } from "./twin_signature.ts";

/** Props of {@linkcode TwinCard}. */
export interface TwinCardProps {
  /** The twin. */
  twin: TwinView;
  /** Key points of its kind. */
  keys: readonly KeyPoint[];
  /** Meaning of its current mode. */
  meaning?: string;
}

/** A fleet grid card. */
export class TwinCard extends Component<TwinCardProps> {
  #signature = "";

  /** Render only when something the card shows has changed. */
  override shouldComponentUpdate(next: TwinCardProps): boolean {
    if (next.twin === this.props.twin && next.keys === this.props.keys) return false;
    if (next.keys !== this.props.keys || next.meaning !== this.props.meaning) return true;
    return twinSignature(next.twin, next.keys) !== this.#signature;
  }

  /** The card. */
  override render() {
    const { twin: t, keys, meaning } = this.props;
    this.#signature = twinSignature(t, keys);
    return (
      <li
        class={`card tone-edge-${modeTone(t.mode)}${t.running ? "" : " not-running"}`}
        data-twin={t.id}
      >
        <div class="card-head">
          <Link href={twinPath(t.id)} class="card-title" title={t.name}>{t.name}</Link>
          <ModeBadge mode={t.mode} meaning={meaning} />
        </div>
        <div class="card-sub">
          {t.kind.replaceAll("_", " ")}
          {t.name !== t.id && (
            <>
              {" · "}
              <span class="mono">{t.id}</span>
            </>
          )}
        </div>
        {keys.length > 0 && (
          <dl class="kv">
            {keys.map((k) => (
              <div key={k.name} data-point={k.name}>
                <dt title={k.spec.description}>{k.name.replaceAll("_", " ")}</dt>
                <dd>
                  {(k.spec.type ?? "number") === "number" && (
                    <Sparkline twin={t.id} point={k.name} />
                  )}
                  <PointValue point={t.points[k.name]} />
                </dd>
              </div>
            ))}
          </dl>
        )}
      </li>
    );
  }
}
