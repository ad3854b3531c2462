/**
 * A small method + path router on URLPattern; each route handler gets the
 * request, the parsed URL, the path parameters and the body limits. A GET
 * route answers HEAD too.
 *
 * @module
 */
import type { z } from "zod";
import type { Role } from "../security/roles.ts";
import { HttpError } from "./http_error.ts";
import type { BodyLimits } from "./request_body.ts";

/** Who may call a route: the least role, or "public" (no token needed: login, liveness). */
export type Access = Role | "public";

/** How a route is guarded. */
export interface RouteOptions {
  /** Least role needed; default viewer for GET, admin for anything that changes state. */
  role?: Access;
  /**
   * Whether the request goes into the audit log (default: every mutating
   * route). Routes that write their own, finer entries (logins, user
   * changes) say false.
   */
  audit?: boolean;
  /** One line for the API description (`/api/openapi.json`). */
  summary?: string;
  /** The schema the handler validates its JSON body with, for the API description. */
  body?: z.ZodType;
  /**
   * Query parameters the route accepts: any other is refused with a 400
   * before the handler runs (it reads them from `ctx.query`), and they are
   * listed in the API description. Undefined: the query is not checked.
   */
  query?: readonly string[];
  /** Left out of the API description (a route that only explains a 404). */
  hidden?: boolean;
}

/** What a route handler receives. */
export interface RouteContext {
  /** The request. */
  req: Request;
  /** Its parsed URL. */
  url: URL;
  /** Path parameters, for example `{ id: "pump-1" }`. */
  params: Record<string, string>;
  /** Query parameters (checked against the route's `query` when it declares one). */
  query: Map<string, string>;
  /** Bounds on the request body, for `readJson`. */
  limits: BodyLimits;
  /**
   * The acting user: from the verified token when auth is on, else the
   * `x-user` header ("anonymous" without one).
   */
  user: string;
  /** The acting user's role (admin when auth is off: one local user). */
  role: Role;
  /** Whether `user` comes from a verified token (then nothing in the request may name another). */
  verified: boolean;
  /** The client's network address (for login limits), "unknown" when the server did not say. */
  client: string;
}

/** A route handler. */
export type RouteHandler = (ctx: RouteContext) => Response | Promise<Response>;

/** Routes requests by method and path pattern. */
export class Router {
  readonly #routes: {
    method: string;
    path: string;
    pattern: URLPattern;
    handler: RouteHandler;
    options: RouteOptions;
  }[] = [];

  /** Add a route; `path` uses URLPattern syntax (`/api/twins/:id`). */
  on(method: string, path: string, handler: RouteHandler, options: RouteOptions = {}): this {
    this.#routes.push({
      method,
      path,
      pattern: new URLPattern({ pathname: path }),
      handler,
      options,
    });
    return this;
  }

  /** Every route: method, path pattern, least role and its description, in registration order. */
  routes(): RouteInfo[] {
    return this.#routes.map((r) => ({
      method: r.method,
      path: r.path,
      role: roleOf(r),
      summary: r.options.summary,
      body: r.options.body,
      query: r.options.query,
      hidden: r.options.hidden ?? false,
    }));
  }

  /**
   * Find the handler for a request. Returns undefined when no path matches,
   * or the allowed methods when the path matches under another method. A
   * path parameter with a malformed percent escape is a 400.
   */
  match(req: Request, url: URL): MatchedRoute | { allowed: string[] } | undefined {
    const allowed: string[] = [];
    for (const route of this.#routes) {
      const m = route.pattern.exec({ pathname: url.pathname });
      if (!m) continue;
      if (route.method !== req.method && !(route.method === "GET" && req.method === "HEAD")) {
        allowed.push(route.method);
        if (route.method === "GET") allowed.push("HEAD");
        continue;
      }
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.pathname.groups)) {
        if (v !== undefined) params[k] = decodeSegment(v);
      }
      return {
        handler: route.handler,
        params,
        path: route.path,
        role: roleOf(route),
        audit: route.options.audit ?? route.method !== "GET",
        query: route.options.query,
      };
    }
    return allowed.length ? { allowed: [...new Set(allowed)] } : undefined;
  }
}

/** A route as the API description sees it. */
export interface RouteInfo {
  /** HTTP method. */
  method: string;
  /** URLPattern path (`/api/twins/:id`). */
  path: string;
  /** Least role. */
  role: Access;
  /** One-line summary. */
  summary?: string;
  /** Body schema. */
  body?: z.ZodType;
  /** Query parameter names. */
  query?: readonly string[];
  /** Left out of the API description. */
  hidden: boolean;
}

/** A route found for a request. */
export interface MatchedRoute {
  /** Its handler. */
  handler: RouteHandler;
  /** Path parameters. */
  params: Record<string, string>;
  /** The route's path pattern (`/api/twins/:id/commands`), which names the action in the audit log. */
  path: string;
  /** Least role needed. */
  role: Access;
  /** Whether the request is audited. */
  audit: boolean;
  /** Query parameters the route accepts (undefined: not checked). */
  query: readonly string[] | undefined;
}

/**
 * The query of `url` for a route accepting `accepted`: an unknown name is
 * a 400 naming the accepted ones; undefined accepts any. The access token
 * (the stream's way to carry it) is never a query parameter.
 */
export function routeQuery(url: URL, accepted: readonly string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    if (key === "access_token") continue;
    if (accepted !== undefined && !accepted.includes(key)) {
      const hint = accepted.length ? `; accepted: ${accepted.join(", ")}` : "";
      throw new HttpError(400, `unknown query parameter "${key}"${hint}`);
    }
    out.set(key, value);
  }
  return out;
}

function roleOf(route: { method: string; options: RouteOptions }): Access {
  return route.options.role ?? (route.method === "GET" ? "viewer" : "admin");
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    const shown = segment.length > 100 ? `${segment.slice(0, 100)}...` : segment;
    throw new HttpError(400, `malformed percent escape in the path: "${shown}"`);
  }
}
