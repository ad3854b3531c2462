/**
 * `GET /api/twins/{station}/plan`: the newest periodic plan of a pump
 * station re-planned by the runtime (the plant file's
 * `optimization.stations`; optimization/station_replanner.ts), with when
 * the next one falls due. Documented in docs/http_api.md and
 * docs/optimization.md.
 *
 * @module
 */
import type { StationReplanner } from "../../optimization/station_replanner.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { HttpError, json } from "../http_error.ts";
import type { Router } from "../router.ts";

/** Register the station-plan route; `replanner` is absent when the plant re-plans nothing. */
export function stationPlanRoutes(
  router: Router,
  runtime: Runtime,
  replanner: StationReplanner | undefined,
): void {
  router.on("GET", "/api/twins/:id/plan", ({ params }) => {
    const t = runtime.twins.get(params.id);
    if (!t) throw new HttpError(404, `no twin with id "${params.id}"`);
    if (t.def.kind !== "pump_station") {
      throw new HttpError(400, `twin "${t.id}" is a ${t.def.kind}; plans are for pump stations`);
    }
    if (!replanner?.has(t.id)) {
      throw new HttpError(
        404,
        `station "${t.id}" is not re-planned periodically (the plant file's optimization.stations)`,
      );
    }
    return json({
      twin: t.id,
      next_due: replanner.nextDue(t.id) ?? null,
      busy: replanner.busy,
      plan: replanner.latest(t.id) ?? null,
    });
  }, {
    summary: "A pump station's newest periodic plan (plant file optimization.stations), " +
      "and when the next falls due",
  });
}
