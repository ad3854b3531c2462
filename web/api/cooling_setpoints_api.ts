/**
 * Cooling-site setpoint proposals over HTTP:
 * `POST /api/twins/{site}/cooling_setpoints` (propose fan and pump setpoints
 * for the site's measured ambient and heat load, checked in the simulator;
 * 201 with the proposal) and `GET /api/twins/{site}/cooling_setpoints` (the
 * site's proposals, newest first). Each proposal carries the commands that
 * apply it through the site's command path; it is also an SSE
 * `cooling_setpoints` event. Documented in docs/optimization.md.
 *
 * A proposal takes tens of milliseconds (a few thousand model evaluations
 * and two simulator runs of an hour or so of virtual time), so it runs on
 * the request rather than in a worker.
 *
 * @module
 */
import type { Runtime } from "../../runtime/runtime.ts";
import type { CoolingSiteConfig } from "../../simulators/cooling/site_config.ts";
import {
  type CoolingProposal,
  optimizeCooling,
} from "../../optimization/cooling/optimize_cooling.ts";
import {
  type CoolingSetpointRequest,
  coolingSetpointRequest,
  liveSite,
} from "../../optimization/cooling/setpoint_request.ts";
import type { SiteState } from "../../optimization/cooling/steady_state.ts";
import { setpointCommands } from "../../optimization/cooling/verify_setpoints.ts";
import { HttpError, json } from "../http_error.ts";
import { parseBody, readJson } from "../request_body.ts";
import type { Router } from "../router.ts";

/** Proposals kept per runtime (newest). */
const KEEP = 50;

/** Options of {@linkcode coolingSetpointRoutes}. */
export interface CoolingSetpointApiOptions {
  /** Publish an SSE event (the hub's `publish`): `cooling_setpoints` for each new proposal. */
  publish?: (event: string, payload: unknown, twinId?: string) => void;
}

/** A stored proposal as the API shows it. */
export interface CoolingProposalView {
  /** Proposal id. */
  id: string;
  /** Site twin id. */
  twin: string;
  /** When it was made (runtime clock, epoch ms). */
  at: number;
  /** The request, validated. */
  request: CoolingSetpointRequest;
  /** The site state planned for. */
  state: SiteState;
  /** Whether the cooler's UA was fitted to the live points (a site with no simulator behind it). */
  fitted_cooler: boolean;
  /** The proposal. */
  proposal: CoolingProposal;
  /** Commands that apply it (POST each to /api/twins/{site}/commands, in order). */
  commands: { type: string; args: Record<string, unknown> }[];
}

/** Register the proposal routes. */
export function coolingSetpointRoutes(
  router: Router,
  runtime: Runtime,
  opts: CoolingSetpointApiOptions = {},
): void {
  const proposals: CoolingProposalView[] = [];
  let next = 1;
  const site = (id: string) => {
    const t = runtime.twins.get(id);
    if (!t) throw new HttpError(404, `no twin with id "${id}"`);
    if (t.def.kind !== "cooling_site") {
      throw new HttpError(
        400,
        `twin "${id}" is a ${t.def.kind}; cooling setpoints are for cooling sites`,
      );
    }
    return t;
  };

  router.on("POST", "/api/twins/:id/cooling_setpoints", async ({ req, params, limits }) => {
    const t = site(params.id);
    const request = parseBody(coolingSetpointRequest, await readJson(req, limits, {}));
    const live = liveSite(
      t.values,
      t.params as CoolingSiteConfig,
      runtime.inspect(t.id),
      request,
      (t.actor?.getSnapshot().context as { controlMode?: string } | undefined)?.controlMode,
    );
    if ("error" in live) throw new HttpError(409, `${t.id}: ${live.error}`);
    const proposal = optimizeCooling(live.config, live.state, live.current, {
      solver: request.solver,
      seed: request.seed,
      marginK: request.margin_k,
      mode: request.mode,
      pumpMinPct: request.pump_min_pct,
    });
    const view: CoolingProposalView = {
      id: `cs-${next++}`,
      twin: t.id,
      at: runtime.clock.now(),
      request,
      state: live.state,
      fitted_cooler: live.fitted,
      proposal,
      commands: setpointCommands(live.current, proposal.proposed),
    };
    proposals.push(view);
    if (proposals.length > KEEP) proposals.shift();
    opts.publish?.("cooling_setpoints", view, t.id);
    return json(view, 201);
  }, {
    role: "operator",
    summary:
      "Propose a cooling site's fan and pump setpoints for least power, checked in the simulator",
    body: coolingSetpointRequest,
  });

  router.on("GET", "/api/twins/:id/cooling_setpoints", ({ params }) => {
    site(params.id);
    return json(proposals.filter((p) => p.twin === params.id).reverse());
  }, { summary: "A cooling site's setpoint proposals, newest first" });
}
