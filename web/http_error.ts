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

/** Split a comma-separated list parameter, dropping empty items. */
export function listParam(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}
