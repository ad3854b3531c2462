/**
 * `GET /api/twins/{pump}/curves`: a pump's head and efficiency curves
 * fitted to its own operating points, with R², RMSE and the physics
 * checks, its design curves and its live operating point (see
 * pump_curves/pump_curve_supervisor.ts). Documented in docs/http_api.md
 * and docs/pump_curves.md.
 *
 * @module
 */
import type { PumpCurveSupervisor } from "../../pump_curves/pump_curve_supervisor.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { HttpError, json } from "../http_error.ts";
import type { Router } from "../router.ts";

/** Register the pump-curve route. */
export function pumpCurveRoutes(
  router: Router,
  runtime: Runtime,
  curves: PumpCurveSupervisor,
): void {
  router.on("GET", "/api/twins/:id/curves", ({ params }) => {
    const t = runtime.twins.get(params.id);
    if (!t) throw new HttpError(404, `no twin with id "${params.id}"`);
    if (t.def.kind !== "pump") {
      throw new HttpError(400, `twin "${t.id}" is a ${t.def.kind}; curves are fitted for pumps`);
    }
    const resource = curves.curves(t.id);
    if (!resource) throw new HttpError(404, `pump "${t.id}" has no curves (not watched)`);
    return json(resource);
  }, {
    summary:
      "A pump's head and efficiency curves fitted to its operating points, its design curves " +
      "and its live operating point",
  });
}
