/**
 * REST endpoints of the alarm engine: the active list with filters, one
 * alarm, the journal, metrics, and the operator actions (acknowledge,
 * shelve, unshelve, out of service and back, reset), each carrying a user
 * and a comment. Documented in docs/alarms.md.
 *
 * Alarm ids hold a `/` (`site-001/supply_temp_h`); the routes take it as two
 * path segments, or as one with the slash encoded as `%2F`.
 *
 * @module
 */
import { z } from "zod";
import { PRIORITIES } from "../../actors/alarms/alarm_definition.ts";
import { AlarmActionError, type AlarmEngine } from "../../actors/alarms/alarm_engine.ts";
import { ALARM_STATES, type OperatorAction } from "../../actors/alarms/alarm_machine.ts";
import { HttpError, json, listParam } from "../http_error.ts";
import { parseBody, readJson } from "../request_body.ts";
import type { Role } from "../../security/roles.ts";
import { checkedUser } from "../request_user.ts";
import type { RouteContext, Router } from "../router.ts";

/** URL action names and the operator actions they perform. */
const ACTIONS: Record<string, OperatorAction> = {
  ack: "ack",
  shelve: "shelve",
  unshelve: "unshelve",
  "out-of-service": "remove_from_service",
  "in-service": "return_to_service",
  reset: "reset",
};

/**
 * Least role per action: operators acknowledge, shelve and reset; taking an
 * alarm out of service (and back) silences it for good, which is an
 * engineer's decision (ISA-18.2 asks for authorisation there).
 */
const ACTION_ROLES: Record<OperatorAction, Role> = {
  ack: "operator",
  shelve: "operator",
  unshelve: "operator",
  reset: "operator",
  remove_from_service: "engineer",
  return_to_service: "engineer",
};

const actionBody = z.strictObject({
  user: z.string().max(100).optional(),
  comment: z.string().max(1_000).default(""),
  duration_s: z.number().positive().optional(),
});

const bulkAckBody = z.strictObject({
  ids: z.array(z.string().min(1)).min(1).max(10_000),
  user: z.string().max(100).optional(),
  comment: z.string().max(1_000).default(""),
});

/** Register the alarm routes on `router`. */
export function alarmRoutes(router: Router, engine: AlarmEngine): void {
  router.on("GET", "/api/alarms", ({ query: q }) => {
    const states = listParam(q.get("state"));
    return json(engine.list({
      twins: listParam(q.get("twin")),
      priorities: checked(listParam(q.get("priority")), PRIORITIES, "priority"),
      states: states?.includes("all") ? [...ALARM_STATES] : checked(states, ALARM_STATES, "state"),
    }));
  }, { summary: "Annunciated alarms", query: ["twin", "priority", "state"] });

  router.on("GET", "/api/alarms/journal", ({ query: q }) => {
    const limit = q.get("limit") === undefined ? 1000 : Number(q.get("limit"));
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
      throw new HttpError(
        400,
        `?limit must be an integer from 1 to 100000, got "${q.get("limit")}"`,
      );
    }
    return json(engine.journal.query({
      from: timeParam(q.get("from"), "from"),
      to: timeParam(q.get("to"), "to"),
      twins: listParam(q.get("twin")),
      alarms: listParam(q.get("alarm")),
      priorities: checked(listParam(q.get("priority")), PRIORITIES, "priority"),
      states: checked(listParam(q.get("state")), ALARM_STATES, "state"),
      limit,
    }));
  }, {
    summary: "The alarm journal",
    query: ["from", "to", "twin", "alarm", "priority", "state", "limit"],
  });

  router.on("GET", "/api/alarms/metrics", () => {
    return json(engine.metrics());
  }, { summary: "Alarm-rate figures (ISA-18.2)", query: [] });

  router.on("POST", "/api/alarms/ack", async (ctx) => {
    const body = parseBody(bulkAckBody, await readJson(ctx.req, ctx.limits, {}));
    const user = userOf(ctx, body.user);
    const acknowledged: string[] = [];
    const refused: { id: string; error: string }[] = [];
    for (const id of body.ids) {
      try {
        engine.act(id, "ack", { user, comment: body.comment });
        acknowledged.push(id);
      } catch (e) {
        if (!(e instanceof AlarmActionError)) throw e;
        refused.push({ id, error: e.message });
      }
    }
    return json({ acknowledged, refused });
  }, { role: "operator", summary: "Acknowledge several alarms", body: bulkAckBody });

  const act = async (ctx: RouteContext, id: string, action: OperatorAction) => {
    const body = parseBody(actionBody, await readJson(ctx.req, ctx.limits, {}));
    const user = userOf(ctx, body.user);
    return json(
      engine.act(id, action, { user, comment: body.comment, durationS: body.duration_s }),
    );
  };
  // One route per action, so each carries its role where every route does.
  for (const [name, action] of Object.entries(ACTIONS)) {
    const role = ACTION_ROLES[action];
    router.on(
      "POST",
      `/api/alarms/:twin/:name/${name}`,
      (ctx) => act(ctx, `${ctx.params.twin}/${ctx.params.name}`, action),
      { role, summary: `Alarm action: ${name}`, body: actionBody },
    );
    router.on("POST", `/api/alarms/:id/${name}`, (ctx) => act(ctx, ctx.params.id, action), {
      role,
      summary: `Alarm action: ${name} (alarm id with its slash %-encoded)`,
      body: actionBody,
    });
  }
  const unknownAction = ({ params }: RouteContext): Response => {
    throw new HttpError(
      404,
      `no alarm action "${params.action}"; actions: ${Object.keys(ACTIONS).join(", ")}`,
    );
  };
  // Only to name the actions there are; not an operation of the API.
  router.on("POST", "/api/alarms/:twin/:name/:action", unknownAction, {
    role: "viewer",
    hidden: true,
  });
  router.on("POST", "/api/alarms/:id/:action", unknownAction, { role: "viewer", hidden: true });

  const one = (id: string) => {
    const alarm = engine.get(id);
    if (!alarm) throw new HttpError(404, `no alarm with id "${id}"`);
    return json({ ...alarm, journal: engine.journal.query({ alarms: [id], limit: 50 }) });
  };
  router.on(
    "GET",
    "/api/alarms/:twin/:name",
    ({ params }) => one(`${params.twin}/${params.name}`),
    { query: [] },
  );
  router.on("GET", "/api/alarms/:id", ({ params }) => one(params.id), { query: [] });
}

function checked(
  values: string[] | undefined,
  known: readonly string[],
  name: string,
): string[] | undefined {
  for (const v of values ?? []) {
    if (!known.includes(v)) {
      throw new HttpError(400, `unknown ${name} "${v}" in ?${name}; known: ${known.join(", ")}`);
    }
  }
  return values;
}

function timeParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const t = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(t)) {
    throw new HttpError(
      400,
      `?${name} must be an ISO 8601 time or epoch milliseconds, got "${value}"`,
    );
  }
  return t;
}

/**
 * The acting user: the verified token's when auth is on (a body cannot
 * name another); else the body's `user` when given, else the request's
 * (`x-user`, or "anonymous").
 */
function userOf(ctx: RouteContext, bodyUser: string | undefined): string {
  if (ctx.verified || bodyUser === undefined) return ctx.user;
  return checkedUser(bodyUser, 'body field "user"');
}
