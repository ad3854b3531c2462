/**
 * A small method + path router on URLPattern; each route handler gets the
 * request, the parsed URL and the path parameters.
 *
 * @module
 */

/** What a route handler receives. */
export interface RouteContext {
  /** The request. */
  req: Request;
  /** Its parsed URL. */
  url: URL;
  /** Path parameters, for example `{ id: "pump-1" }`. */
  params: Record<string, string>;
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
   * or the allowed methods when the path matches under another method.
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
        continue;
      }
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.pathname.groups)) {
        if (v !== undefined) params[k] = decodeURIComponent(v);
      }
      return { handler: route.handler, params };
    }
    return allowed.length ? { allowed } : undefined;
  }
}
