/**
 * A rod-pumped well: the beam pumping unit (its beam tilting with the
 * polished rod's live position, solid while pumping), the wellbore with the
 * fluid level over the pump, the latest dynamometer card as a thumbnail
 * that leads to the full card, and production live beside them.
 *
 * @module
 */
import type { TwinDetail, TwinView } from "./api_types.ts";
import { diagnosisWords, isFaultClass } from "./card_diagnosis_words.ts";
import { isCard } from "./dyno_card_plot.tsx";
import { PointArea, ProcessDefs, showTarget, ValueLink } from "./process_parts.tsx";
import { numberOf, reading } from "./process_value.ts";
import { beamTilt, depthY, pumpDepth, thumbnailPath, WELL_H, WELL_W } from "./well_layout.ts";

/** Props of {@linkcode WellDisplay}. */
export interface WellDisplayProps {
  /** The well, live. */
  view: TwinView;
  /** Its detail (params for the pump depth, the latest card), once read. */
  detail: TwinDetail | undefined;
  /** The well's points an active alarm stands on. */
  alarmed: ReadonlySet<string>;
}

const PIVOT = { x: 110, y: 104 };
const HALF_BEAM = 80;
const GROUND = 210;
const BORE = { x: 198, top: GROUND, bottom: 312 };
const CARD = { x: 272, y: 14, w: 162, h: 104 };

/** The display. */
export function WellDisplay(props: WellDisplayProps) {
  const { view, detail, alarmed } = props;
  const p = view.points;
  const pumping = p.pumping?.value === true;
  const tilt = beamTilt(numberOf(p.rod_position), numberOf(p.stroke_length));
  const rad = (tilt * Math.PI) / 180;
  const headY = PIVOT.y + Math.sin(rad) * HALF_BEAM;
  const tailX = PIVOT.x - Math.cos(rad) * HALF_BEAM;
  const tailY = PIVOT.y - Math.sin(rad) * HALF_BEAM;
  const depth = pumpDepth((detail?.params as { rods?: unknown } | undefined)?.rods);
  const fluid = numberOf(p.fluid_level);
  const fluidY = fluid === undefined || !depth
    ? BORE.bottom
    : depthY(fluid, depth, BORE.top, BORE.bottom - 4);
  const fluidQ = reading(p.fluid_level).quality;
  const extra = detail?.detail ?? undefined;
  const card = extra && isCard(extra.card) ? extra.card : undefined;
  const cls = typeof p.diagnosis?.value === "string" ? p.diagnosis.value : undefined;
  const fault = cls ? isFaultClass(cls) : false;
  const unitQ = reading(p.rod_position).quality;
  const unitAbnormal = view.mode === "fault" || alarmed.has("polished_rod_load") ||
    alarmed.has("peak_load");
  const v = (name: string, label: string, x: number, y: number, anchor?: "end" | "middle") => (
    <ValueLink
      name={name}
      label={label}
      point={p[name]}
      alarmed={alarmed.has(name)}
      x={x}
      y={y}
      anchor={anchor}
    />
  );
  const summary = `Well ${view.name}: ${view.mode.replaceAll("_", " ")}, ${
    pumping ? "pumping" : "not pumping"
  }, ${reading(p.spm).text}, fluid level ${reading(p.fluid_level).text} below surface`;
  const cardLabel = `Latest dynamometer card${
    cls ? `, diagnosis ${diagnosisWords(cls)}${fault ? " (fault)" : ""}` : ""
  }: show the full card`;

  return (
    <svg
      viewBox={`0 0 ${WELL_W} ${WELL_H}`}
      class="pd-svg"
      role="group"
      aria-label={summary}
      data-display="well"
    >
      <ProcessDefs />
      {v("spm", "speed", 6, 20)}
      {v("stroke_length", "stroke", 140, 20)}
      {v("polished_rod_load", "load", 6, 40)}
      {v("motor_power", "motor", 140, 40)}
      {v("pumping", "pumping", 6, 60)}

      {/* Pumping unit: crank, pitman, Samson post, walking beam, horsehead. */}
      <PointArea name="spm">
        <g
          class={`pd-machine pd-unit pd-${pumping ? "solid" : "hollow"}${
            unitAbnormal ? " pd-abnormal" : ""
          }${unitQ === "good" ? "" : " pd-stale"}`}
          data-state={pumping ? "pumping" : "stopped"}
          data-tilt={tilt.toFixed(1)}
        >
          <title>{`pumping unit ${pumping ? "pumping" : "stopped"}`}</title>
          <rect class="pd-body" x={6} y={188} width={30} height={22} />
          <circle class="pd-body" cx={48} cy={176} r={15} />
          <line class="pd-rod" x1={tailX} y1={tailY} x2={48} y2={176} />
          <path
            class="pd-body"
            d={`M${PIVOT.x - 26},${GROUND} L${PIVOT.x},${PIVOT.y} L${PIVOT.x + 26},${GROUND} Z`}
          />
          <g transform={`rotate(${tilt.toFixed(2)} ${PIVOT.x} ${PIVOT.y})`}>
            <rect
              class="pd-body"
              x={PIVOT.x - HALF_BEAM}
              y={PIVOT.y - 5}
              width={2 * HALF_BEAM}
              height={10}
              fill={unitQ === "good" ? undefined : "url(#pd-hatch)"}
            />
            <path
              class="pd-body"
              d={`M${PIVOT.x + HALF_BEAM},${PIVOT.y - 18} A${24},${24} 0 0 1 ${
                PIVOT.x + HALF_BEAM
              },${PIVOT.y + 18} Z`}
            />
          </g>
        </g>
      </PointArea>
      <line class="pd-rod" x1={BORE.x} y1={headY} x2={BORE.x} y2={GROUND} />
      <line class="pd-ground" x1={4} y1={GROUND} x2={250} y2={GROUND} />

      {/* Wellbore, fluid level, pump. */}
      <PointArea name="fluid_level">
        <rect
          class="pd-vessel"
          x={BORE.x - 8}
          y={BORE.top}
          width={16}
          height={BORE.bottom - BORE.top}
        />
        <rect
          class={`pd-liquid${fluidQ === "good" ? "" : " pd-stale"}`}
          x={BORE.x - 6}
          y={fluidY}
          width={12}
          height={BORE.bottom - fluidY}
          fill={fluidQ === "good" ? undefined : "url(#pd-hatch)"}
        />
        <rect
          class="pd-body pd-downhole"
          x={BORE.x - 4}
          y={BORE.bottom - 14}
          width={8}
          height={12}
        />
      </PointArea>
      {v("fluid_level", "fluid", BORE.x - 14, Math.min(fluidY + 5, BORE.bottom - 26), "end")}
      {v("intake_pressure", "intake", BORE.x - 14, BORE.bottom - 4, "end")}

      {/* The latest card, a link to the full plot. */}
      <a
        href="#card-title"
        class={`pd-link pd-card${fault ? " pd-alarm" : ""}`}
        aria-label={cardLabel}
        data-card-link
        onClick={(e) => {
          e.preventDefault();
          showTarget("#card-title");
        }}
      >
        <title>{cardLabel}</title>
        <rect class="pd-vessel pd-card-box" x={CARD.x} y={CARD.y} width={CARD.w} height={CARD.h} />
        {card
          ? (
            <path
              class="pd-card-path"
              d={thumbnailPath(card, {
                x: CARD.x + 8,
                y: CARD.y + 8,
                w: CARD.w - 16,
                h: CARD.h - 16,
              })}
              data-points={card.position.length}
            />
          )
          : (
            <text
              class="pd-text pd-label"
              x={CARD.x + CARD.w / 2}
              y={CARD.y + CARD.h / 2}
              text-anchor="middle"
            >
              no card yet
            </text>
          )}
        <text class="pd-text" x={CARD.x} y={CARD.y + CARD.h + 22}>
          {fault && <tspan class="pd-alarm-mark">◆&nbsp;</tspan>}
          <tspan class="pd-label">card&nbsp;</tspan>
          <tspan data-diagnosis={cls}>{cls ? diagnosisWords(cls) : "—"}</tspan>
        </text>
      </a>
      {v("fillage", "fillage", CARD.x, 164)}
      {v("production_liquid", "liquid", CARD.x, 186)}
      {v("production_oil", "oil", CARD.x, 208)}
      {v("inflow", "inflow", CARD.x, 230)}
      {v("peak_load", "peak", CARD.x, 252)}
      {v("min_load", "min", CARD.x, 274)}
    </svg>
  );
}
