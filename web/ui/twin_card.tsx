/**
 * One twin in the fleet grid: name, kind, mode and key values, each number
 * with its last hour as a sparkline. An abnormal twin (see twin_concern.ts)
 * says why on its card; one in alarm shows its most urgent alarm in words
 * and outlines the value that alarms. Normal twins stay grey (ISA-101). A
 * card re-renders only when what it shows changes (see twin_signature.ts);
 * sparklines redraw by themselves.
 *
 * @module
 */
import { Component } from "preact";
import type { KeyPoint, TwinView } from "./api_types.ts";
import { PriorityBadge } from "./alarm_badges.tsx";
import { needsAck } from "./alarm_labels.ts";
import { alarmWords } from "./alarm_words.ts";
import { Link } from "./link.tsx";
import { ModeBadge } from "./mode_badge.tsx";
import { modeTone } from "./mode_tone.ts";
import { PointValue } from "./point_value.tsx";
import { twinPath } from "./route.ts";
import { Sparkline } from "./sparkline.tsx";
import { twinSignature } from "./twin_signature.ts";
import type { Concern } from "./twin_concern.ts";

/** Props of {@linkcode TwinCard}. */
export interface TwinCardProps {
  /** The twin. */
  twin: TwinView;
  /** Key points of its kind. */
  keys: readonly KeyPoint[];
  /** Meaning of its current mode. */
  meaning?: string;
  /** Why it is abnormal, when it is. */
  concern?: Concern;
}

/** What the card shows of a concern, as one string. */
function concernSignature(c: Concern | undefined): string {
  if (!c || !c.reasons.length) return "";
  const a = c.alarm;
  return `${c.rank}|${c.reasons.join(",")}|${[...c.alarmPoints].join(",")}|${
    a ? `${a.id}|${a.state}|${a.value}|${a.active}` : ""
  }`;
}

/** A fleet grid card. */
export class TwinCard extends Component<TwinCardProps> {
  #signature = "";

  /** Render only when something the card shows has changed. */
  override shouldComponentUpdate(next: TwinCardProps): boolean {
    if (
      next.twin === this.props.twin && next.keys === this.props.keys &&
      next.concern === this.props.concern
    ) return false;
    if (next.keys !== this.props.keys || next.meaning !== this.props.meaning) return true;
    return twinSignature(next.twin, next.keys) + concernSignature(next.concern) !==
      this.#signature;
  }

  /** The card. */
  override render() {
    const { twin: t, keys, meaning, concern } = this.props;
    this.#signature = twinSignature(t, keys) + concernSignature(concern);
    const abnormal = concern && concern.reasons.length > 0;
    const alarm = concern?.alarm;
    return (
      <li
        class={`card tone-edge-${modeTone(t.mode)}${t.running ? "" : " not-running"}${
          abnormal ? ` card-abnormal concern-${concern.tone}` : ""
        }${alarm ? " card-in-alarm" : ""}`}
        data-twin={t.id}
        data-concern={abnormal ? concern.rank : undefined}
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
        {alarm && (
          <p
            class={`card-alarm${needsAck(alarm.state) ? " card-alarm-unack" : ""}`}
            data-alarm={alarm.id}
          >
            <PriorityBadge priority={alarm.priority} />{" "}
            <span class="card-alarm-text">{alarmWords(alarm, t.name)}</span>
          </p>
        )}
        {abnormal && (
          <p class="card-reasons">
            <span class="visually-hidden">Needs attention:</span>
            {concern.reasons.join(" · ")}
          </p>
        )}
        {keys.length > 0 && (
          <dl class="kv">
            {keys.map((k) => (
              <div
                key={k.name}
                data-point={k.name}
                class={concern?.alarmPoints.has(k.name) ? "kv-alarm" : undefined}
                data-alarming={concern?.alarmPoints.has(k.name) ? "" : undefined}
              >
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
