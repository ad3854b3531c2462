/**
 * The pump station as a schematic: sump, the pumps (each a link to its own
 * twin, running state as fill plus words, speed and flow), the discharge
 * header and main, the tank with its live level and each pump's
 * level-control band (solid while the level control runs the pumps), and
 * the demand. Live values come from the stream; params, children and the
 * controls from the twin's detail.
 *
 * @module
 */
import type { TwinDetail, TwinView } from "./api_types.ts";
import { formatNumber } from "./display_format.ts";
import { PointArea, ProcessDefs, PumpSymbol, TwinLink, ValueLink } from "./process_parts.tsx";
import { numberOf, pumpLook, reading } from "./process_value.ts";
import {
  type LevelControl,
  levelControls,
  levelY,
  pumpControlText,
  stationGeometry,
} from "./station_layout.ts";

/** Props of {@linkcode StationSchematic}. */
export interface StationSchematicProps {
  /** The station, live. */
  view: TwinView;
  /** Its detail (params, children, controls), once read. */
  detail: TwinDetail | undefined;
  /** A pump twin's live view by id. */
  pump: (id: string) => TwinView | undefined;
  /** Whether a twin has an active alarm. */
  twinAlarmed: (id: string) => boolean;
  /** The station's points an active alarm stands on. */
  alarmed: ReadonlySet<string>;
}

/** The tank's height (max level) from the station's params, else a guess from the level. */
function tankMax(params: unknown, level: number | undefined): number {
  const t = (params as { tank?: { max_level_m?: unknown } } | undefined)?.tank;
  if (typeof t?.max_level_m === "number" && t.max_level_m > 0) return t.max_level_m;
  return Math.max(1, (level ?? 0) * 1.5);
}

/** The schematic. */
export function StationSchematic(props: StationSchematicProps) {
  const { view, detail, alarmed } = props;
  const p = view.points;
  const pumps = detail?.children ?? [];
  const g = stationGeometry(pumps.length);
  const extra = detail?.detail ?? undefined;
  const controls: LevelControl[] = levelControls(extra?.controls);
  const scheduled = !!extra?.schedule;
  const mode = typeof p.mode?.value === "string" ? p.mode.value : undefined;
  const level = numberOf(p.tank_level);
  const max = tankMax(detail?.params, level);
  const levelQ = reading(p.tank_level).quality;
  const fillY = level === undefined ? g.tank.y + g.tank.h : levelY(g.tank, level, max);
  const suffix = (id: string) => id.startsWith(`${view.id}-`) ? id.slice(view.id.length + 1) : id;
  const running = numberOf(p.running_pumps);
  const summary = `Pump station ${view.name}: mode ${mode ?? "unknown"}, tank level ${
    reading(p.tank_level).text
  }, ${running ?? "?"} of ${pumps.length} pumps running`;

  return (
    <svg
      viewBox={`0 0 ${g.width} ${g.height}`}
      class="pd-svg"
      role="group"
      aria-label={summary}
      data-display="pump_station"
    >
      <ProcessDefs />
      {/* Sump, suction lines, header, main. */}
      <rect class="pd-vessel" x={g.sump.x} y={g.sump.y} width={g.sump.w} height={g.sump.h} />
      <rect
        class="pd-liquid"
        x={g.sump.x + 2}
        y={g.sump.y + 14}
        width={g.sump.w - 4}
        height={g.sump.h - 16}
      />
      <text class="pd-text pd-label" x={g.sump.x} y={g.sump.y - 6}>sump</text>
      {g.pumps.map((s, i) => (
        <g key={`pipe${i}`}>
          <line class="pd-pipe" x1={g.sump.x + g.sump.w} y1={s.cy} x2={s.cx - s.r} y2={s.cy} />
          <line
            class="pd-pipe"
            x1={s.cx + s.r * 1.25}
            y1={s.cy - s.r * 0.7}
            x2={g.header.x}
            y2={s.cy - s.r * 0.7}
          />
        </g>
      ))}
      <line
        class="pd-pipe"
        x1={g.header.x}
        y1={g.header.y1}
        x2={g.header.x}
        y2={g.header.y2 - 12}
      />
      <path
        class="pd-pipe"
        d={`M${g.main.x1},${g.main.y} H${g.main.x2} V${g.tank.y}`}
        marker-end="url(#pd-arrow)"
      />
      <ValueLink
        name="header_pressure"
        label="header"
        point={p.header_pressure}
        alarmed={alarmed.has("header_pressure")}
        x={g.header.x - 6}
        y={g.main.y - 8}
        anchor="end"
      />
      <ValueLink
        name="inflow"
        label=""
        point={p.inflow}
        alarmed={alarmed.has("inflow")}
        x={g.header.x + 6}
        y={g.main.y - 8}
      />

      {/* Pumps: each a link to its own twin. */}
      {pumps.map((id, i) => {
        const s = g.pumps[i];
        const pv = props.pump(id);
        const look = pumpLook(pv?.mode);
        const abnormal = look.abnormal || props.twinAlarmed(id);
        const speed = reading(pv?.points.speed);
        const flow = reading(pv?.points.flow);
        const control = pumpControlText(mode, controls.find((c) => c.pump === id), scheduled);
        const q = speed.quality === "good" && flow.quality === "good" ? "good" : "uncertain";
        const label = `Pump ${suffix(id)}: ${look.words}, speed ${speed.text}, flow ${flow.text}` +
          `${control ? `, ${control}` : ""}${abnormal ? ", in alarm" : ""}. Open the pump's page`;
        const tx = s.cx + s.r * 1.25 + 10;
        return (
          <TwinLink key={id} id={id} label={label}>
            <g data-pump={id} class={abnormal ? "pd-alarm" : undefined}>
              <rect
                class="pd-hit"
                x={s.cx - s.r - 4}
                y={s.cy - 26}
                width={g.header.x - s.cx + s.r}
                height={58}
              />
              <PumpSymbol cx={s.cx} cy={s.cy} r={s.r} look={{ ...look, abnormal }} quality={q} />
              <text class="pd-text" x={tx} y={s.cy - 16}>
                <tspan class="pd-name">{suffix(id)}</tspan>{" "}
                <tspan class="pd-state" data-state-text>{look.words}</tspan>
              </text>
              <text class={`pd-text q-${q}`} x={tx} y={s.cy + 10}>
                {`${speed.text} · ${flow.text}`}
              </text>
              {control && (
                <text class="pd-text pd-small pd-label" x={tx} y={s.cy + 26} data-control>
                  {control}
                </text>
              )}
            </g>
          </TwinLink>
        );
      })}

      {/* Tank with level and the level-control bands. */}
      <PointArea name="tank_level">
        <g class={alarmed.has("tank_level") ? "pd-alarm" : undefined}>
          <rect
            class={`pd-liquid${levelQ === "good" ? "" : " pd-stale"}`}
            x={g.tank.x}
            y={fillY}
            width={g.tank.w}
            height={g.tank.y + g.tank.h - fillY}
            fill={levelQ === "good" ? undefined : "url(#pd-hatch)"}
            data-fill-level={level}
          />
          <rect
            class="pd-vessel pd-tank"
            x={g.tank.x}
            y={g.tank.y}
            width={g.tank.w}
            height={g.tank.h}
          />
        </g>
      </PointArea>
      <ValueLink
        name="tank_level"
        label=""
        spoken="tank level"
        point={p.tank_level}
        alarmed={alarmed.has("tank_level")}
        x={g.tank.x + g.tank.w / 2}
        y={g.tank.y + 40}
        anchor="middle"
      />
      <text
        class="pd-text pd-small pd-label"
        x={g.tank.x + g.tank.w / 2}
        y={g.tank.y + 18}
        text-anchor="middle"
      >
        tank
      </text>
      {pumps.map((id, i) => {
        const c = controls.find((x) => x.pump === id);
        if (!c) return null;
        const x = g.bands.x + i * g.bands.step;
        const top = levelY(g.tank, c.stop_above_m, max);
        const bottom = levelY(g.tank, c.start_below_m, max);
        const active = mode === "auto" && !scheduled;
        return (
          <g key={`band${id}`} class={`pd-band${active ? "" : " pd-band-idle"}`} data-band={id}>
            <title>
              {`${suffix(id)}: starts below ${formatNumber(c.start_below_m)} m, stops above ${
                formatNumber(c.stop_above_m)
              } m${active ? "" : " (level control not running the pumps now)"}`}
            </title>
            <rect x={x} y={top} width={6} height={Math.max(2, bottom - top)} />
            <text class="pd-text pd-tiny" x={x + 3} y={g.tank.y - 4} text-anchor="middle">
              {suffix(id)}
            </text>
          </g>
        );
      })}

      {/* Demand. */}
      <path
        class="pd-pipe"
        d={`M${g.demand.x1},${g.demand.y} H${g.demand.x2}`}
        marker-end="url(#pd-arrow)"
      />
      <ValueLink
        name="demand"
        label="demand"
        point={p.demand}
        alarmed={alarmed.has("demand")}
        x={g.width - 6}
        y={g.demand.y + 22}
        anchor="end"
      />
      <ValueLink
        name="outflow"
        label="out"
        point={p.outflow}
        alarmed={alarmed.has("outflow")}
        x={g.width - 6}
        y={g.demand.y + 42}
        anchor="end"
      />
      <ValueLink
        name="delivery_pressure"
        label=""
        point={p.delivery_pressure}
        alarmed={alarmed.has("delivery_pressure")}
        x={g.width - 6}
        y={g.demand.y + 62}
        anchor="end"
      />
      <ValueLink
        name="mode"
        label="mode"
        point={p.mode}
        alarmed={alarmed.has("mode")}
        x={g.sump.x}
        y={g.height - 26}
      />
      <ValueLink
        name="total_power"
        label="power"
        point={p.total_power}
        alarmed={alarmed.has("total_power")}
        x={g.sump.x}
        y={g.height - 8}
      />
    </svg>
  );
}
