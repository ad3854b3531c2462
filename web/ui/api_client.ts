/**
 * Talks to the REST API. Every call resolves (never throws) to the status,
 * the parsed body and, for a 4xx/5xx or a network failure, the sentence to
 * show the user: the server's own `{error}` text when it sent one. Every
 * request carries the session's access token when logged in (auth on);
 * every POST carries the operator's name as `x-user` (used when auth is off).
 *
 * @module
 */
import { session } from "./auth_session.ts";
import { operatorName } from "./operator_name.ts";

/** What a request came back with. */
export interface ApiReply<T> {
  /** True for a 2xx status. */
  ok: boolean;
  /** HTTP status, or 0 when the server could not be reached. */
  status: number;
  /** Parsed JSON body, when there was one. */
  body: T | undefined;
  /** What went wrong, for a failed request. */
  error?: string;
}

/** The fetch function used; tests pass a stub. */
export type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

/** Send a request and parse its JSON reply. */
export async function requestJson<T>(
  path: string,
  init: RequestInit = {},
  fetcher: Fetcher = (input, i) => fetch(input, i),
): Promise<ApiReply<T>> {
  let res: Response;
  // Without a session (auth off) the request leaves at once, untouched.
  const send = () =>
    session.user
      ? session.headers().then((auth) =>
        fetcher(path, { ...init, headers: { ...init.headers as object, ...auth } })
      )
      : fetcher(path, init);
  try {
    res = await send();
    // An access token refused (expired early, or the server restarted its
    // keys): refresh once and retry; a refused refresh ends the session.
    if (res.status === 401 && session.user) {
      await res.body?.cancel();
      res = (await session.refresh()) ? await send() : res;
      if (res.status === 401) session.end();
    }
  } catch (e) {
    return {
      ok: false,
      status: 0,
      body: undefined,
      error: `cannot reach the server: ${(e as Error).message}`,
    };
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (res.ok) return { ok: true, status: res.status, body: body as T };
  const message =
    body && typeof body === "object" && typeof (body as { error?: unknown }).error === "string"
      ? (body as { error: string }).error
      : `${res.status} ${res.statusText || "error"}${
        text && body === undefined ? `: ${text.slice(0, 200)}` : ""
      }`;
  return { ok: false, status: res.status, body: body as T, error: message };
}

/** GET a JSON resource. */
export function getJson<T>(path: string, fetcher?: Fetcher): Promise<ApiReply<T>> {
  return requestJson<T>(path, { headers: { accept: "application/json" } }, fetcher);
}

/** A header-safe form of a name: HTTP headers carry Latin-1 only, so others are %-encoded. */
export function headerSafe(name: string): string {
  return /^[\x20-\x7e\xa0-\xff]*$/.test(name) ? name : encodeURIComponent(name);
}

/** Send `body` as JSON with `method` (PUT, DELETE, POST). */
export function sendJson<T>(
  method: string,
  path: string,
  body?: unknown,
  fetcher?: Fetcher,
): Promise<ApiReply<T>> {
  return requestJson<T>(path, {
    method,
    headers: { "content-type": "application/json", accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }, fetcher);
}

/** POST a JSON body (or none), as the operator named in the header. */
export function postJson<T>(
  path: string,
  body?: unknown,
  fetcher?: Fetcher,
  user: string = operatorName(),
): Promise<ApiReply<T>> {
  return requestJson<T>(path, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      "x-user": headerSafe(user),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  }, fetcher);
}
