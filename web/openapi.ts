/**
 * The OpenAPI 3.1 description of the HTTP API, generated from the router:
 * every route the server answers, its least role, and the JSON Schema of
 * its body from the same zod schema the handler validates with (zod 4's
 * `toJSONSchema`). Served at `GET /api/openapi.json`.
 *
 * @module
 */
import { z } from "zod";
import type { RouteInfo } from "./router.ts";

/** The parts of an OpenAPI document this server writes. */
export interface OpenApiDocument {
  /** Version of the format. */
  openapi: "3.1.0";
  /** Title and version. */
  info: { title: string; version: string; description: string };
  /** Operations by path and method. */
  paths: Record<string, Record<string, unknown>>;
  /** The bearer scheme. */
  components: Record<string, unknown>;
}

/** An OpenAPI path (`/api/twins/{id}`) from a URLPattern path (`/api/twins/:id`). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");
}

/** The document for `routes`; `authOn` says whether tokens are required. */
export function openApiDocument(
  routes: readonly RouteInfo[],
  opts: { title: string; version: string; authOn: boolean },
): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    if (r.hidden) continue;
    const path = openApiPath(r.path);
    const params = [...r.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const query = (r.query ?? []).map((name) => ({
      name,
      in: "query",
      required: false,
      schema: { type: "string" },
    }));
    const op: Record<string, unknown> = {
      operationId: `${r.method.toLowerCase()}${
        path.replace(/[{}]/g, "").split(/[/_-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1))
          .join("")
      }`,
      summary: r.summary ?? `${r.method} ${path}`,
      description: r.role === "public"
        ? "No token needed."
        : `Needs the ${r.role} role (or higher) when auth is on.`,
      "x-required-role": r.role,
      security: r.role === "public" ? [] : [{ bearer: [] }],
      responses: {
        "200": { description: "OK" },
        "4XX": {
          description: "Refused: {error} names the problem",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    };
    if (params.length || query.length) op.parameters = [...params, ...query];
    if (r.body) {
      const schema = z.toJSONSchema(r.body, { io: "input", unrepresentable: "any" }) as Record<
        string,
        unknown
      >;
      delete schema.$schema;
      op.requestBody = { required: true, content: { "application/json": { schema } } };
    }
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: opts.title,
      version: opts.version,
      description: opts.authOn
        ? "Auth is on: send `Authorization: Bearer <access token>` from POST /api/auth/login."
        : "Auth is off on this server (loopback); the roles below apply when it is on.",
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: {
        Error: {
          type: "object",
          properties: { error: { type: "string" } },
          required: ["error"],
        },
      },
    },
  };
}
