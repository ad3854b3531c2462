/**
 * The pieces every process display draws with: a live value that is a link
 * to its point's row on the page, a link to another twin's page, a pump or
 * fan symbol whose fill tells its running state, and the hatch pattern for
 * equipment whose values are not of good quality.
 *
 * @module
 */
import type { ComponentChildren } from "preact";
import type { Point } from "./api_types.ts";
import { type MachineLook, reading } from "./process_value.ts";
import { isPlainClick, navigate, twinPath } from "./route.ts";

/** Id of the hatch pattern (one process display per page). */
export const HATCH = "pd-hatch";

/** Pattern definitions the displays refer to. */
export function ProcessDefs() {
  return (
    <defs>
      <pattern id={HATCH} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#ffffff" />
        <path d="M0,6 L6,0" stroke="#8a9199" stroke-width="1.5" />
      </pattern>
      <marker
        id="pd-arrow"
        viewBox="0 0 10 10"
        refX="9"
        refY="5"
        markerUnits="userSpaceOnUse"
        markerWidth="12"
        markerHeight="12"
        orient="auto"
      >
        <path d="M0,0 L10,5 L0,10 Z" fill="#7b838b" />
      </marker>
    </defs>
  );
}

/**
 * Scroll to the element `selector` finds, focus it (a row or heading gets a
 * tabindex for that) and mark it for a moment, so a click on a drawing
 * lands the eye and the keyboard on the detail.
 */
export function showTarget(selector: string): boolean {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) return false;
  if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
  el.scrollIntoView({ block: "center" });
  el.focus({ preventScroll: true });
  el.classList.add("pd-target");
  setTimeout(() => el.classList.remove("pd-target"), 2_500);
  return true;
}

/** Props of {@linkcode ValueLink}. */
export interface ValueLinkProps {
  /** Point name (the link goes to its row in the points table). */
  name: string;
  /** The point. */
  point: Point | undefined;
  /** Label before the value (also the start of the accessible name). */
  label: string;
  /** The accessible name's start when it differs from the label (an empty label). */
  spoken?: string;
  /** Text anchor position. */
  x: number;
  /** Baseline. */
  y: number;
  /** Text anchor (default start). */
  anchor?: "start" | "middle" | "end";
  /** An active alarm stands on this point. */
  alarmed?: boolean;
  /** Extra text after the value (a setpoint). */
  suffix?: string;
}

/** A live value on a drawing: label, value with unit, quality mark; a link to its point's row. */
export function ValueLink(props: ValueLinkProps) {
  const r = reading(props.point);
  const name = `${props.spoken ?? props.label} ${r.text}${props.suffix ?? ""}` +
    `${r.qualityWords ? `, ${r.qualityWords}` : ""}${props.alarmed ? ", in alarm" : ""}`;
  return (
    <a
      href="#points-table"
      class={`pd-link pd-value q-${r.quality}${props.alarmed ? " pd-alarm" : ""}`}
      data-point={props.name}
      aria-label={`${name}: show the point`}
      onClick={pointClick(props.name)}
    >
      <text x={props.x} y={props.y} text-anchor={props.anchor ?? "start"} class="pd-text">
        {props.alarmed && <tspan class="pd-alarm-mark">◆&nbsp;</tspan>}
        {props.label && <tspan class="pd-label">{props.label}&nbsp;</tspan>}
        <tspan class="pd-num" data-value-text>{r.text}</tspan>
        {props.suffix && <tspan class="pd-label">{props.suffix}</tspan>}
      </text>
    </a>
  );
}

/** A click on a piece of equipment shows the row of the point it is drawn from. */
function pointClick(name: string) {
  return (e: MouseEvent) => {
    e.preventDefault();
    showTarget(`#points-table tr[data-point="${CSS.escape(name)}"]`);
  };
}

/**
 * Equipment as a mouse target for the point it is drawn from (the tank for
 * its level). Out of the tab order and hidden from screen readers: the
 * value beside it is the same link for them, so the keyboard stops once.
 */
export function PointArea(props: { name: string; children: ComponentChildren }) {
  return (
    <a
      href="#points-table"
      class="pd-link pd-area"
      data-area={props.name}
      tabIndex={-1}
      aria-hidden="true"
      onClick={pointClick(props.name)}
    >
      {props.children}
    </a>
  );
}

/** A link on a drawing to another twin's page (a station's pump), with an accessible name. */
export function TwinLink(props: { id: string; label: string; children: ComponentChildren }) {
  const href = twinPath(props.id);
  return (
    <a
      href={href}
      class="pd-link pd-twin"
      data-twin={props.id}
      aria-label={props.label}
      onClick={(e) => {
        if (!isPlainClick(e)) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      <title>{props.label}</title>
      {props.children}
    </a>
  );
}

/** The class list of a machine symbol: its fill, abnormal outline, hatched when not good. */
function machineClass(look: MachineLook, quality: string): string {
  return `pd-machine pd-${look.fill}${look.abnormal ? " pd-abnormal" : ""}${
    quality === "good" ? "" : " pd-stale"
  }`;
}

/** Props of the machine symbols. */
export interface MachineProps {
  /** Centre x. */
  cx: number;
  /** Centre y. */
  cy: number;
  /** Radius. */
  r: number;
  /** How it is drawn. */
  look: MachineLook;
  /** Quality of the values it is drawn from (not good: hatched). */
  quality?: string;
}

/**
 * A centrifugal pump: a circle with its discharge nozzle; solid when
 * running, half filled while starting or stopping, hollow when stopped; a
 * thick alarm-coloured outline with a cross when tripped.
 */
export function PumpSymbol(props: MachineProps) {
  const { cx, cy, r, look } = props;
  const q = props.quality ?? "good";
  return (
    <g class={machineClass(look, q)} data-state={look.words} data-fill={look.fill}>
      <path class="pd-nozzle" d={`M${cx},${cy - r} h${r * 1.25} v${r * 0.6} h${-r * 0.5}`} />
      <circle
        cx={cx}
        cy={cy}
        r={r}
        class="pd-body"
        fill={q === "good" ? undefined : `url(#${HATCH})`}
      />
      {look.fill === "half" && (
        <path class="pd-half" d={`M${cx - r},${cy} A${r},${r} 0 0 0 ${cx + r},${cy} Z`} />
      )}
      {look.abnormal && (
        <path
          class="pd-cross"
          d={`M${cx - r * 0.6},${cy - r * 0.6} L${cx + r * 0.6},${cy + r * 0.6} M${cx + r * 0.6},${
            cy - r * 0.6
          } L${cx - r * 0.6},${cy + r * 0.6}`}
        />
      )}
    </g>
  );
}

/** A fan: a circle with three blades, filled like a pump (solid turning, hollow still, cross failed). */
export function FanSymbol(props: MachineProps) {
  const { cx, cy, r, look } = props;
  const q = props.quality ?? "good";
  const blades = [0, 120, 240].map((deg) => {
    const a = (deg * Math.PI) / 180;
    return `M${cx},${cy} L${(cx + Math.cos(a) * r * 0.85).toFixed(1)},${
      (cy + Math.sin(a) * r * 0.85).toFixed(1)
    }`;
  }).join(" ");
  return (
    <g class={machineClass(look, q)} data-state={look.words} data-fill={look.fill}>
      <title>{`fan ${look.words}`}</title>
      <circle
        cx={cx}
        cy={cy}
        r={r}
        class="pd-body"
        fill={q === "good" ? undefined : `url(#${HATCH})`}
      />
      <path class="pd-blades" d={blades} />
      {look.abnormal && (
        <path
          class="pd-cross"
          d={`M${cx - r * 0.7},${cy - r * 0.7} L${cx + r * 0.7},${cy + r * 0.7} M${cx + r * 0.7},${
            cy - r * 0.7
          } L${cx - r * 0.7},${cy + r * 0.7}`}
        />
      )}
    </g>
  );
}
