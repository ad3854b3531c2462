/**
 * A cooling site as its coolant loop: the rigs heating the coolant, the hot
 * return to the dry cooler and its fans, the cold supply back through the
 * circulation pumps, with supply and return temperatures, speeds, flow and
 * failed units live on the drawing. Every value links to its point's row.
 *
 * @module
 */
import type { TwinDetail, TwinView } from "./api_types.ts";
import {
  COOLER_BOX,
  COOLING_H,
  COOLING_W,
  fanSlots,
  pumpSlots,
  unitLooks,
} from "./cooling_layout.ts";
import { FanSymbol, PointArea, ProcessDefs, PumpSymbol, ValueLink } from "./process_parts.tsx";
import { numberOf, reading } from "./process_value.ts";

/** Props of {@linkcode CoolingLoopDisplay}. */
export interface CoolingLoopProps {
  /** The site, live. */
  view: TwinView;
  /** Its detail (the simulator's config gives the fan and pump counts), once read. */
  detail: TwinDetail | undefined;
  /** The site's points an active alarm stands on. */
  alarmed: ReadonlySet<string>;
}

/** A whole count from the site's config (detail) or params, else `fallback`. */
function countOf(detail: TwinDetail | undefined, key: string, fallback: number): number {
  const config = (detail?.detail as { config?: Record<string, unknown> } | null | undefined)
    ?.config;
  const params = detail?.params as Record<string, unknown> | undefined;
  const v = config?.[key] ?? params?.[key];
  return typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : fallback;
}

/** The loop display. */
export function CoolingLoopDisplay(props: CoolingLoopProps) {
  const { view, detail, alarmed } = props;
  const p = view.points;
  const on = p.running?.value === true;
  const fans = countOf(detail, "fans", 0);
  const pumps = countOf(detail, "pumps", 1);
  const fanLooks = unitLooks(fans, numberOf(p.fans_failed) ?? 0, numberOf(p.fan_speed), on);
  const pumpLooks = unitLooks(pumps, numberOf(p.pumps_failed) ?? 0, numberOf(p.pump_speed), on);
  const fanQ = reading(p.fan_speed).quality;
  const pumpQ = reading(p.pump_speed).quality;
  const fanAt = fanSlots(fans);
  const pumpAt = pumpSlots(pumps, 162, 280);
  const box = COOLER_BOX;
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
  const summary = `Cooling site ${view.name}: ${view.mode.replaceAll("_", " ")}, supply ${
    reading(p.supply_temp).text
  }, return ${reading(p.return_temp).text}, ${
    fanLooks.filter((l) => l.fill === "solid").length
  } of ${fans} fans running`;

  return (
    <svg
      viewBox={`0 0 ${COOLING_W} ${COOLING_H}`}
      class="pd-svg"
      role="group"
      aria-label={summary}
      data-display="cooling_site"
    >
      <ProcessDefs />
      {/* Rigs. */}
      <PointArea name="heat_load">
        <rect class="pd-vessel" x={6} y={60} width={132} height={180} />
      </PointArea>
      <text class="pd-text pd-label" x={14} y={80}>rigs</text>
      {v("rigs_online", "online", 14, 104)}
      {v("rigs_tripped", "tripped", 14, 126)}
      {v("heat_load", "heat", 14, 148)}
      {v("rig_throttle", "power", 14, 170)}
      {v("hashrate", "", 14, 192)}
      {v("pue", "PUE", 14, 214)}

      {/* Hot return up and over to the cooler. */}
      <path
        class="pd-pipe pd-hot"
        d={`M68,60 V34 H${box.x + box.w / 2} V${box.y}`}
        marker-end="url(#pd-arrow)"
      />
      {v("return_temp", "return", 110, 26)}

      {/* Dry cooler and fans. */}
      <rect class="pd-vessel" x={box.x} y={box.y} width={box.w} height={box.h} />
      <text class="pd-text pd-label" x={box.x + 8} y={box.y + 15}>dry cooler</text>
      <PointArea name="fan_speed">
        {fanAt.map((s, i) => (
          <g key={`fan${i}`} data-fan={i}>
            <FanSymbol {...s} look={fanLooks[i]} quality={fanQ} />
          </g>
        ))}
      </PointArea>
      {v("fan_speed", "fans", box.x, box.y + box.h + 20)}
      {v("ambient_temp", "air", box.x + box.w, box.y - 8, "end")}
      {v("fans_failed", "failed", box.x, box.y + box.h + 40)}
      {v("control_mode", "control", box.x + box.w, box.y + box.h + 40, "end")}

      {/* Cold supply back through the pumps to the rigs. */}
      <path
        class="pd-pipe pd-cold"
        d={`M${box.x},${box.y + box.h - 20} H200 V280 H68 V240`}
        marker-end="url(#pd-arrow)"
      />
      <PointArea name="pump_speed">
        {pumpAt.map((s, i) => (
          <g key={`pump${i}`} data-site-pump={i}>
            <title>{`circulation pump ${i + 1}: ${pumpLooks[i].words}`}</title>
            <PumpSymbol {...s} look={pumpLooks[i]} quality={pumpQ} />
          </g>
        ))}
      </PointArea>
      {v("pump_speed", "pumps", 212, 262)}
      {v("coolant_flow", "flow", 212, 284)}
      {v("pumps_failed", "failed", 212, 306)}
      {v("supply_temp", "supply", 6, 300)}
      {v("supply_setpoint", "set", 6, 318)}
    </svg>
  );
}
