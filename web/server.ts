/**
 * The HTTP server: REST API, SSE stream, metrics and the UI, all from one
 * `Deno.serve`. A failing request answers with a JSON error and never takes
 * the server down.
 *
 * @module
 */
import type { StartedPlant } from "../app/start_plant.ts";
import { alarmRoutes } from "./api/alarms_api.ts";
import { auditRoutes, authRoutes } from "./api/auth_api.ts";
import { coolingSetpointRoutes } from "./api/cooling_setpoints_api.ts";
import { type HealthCheck, healthRoutes } from "./api/health_api.ts";
import { historyRoutes } from "./api/history_api.ts";
import { pumpCurveRoutes } from "./api/pump_curves_api.ts";
import { stationPlanRoutes } from "./api/station_plan_api.ts";
import { scheduleRoutes } from "./api/schedules_api.ts";
import { twinRoutes } from "./api/twins_api.ts";
import { replayRoutes } from "./api/replay_api.ts";
import { reportRoutes } from "./api/reports_api.ts";
import { whatifRoutes } from "./api/whatif_api.ts";
import { handleRequest, type RequestSecurity } from "./handle_request.ts";
import { openApiDocument } from "./openapi.ts";
import { allowedHostsFor } from "./request_guard.ts";
import { HttpError, json, listParam } from "./http_error.ts";
import {
  type CommandCounts,
  machineEvents,
  type MetricsSource,
  RateMeter,
  renderMetrics,
} from "./metrics.ts";
import type { BodyLimits } from "./request_body.ts";
import { type RouteInfo, Router } from "./router.ts";
import { SseHub } from "./sse_hub.ts";

/** The assembled web application over a runtime. */
export interface WebApp {
  /** Handle one request. */
  handler(req: Request, info?: Deno.ServeHandlerInfo): Promise<Response>;
  /** The SSE hub. */
  hub: SseHub;
  /** Every API route with its least role. */
  routes(): RouteInfo[];
  /** Release timers and streams. */
  close(): void;
}

/** Options for {@linkcode createWebApp}. */
export interface WebAppOptions {
  /** Extra `/metrics` lines, for example the Modbus service's `metrics`. */
  metrics?: readonly MetricsSource[];
  /** Extra health checks, for example the Modbus service's devices. */
  health?: readonly HealthCheck[];
  /** Bounds on request bodies; default 1 MB read within 10 s. */
  body?: BodyLimits;
  /**
   * Guard, logins and audit log; default: loopback host names only, auth
   * off, no audit log.
   */
  security?: RequestSecurity;
}

/** Build the web application over a started plant. */
export function createWebApp(plant: StartedPlant, opts: WebAppOptions = {}): WebApp {
  const { runtime, alarms } = plant;
  const hub = new SseHub(runtime, { alarms: () => alarms.engine.list() });
  const stopAlarmEvents = alarms.engine.onEvent((payload) =>
    hub.publish("alarm", payload, payload.alarm.twin)
  );
  const commandCounts: CommandCounts = {};
  const eventRate = new RateMeter(() => machineEvents(runtime));
  const router = new Router();

  const security = opts.security ?? { guard: { allowedHosts: allowedHostsFor("127.0.0.1") } };
  authRoutes(router, security.auth);
  if (security.audit) auditRoutes(router, security.audit);
  router.on("GET", "/api/openapi.json", () =>
    json(openApiDocument(router.routes(), {
      title: `fieldtwin: ${runtime.plant.name}`,
      version: "1",
      authOn: security.auth !== undefined,
    })), { role: "public", summary: "This description" });
  healthRoutes(router, runtime, { checks: opts.health });
  router.on("GET", "/api/plant", () =>
    json({
      name: runtime.plant.name,
      description: runtime.plant.description,
      seed: runtime.plant.seed,
      stepS: runtime.plant.stepS,
      file: runtime.plant.file ?? null,
      twins: runtime.twins.size,
    }), { summary: "The plant: name, seed, step, twin count" });
  twinRoutes(router, runtime);
  alarmRoutes(router, alarms.engine);
  historyRoutes(router, runtime, plant.history);
  pumpCurveRoutes(router, runtime, plant.curves);
  stationPlanRoutes(router, runtime, plant.replanner);
  const stopPlanEvents = plant.replanner?.onPlan((p) => hub.publish("station_plan", p, p.twin));
  reportRoutes(router);
  const whatif = whatifRoutes(router, runtime, { alarms, learners: plant });
  const schedules = scheduleRoutes(router, runtime, {
    publish: (e, p, t) => hub.publish(e, p, t),
  });
  coolingSetpointRoutes(router, runtime, { publish: (e, p, t) => hub.publish(e, p, t) });
  const replays = replayRoutes(router, runtime.kinds);
  router.on("GET", "/api/stream", ({ query: q }) => {
    const ids = listParam(q.get("ids"));
    const kinds = listParam(q.get("kinds"));
    const alarmScope = q.get("alarms");
    const points = listParam(q.get("points"));
    if (alarmScope !== undefined && alarmScope !== "all") {
      throw new HttpError(
        400,
        `?alarms takes only "all" (every twin's alarms), not "${alarmScope}"`,
      );
    }
    for (const id of ids ?? []) {
      if (!runtime.twins.has(id)) throw new HttpError(400, `unknown twin id "${id}" in ?ids`);
    }
    for (const k of kinds ?? []) {
      if (!runtime.kinds.has(k)) {
        throw new HttpError(
          400,
          `unknown kind "${k}" in ?kinds; known kinds: ${[...runtime.kinds.keys()].join(", ")}`,
        );
      }
    }
    return hub.connect({
      ids: ids && new Set(ids),
      kinds: kinds && new Set(kinds),
      alarms: alarmScope,
      points: points && new Set(points),
    });
  }, {
    summary: "Server-Sent Events: snapshot, twins, alarms, commands, clock",
    query: ["ids", "kinds", "alarms", "points"],
  });
  router.on(
    "GET",
    "/metrics",
    () =>
      new Response(
        renderMetrics(runtime, hub, eventRate, commandCounts, opts.metrics) +
          plant.prometheus(),
        {
          headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
        },
      ),
    { summary: "Prometheus metrics" },
  );

  // Command records go to the stream; a record is reported once when
  // created (accepted) and once when it settles, which is when it counts.
  const stopCommandFeed = runtime.commands.onRecord((record) => {
    hub.publish("command", record, record.twin);
    if (record.status !== "accepted") {
      commandCounts[record.status] = (commandCounts[record.status] ?? 0) + 1;
    }
  });

  const handler = (req: Request, info?: Deno.ServeHandlerInfo): Promise<Response> =>
    handleRequest(router, req, {
      body: opts.body,
      security,
      client: info && "hostname" in info.remoteAddr ? info.remoteAddr.hostname : undefined,
    });

  return {
    handler,
    hub,
    routes: () => router.routes(),
    close() {
      stopAlarmEvents();
      stopPlanEvents?.();
      stopCommandFeed();
      whatif.close();
      schedules.close();
      replays.close();
      hub.close();
      eventRate.stop();
    },
  };
}
