/**
 * JSON error responses: every 4xx and 5xx the API gives has the same shape,
 * `{ "error": "<what is wrong>" }`, naming the parameter or path at fault.
 * Request bodies are read in request_body.ts.
 *
 * @module
 */
import { StatusError } from "../runtime/status_error.ts";

/** An HTTP error to send as `{ error }`. */
export class HttpError extends StatusError {}

/** A JSON response. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/** An error response in the API's shape. */
export function errorResponse(status: number, message: string): Response {
  return json({ error: message }, status);
}

/**
 * Parse a query string against the parameters a route accepts; an unknown
 * parameter is an error rather than silently ignored. `access_token` (the
 * credential of a GET that cannot set headers) belongs to the request
 * handler, not to the route, and is left out.
 */
export function queryParams(url: URL, accepted: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    if (key === "access_token") continue;
    if (!accepted.includes(key)) {
      const hint = accepted.length ? `; accepted: ${accepted.join(", ")}` : "";
      throw new HttpError(400, `unknown query parameter "${key}"${hint}`);
    }
    out.set(key, value);
  }
  return out;
}

/** Split a comma-separated list parameter, dropping empty items. */
export function listParam(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}
