/**
 * A well's dynamometer card as an SVG: polished-rod load against position,
 * one closed loop per pumping stroke, with the downhole pump card on the
 * same axes when the source gives one (the Gibbs card computed from the
 * surface card, or a simulator's exact pump card), a legend, and the rod's
 * live position as a moving dot. Each path carries its point count in
 * `data-points`.
 *
 * @module
 */
import { cardAxes, cardPath, type CardSeries } from "./dyno_card_scale.ts";
import { extent, scale, tickLabel } from "./plot_scale.ts";

export type { CardSeries };

/** Whether `v` looks like a card (two equal-length numeric arrays of at least 2 points). */
export function isCard(v: unknown): v is CardSeries {
  if (!v || typeof v !== "object") return false;
  const c = v as Partial<CardSeries>;
  return Array.isArray(c.position) && Array.isArray(c.load) && c.position.length >= 2 &&
    c.position.length === c.load.length && typeof c.position[0] === "number" &&
    typeof c.load[0] === "number";
}

const W = 520, H = 300;
const M = { left: 56, right: 14, top: 14, bottom: 44 };

/** Props of {@linkcode DynoCardPlot}. */
export interface DynoCardPlotProps {
  /** The surface card. */
  card: CardSeries;
  /** The downhole pump card, if known. */
  downhole?: CardSeries;
  /** What the downhole card is, for the legend (default "downhole pump card"). */
  downholeLabel?: string;
  /** The rod's live position (m) and load (kN), drawn as a dot on the card. */
  now?: { position: number; load: number };
}

/** The plot. */
export function DynoCardPlot(props: DynoCardPlotProps) {
  const { card, downhole, now } = props;
  const downholeLabel = props.downholeLabel ?? "downhole pump card";
  const { x: xa, y: ya } = cardAxes(downhole ? [card, downhole] : [card]);
  const px = (v: number) => scale(v, xa.lo, xa.hi, M.left, W - M.right);
  const py = (v: number) => scale(v, ya.lo, ya.hi, H - M.bottom, M.top);
  const [x0, x1] = extent(card.position);
  const [lmin, lmax] = extent(card.load);
  const label = `Surface dynamometer card: load ${lmin.toFixed(1)} to ${lmax.toFixed(1)} kN ` +
    `over a ${(x1 - x0).toFixed(2)} m stroke`;
  return (
    <figure class="plot">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} class="dyno-card">
        <title>{label}</title>
        {xa.ticks.map((t) => (
          <g key={`x${t}`}>
            <line class="grid-line" x1={px(t)} x2={px(t)} y1={M.top} y2={H - M.bottom} />
            <text class="tick" x={px(t)} y={H - M.bottom + 16} text-anchor="middle">
              {tickLabel(t, xa.step)}
            </text>
          </g>
        ))}
        {ya.ticks.map((t) => (
          <g key={`y${t}`}>
            <line class="grid-line" x1={M.left} x2={W - M.right} y1={py(t)} y2={py(t)} />
            <text class="tick" x={M.left - 6} y={py(t) + 4} text-anchor="end">
              {tickLabel(t, ya.step)}
            </text>
          </g>
        ))}
        <line class="axis" x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
        <line class="axis" x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} />
        <text class="axis-label" x={(M.left + W - M.right) / 2} y={H - 6} text-anchor="middle">
          Polished-rod position (m)
        </text>
        <text
          class="axis-label"
          x={14}
          y={(M.top + H - M.bottom) / 2}
          text-anchor="middle"
          transform={`rotate(-90 14 ${(M.top + H - M.bottom) / 2})`}
        >
          Load (kN)
        </text>
        {downhole && (
          <path
            class="series series-downhole"
            d={cardPath(downhole, px, py)}
            data-points={downhole.position.length}
          >
            <title>{downholeLabel}</title>
          </path>
        )}
        <path
          class="series series-surface"
          d={cardPath(card, px, py)}
          data-points={card.position.length}
        >
          <title>surface card</title>
        </path>
        {now && (
          <circle class="rod-now" cx={px(now.position)} cy={py(now.load)} r={5}>
            <title>
              {`Now: ${now.position.toFixed(2)} m, ${now.load.toFixed(1)} kN`}
            </title>
          </circle>
        )}
      </svg>
      <figcaption>
        <span class="legend legend-surface">surface card</span>
        {downhole && <span class="legend legend-downhole">{downholeLabel}</span>}
        {now && <span class="legend legend-now">rod now</span>}
      </figcaption>
    </figure>
  );
}
