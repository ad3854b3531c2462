/**
 * The process display at the top of a twin's page, for the kinds that have
 * one (pump station, cooling site, well): picks the drawing, and hands it
 * the live views and which points and twins are in alarm. Other kinds get
 * nothing.
 *
 * @module
 */
import type { TwinDetail, TwinView } from "./api_types.ts";
import { useApp } from "./app_context.ts";
import { CoolingLoopDisplay } from "./cooling_loop_display.tsx";
import { alarmedPoints } from "./process_value.ts";
import { StationSchematic } from "./station_schematic.tsx";
import { WellDisplay } from "./well_display.tsx";

/** Kinds that have a process display. */
export const DISPLAY_KINDS: ReadonlySet<string> = new Set(["pump_station", "cooling_site", "well"]);

/** The display of `view` (with its `detail` once read), or nothing for other kinds. */
export function ProcessDisplay(props: { view: TwinView; detail: TwinDetail | undefined }) {
  const { view } = props;
  const { store, alarms } = useApp();
  if (!DISPLAY_KINDS.has(view.kind)) return null;
  // The detail belongs to another twin for a moment after navigating.
  const detail = props.detail?.id === view.id ? props.detail : undefined;
  const activeNames = (id: string) => alarms.forTwin(id).filter((a) => a.active).map((a) => a.name);
  const alarmed = alarmedPoints(alarms.forTwin(view.id), Object.keys(view.points));
  let drawing;
  if (view.kind === "pump_station") {
    drawing = (
      <StationSchematic
        view={view}
        detail={detail}
        pump={(id) => store.get(id)}
        twinAlarmed={(id) => activeNames(id).length > 0}
        alarmed={alarmed}
      />
    );
  } else if (view.kind === "cooling_site") {
    drawing = <CoolingLoopDisplay view={view} detail={detail} alarmed={alarmed} />;
  } else drawing = <WellDisplay view={view} detail={detail} alarmed={alarmed} />;
  return (
    <section aria-labelledby="process-title" class="process-display" id="process-display">
      <h3 id="process-title">Process</h3>
      {drawing}
      <p class="muted pd-legend">
        Solid: running · half: starting or stopping · hollow: stopped · ✕ and red: tripped or failed
        · hatched or{" "}
        <span aria-hidden="true">?</span>: value not of good quality · ◆: in alarm. Select a value
        to see its point, a pump to open it.
      </p>
    </section>
  );
}
