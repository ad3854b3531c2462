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
import type { AuditLog } from "../security/audit_log.ts";
import type { AuthService, Principal } from "../security/auth_service.ts";
import { hasRole } from "../security/roles.ts";
import { errorResponse, HttpError } from "./http_error.ts";
import { BODY_LIMITS, type BodyLimits, readBodyText } from "./request_body.ts";
import { type GuardOptions, guardRequest, isMutating } from "./request_guard.ts";
import { requestUser } from "./request_user.ts";
import { type MatchedRoute, routeQuery, type Router } from "./router.ts";
import { isUiPath, serveStatic } from "./static_files.ts";

/** How requests are checked: the guard, tokens and roles, the audit log. */
export interface RequestSecurity {
  /** Host, Origin and body-type checks; none when absent. */
  guard?: GuardOptions;
  /** Verifies tokens; when absent, auth is off and everyone acts as admin. */
  auth?: AuthService;
  /** Where mutating requests are recorded. */
  audit?: AuditLog;
  /** The clock for audit entries (default Date.now). */
  now?: () => number;
}

/** Options for {@linkcode handleRequest}. */
export interface HandleOptions {
  /** Bounds on request bodies. */
  body?: BodyLimits;
  /** Where failures go; default `console.error`. */
  log?: (message: string, error: unknown) => void;
  /** Guard, auth and audit. */
  security?: RequestSecurity;
  /** The client's address (from the connection, never from a header); "unknown" when not given. */
  client?: string;
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
    const sec = opts.security ?? {};
    if (sec.guard) guardRequest(req, url, sec.guard);
    const match = router.match(req, url);
    if (match && "handler" in match) return await routed(match, req, url, opts, sec);
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
    return failure(e, req, url, opts);
  }
}

/** Check the caller's role, run the handler, and audit the action. */
async function routed(
  match: MatchedRoute,
  req: Request,
  url: URL,
  opts: HandleOptions,
  sec: RequestSecurity,
): Promise<Response> {
  const limits = opts.body ?? BODY_LIMITS;
  const principal = await principalOf(req, url, match, sec);
  const audited = sec.audit !== undefined && match.audit && isMutating(req.method);
  let args: unknown = null;
  if (audited) {
    // Read the body once, within its bounds, so the log holds what the handler acted on.
    const text = await readBodyText(req, limits);
    args = parsedOrText(text);
    req = new Request(req.url, { method: req.method, headers: req.headers, body: text || null });
  }
  const audit = (status: number, outcome: string) =>
    sec.audit!.append({
      ts: (sec.now ?? Date.now)(),
      user: principal.user,
      action: `${req.method} ${match.path}`,
      target: Object.values(match.params).join("/") || url.pathname,
      args,
      status,
      outcome,
    });
  if (match.role !== "public" && !hasRole(principal.role, match.role)) {
    const message = `user "${principal.user}" (role ${principal.role}) may not ${req.method} ` +
      `${match.path}; it needs the ${match.role} role`;
    if (audited) audit(403, message);
    throw new HttpError(403, message);
  }
  try {
    const res = await match.handler({
      req,
      url,
      params: match.params,
      query: routeQuery(url, match.query),
      limits,
      user: principal.user,
      role: principal.role,
      client: opts.client ?? "unknown",
      verified: sec.auth !== undefined && principal.user !== "anonymous",
    });
    if (audited) audit(res.status, res.status < 400 ? "ok" : "refused");
    return res;
  } catch (e) {
    if (audited) {
      audit(e instanceof StatusError ? e.status : 500, e instanceof Error ? e.message : String(e));
    }
    throw e;
  }
}

/**
 * Who the request acts for. With auth on: the verified bearer token (the
 * `access_token` query parameter too, for GET: EventSource and downloads
 * cannot set headers), or 401; a public route may be called without one.
 * With auth off: the `x-user` header's name, as admin.
 */
async function principalOf(
  req: Request,
  url: URL,
  match: MatchedRoute,
  sec: RequestSecurity,
): Promise<Principal> {
  if (!sec.auth) return { user: requestUser(req), role: "admin" };
  const header = req.headers.get("authorization");
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const token = bearer ??
    (req.method === "GET" || req.method === "HEAD"
      ? url.searchParams.get("access_token") ?? undefined
      : undefined);
  const anonymous: Principal = { user: "anonymous", role: "viewer" };
  if (token === undefined) {
    if (match.role === "public") return anonymous;
    throw new HttpError(401, "log in first: this server needs an Authorization: Bearer token");
  }
  // A stale token must not lock anyone out of logging in again or an
  // orchestrator out of the health checks.
  if (match.role === "public") return await sec.auth.verify(token).catch(() => anonymous);
  return await sec.auth.verify(token);
}

function parsedOrText(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text.length > 1_000 ? `${text.slice(0, 1_000)}...` : text;
  }
}

/** The answer to a request that threw: its refusal, or a 500 with an id for the log. */
function failure(e: unknown, req: Request, url: URL, opts: HandleOptions): Response {
  if (e instanceof StatusError) {
    const res = errorResponse(e.status, e.message);
    if (e.status === 401) res.headers.set("www-authenticate", 'Bearer realm="fieldtwin"');
    const retry = (e as { retryAfterS?: number }).retryAfterS;
    if (retry !== undefined) res.headers.set("retry-after", String(retry));
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

/** Client text echoed in a message, cut to a readable length. */
function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
