/**
 * REST endpoints for twins, kinds and commands. Documented in docs/http_api.md.
 *
 * @module
 */
import { z } from "zod";
import { acceptedCommands } from "../../commands/accepted_commands.ts";
import { commandRequestSchema, describe } from "../../commands/command_path.ts";
import { childConfigs, type TwinConfig } from "../../plant/plant_file.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import type { Twin } from "../../twins/twin.ts";
import { HttpError, json, listParam } from "../http_error.ts";
import { readJson } from "../request_body.ts";
import type { Router } from "../router.ts";

/** How long a command request waits for a device to answer before replying 202. */
const COMMAND_WAIT_MS = 2_000;

/** Register the twin, kind and command routes on `router`. */
export function twinRoutes(router: Router, runtime: Runtime): void {
  const twin = (id: string): Twin => {
    const t = runtime.twins.get(id);
    if (!t) throw new HttpError(404, `no twin with id "${id}"`);
    return t;
  };

  router.on("GET", "/api/kinds", () =>
    json([...runtime.kinds.values()].map((k) => ({
      kind: k.kind,
      description: k.description,
      points: k.points,
      modes: k.modes,
      commands: Object.fromEntries(
        Object.entries(k.commands).map(([type, c]) => [type, {
          description: c.description,
          args: z.toJSONSchema(c.args, { unrepresentable: "any" }),
        }]),
      ),
    }))), { summary: "Asset kinds: points, modes, commands and their argument schemas" });

  router.on("GET", "/api/twins", ({ query: q }) => {
    const kinds = listParam(q.get("kind"));
    for (const k of kinds ?? []) {
      if (!runtime.kinds.has(k)) {
        throw new HttpError(
          400,
          `unknown kind "${k}" in ?kind; known kinds: ${[...runtime.kinds.keys()].join(", ")}`,
        );
      }
    }
    const ids = listParam(q.get("ids"));
    for (const id of ids ?? []) twin(id);
    const modes = listParam(q.get("mode"));
    const parent = q.get("parent");
    const out: string[] = [];
    for (const t of runtime.twins.values()) {
      if (kinds && !kinds.includes(t.def.kind)) continue;
      if (modes && !modes.includes(t.mode)) continue;
      if (ids && !ids.includes(t.id)) continue;
      if (parent !== undefined && t.parent !== parent) continue;
      out.push(t.json());
    }
    return new Response(`[${out.join(",")}]`, {
      headers: { "content-type": "application/json; charset=utf-8" },
    });
  }, { summary: "Twins with their live values", query: ["kind", "mode", "parent", "ids"] });

  router.on("GET", "/api/twins/:id", ({ params }) => {
    const t = twin(params.id);
    const view = t.view();
    const now = runtime.clock.now();
    // Each value's age on the runtime clock (virtual in a what-if), so a
    // client need not trust its own clock; null for a point never sampled.
    const points = Object.fromEntries(
      Object.entries(view.points).map(([name, p]) => [
        name,
        { ...p, age_ms: p.ts > 0 ? now - p.ts : null },
      ]),
    );
    return json({
      ...view,
      points,
      now,
      params: t.params,
      children: [...runtime.twins.values()].filter((c) => c.parent === t.id).map((c) => c.id),
      detail: runtime.inspect(t.id) ?? null,
      detailAt: runtime.clock.now(),
      accepts: acceptedCommands(t),
      commands: runtime.commands.list({ twin: t.id, limit: 20 }),
    });
  }, {
    summary: "One twin: points with age, mode, source detail, accepted commands",
    query: [],
  });

  router.on("POST", "/api/twins/:id/commands", async ({ req, params, limits, user }) => {
    const body = await readJson(req, limits);
    const record = runtime.commands.submit(params.id, body, user);
    const settled = (await runtime.commands.settled(record.id, COMMAND_WAIT_MS)) ?? record;
    if (settled.status === "failed") return json({ error: settled.reason, command: settled }, 409);
    return json(settled, settled.status === "executed" ? 200 : 202);
  }, {
    role: "operator",
    summary: "Send a command; the record settles as executed, failed or accepted",
    body: commandRequestSchema,
  });

  router.on("GET", "/api/twins/:id/commands", ({ params, query: q }) => {
    twin(params.id);
    return json(runtime.commands.list({ twin: params.id, limit: limitParam(q.get("limit")) }));
  }, { summary: "A twin's command records, newest first", query: ["limit"] });

  router.on("GET", "/api/commands", ({ query: q }) => {
    const id = q.get("twin");
    if (id !== undefined) twin(id);
    return json(runtime.commands.list({ twin: id, limit: limitParam(q.get("limit")) }));
  }, { summary: "Command records, newest first", query: ["twin", "limit"] });

  router.on("GET", "/api/commands/:id", ({ params }) => {
    const record = runtime.commands.get(params.id);
    if (!record) throw new HttpError(404, `no command with id "${params.id}"`);
    return json(record);
  }, { summary: "One command record" });

  router.on("POST", "/api/twins/:id/stop", ({ params }) => {
    runtime.stopTwin(params.id);
    return json(twin(params.id).view());
  }, { role: "engineer", summary: "Stop a twin (and its children)" });

  router.on("POST", "/api/twins/:id/start", ({ params }) => {
    runtime.startTwin(params.id);
    return json(twin(params.id).view());
  }, { role: "engineer", summary: "Start a stopped twin" });

  router.on("PUT", "/api/twins/:id/params", async ({ req, params, limits }) => {
    const t = twin(params.id);
    if (t.parent) {
      throw new HttpError(
        409,
        `"${t.id}" is configured by "${t.parent}"; change the parent's params`,
      );
    }
    const body = await readJson(req, limits);
    const parsed = t.def.params.safeParse(body);
    if (!parsed.success) throw new HttpError(400, describe(parsed.error, ["params"]));
    for (const ref of t.def.references?.(parsed.data) ?? []) {
      if (!runtime.twins.has(ref)) {
        throw new HttpError(400, `params refer to unknown twin "${ref}"`);
      }
    }
    const old = runtime.config(t.id)!;
    const configs: TwinConfig[] = [
      { ...old, params: parsed.data },
      ...childConfigs(t.def, old, parsed.data),
    ];
    for (const c of configs.slice(1)) {
      const other = runtime.twins.get(c.id);
      if (other && other.parent !== t.id) {
        throw new HttpError(409, `child id "${c.id}" is already used by another twin`);
      }
    }
    runtime.reconfigureTwin(t.id, configs);
    return json({ ...twin(t.id).view(), params: twin(t.id).params });
  }, {
    role: "engineer",
    summary: "Replace a twin's parameters (checked against its kind's schema) and restart it",
  });
}

function limitParam(value: string | undefined): number {
  if (value === undefined) return 100;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    throw new HttpError(400, `?limit must be an integer from 1 to 10000, got "${value}"`);
  }
  return n;
}
