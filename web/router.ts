/**
 * A small method + path router on URLPattern; each route handler gets the
 * request, the parsed URL, the path parameters and the body limits. A GET
 * route answers HEAD too.
 *
 * @module
 */
import { HttpError } from "./http_error.ts";
import type { BodyLimits } from "./request_body.ts";

/** What a route handler receives. */
export interface RouteContext {
  /** The request. */
  req: Request;
  /** Its parsed URL. */
  url: URL;
  /** Path parameters, for example `{ id: "pump-1" }`. */
  params: Record<string, string>;
  /** Bounds on the request body, for `readJson`. */
  limits: BodyLimits;
}

/** A route handler. */
export type RouteHandler = (ctx: RouteContext) => Response | Promise<Response>;

/** Routes requests by method and path pattern. */
export class Router {
  readonly #routes: { method: string; pattern: URLPattern; handler: RouteHandler }[] = [];

  /** Add a route; `path` uses URLPattern syntax (`/api/twins/:id`). */
  on(method: string, path: string, handler: RouteHandler): this {
    this.#routes.push({ method, pattern: new URLPattern({ pathname: path }), handler });
    return this;
  }

  /**
   * Find the handler for a request. Returns undefined when no path matches,
   * or the allowed methods when the path matches under another method. A
   * path parameter with a malformed percent escape is a 400.
   */
  match(req: Request, url: URL): { handler: RouteHandler; params: Record<string, string> } | {
    allowed: string[];
  } | undefined {
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
      return { handler: route.handler, params };
    }
    return allowed.length ? { allowed: [...new Set(allowed)] } : undefined;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    const shown = segment.length > 100 ? `${segment.slice(0, 100)}...` : segment;
    throw new HttpError(400, `malformed percent escape in the path: "${shown}"`);
  }
}
