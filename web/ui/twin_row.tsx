/**
 * One twin as a row of the fleet table, the dense alternative to cards for
 * scanning hundreds of twins. Re-renders only when what it shows changes.
 *
 * @module
 */
import { Component } from "preact";
import type { TwinCardProps } from "./twin_card.tsx";
import { Link } from "./link.tsx";
import { ModeBadge } from "./mode_badge.tsx";
import { PointValue } from "./point_value.tsx";
import { twinPath } from "./route.ts";
import { twinSignature } from "./twin_signature.ts";

/** A fleet table row. */
export class TwinRow extends Component<TwinCardProps> {
  #signature = "";

  /** Render only when something the row shows has changed. */
  override shouldComponentUpdate(next: TwinCardProps): boolean {
    if (next.twin === this.props.twin && next.keys === this.props.keys) return false;
    if (next.keys !== this.props.keys || next.meaning !== this.props.meaning) return true;
    return twinSignature(next.twin, next.keys) !== this.#signature;
  }

  /** The row. */
  override render() {
    const { twin: t, keys, meaning } = this.props;
    this.#signature = twinSignature(t, keys);
    return (
      <tr data-twin={t.id} class={t.running ? undefined : "not-running"}>
        <th scope="row">
          <Link href={twinPath(t.id)}>{t.name}</Link>
          {t.name !== t.id && <span class="muted mono">{t.id}</span>}
        </th>
        <td>{t.kind.replaceAll("_", " ")}</td>
        <td>
          <ModeBadge mode={t.mode} meaning={meaning} />
        </td>
        <td class="kv-inline">
          {keys.map((k) => (
            <span key={k.name} data-point={k.name}>
              <span class="muted" title={k.spec.description}>{k.name.replaceAll("_", " ")}</span>
              {" "}
              <PointValue point={t.points[k.name]} />
            </span>
          ))}
        </td>
      </tr>
    );
  }
}
