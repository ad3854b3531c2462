/**
 * Answers one HTTP request through the router: the matching route, a 405
 * listing the allowed methods, the UI files, or a 404. HEAD is answered
 * like GET without a body. A refusal (a `StatusError`) answers with its
 * status and message; anything else is a bug, logged with a request id and
 * answered with a plain 500 carrying only that id, never the internals.
 *
 * @module
 */
import { StatusError } from "../runtime/status_error.ts";
import { errorResponse } from "./http_error.ts";
import { BODY_LIMITS, type BodyLimits } from "./request_body.ts";
import type { Router } from "./router.ts";
import { isUiPath, serveStatic } from "./static_files.ts";

/** Options for {@linkcode handleRequest}. */
export interface HandleOptions {
  /** Bounds on request bodies. */
  body?: BodyLimits;
  /** Where failures go; default `console.error`. */
  log?: (message: string, error: unknown) => void;
}

/** Answer `req` through `router`; never throws. */
export async function handleRequest(
  router: Router,
  req: Request,
  opts: HandleOptions = {},
): Promise<Response> {
  const res = await route(router, req, opts);
  if (req.method !== "HEAD") return res;
  // The headers GET would give, with its content-length, and no body. A
  // stream (SSE) has no length and is closed at once.
  const headers = new Headers(res.headers);
  if (res.headers.get("content-type")?.startsWith("text/event-stream")) {
    await res.body?.cancel().catch(() => {});
  } else if (!headers.has("content-length")) {
    headers.set("content-length", String((await res.arrayBuffer()).byteLength));
  }
  return new Response(null, { status: res.status, statusText: res.statusText, headers });
}

async function route(router: Router, req: Request, opts: HandleOptions): Promise<Response> {
  const url = new URL(req.url);
  try {
    const match = router.match(req, url);
    if (match && "handler" in match) {
      return await match.handler({
        req,
        url,
        params: match.params,
        limits: opts.body ?? BODY_LIMITS,
      });
    }
    if (match) {
      const res = errorResponse(405, `method ${clip(req.method)} not allowed here`);
      res.headers.set("allow", match.allowed.join(", "));
      return res;
    }
    if ((req.method === "GET" || req.method === "HEAD") && isUiPath(url.pathname)) {
      return await serveStatic(url.pathname);
    }
    return errorResponse(404, `no route for ${clip(req.method)} ${clip(url.pathname)}`);
  } catch (e) {
    if (e instanceof StatusError) {
      const res = errorResponse(e.status, e.message);
      // The rest of a refused body (too large, too slow) is not read: close
      // the connection rather than let it wait for bytes nobody wants.
      if (e.status === 408 || e.status === 413) res.headers.set("connection", "close");
      return res;
    }
    const id = crypto.randomUUID().slice(0, 8);
    (opts.log ?? console.error)(
      `request ${id}: ${clip(req.method)} ${clip(url.pathname)} failed:`,
      e,
    );
    const res = errorResponse(
      500,
      `internal error (request id ${id}); the server log has the details`,
    );
    res.headers.set("x-request-id", id);
    return res;
  }
}

/** Client text echoed in a message, cut to a readable length. */
function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
