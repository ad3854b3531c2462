/**
 * Refuses requests a browser could be tricked into sending. Without it, any
 * page an operator visits could POST commands to 127.0.0.1:8000 (a no-cors
 * fetch or a `text/plain` form) and a DNS-rebinding page could read the
 * API. So: the Host header must name this server (a rebinding page's Host
 * is the attacker's name), a mutating request from a browser must come from
 * this server's own origin, and it may carry only a JSON body (form and
 * text encodings are what cross-site pages can send without asking).
 *
 * @module
 */
import { HttpError } from "./http_error.ts";

/** What the guard accepts. */
export interface GuardOptions {
  /**
   * Host names (without port) the server answers to, or "any" (listening on
   * every address with nothing configured: auth is on there, and tokens
   * travel in headers a rebinding page cannot read).
   */
  allowedHosts: readonly string[] | "any";
  /** Further origins allowed to send mutating requests (`https://scada.example`). */
  allowedOrigins?: readonly string[];
}

/** The host names every server answers to: the loopback ones. */
export const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost", "::1"];

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether `method` changes something (everything but GET, HEAD, OPTIONS). */
export function isMutating(method: string): boolean {
  return !SAFE.has(method);
}

/** The host names to accept for a server bound to `bindHost`, plus `extra` names. */
export function allowedHostsFor(
  bindHost: string,
  extra: readonly string[] = [],
): readonly string[] | "any" {
  const wildcard = bindHost === "0.0.0.0" || bindHost === "::" || bindHost === "[::]";
  if (wildcard && extra.length === 0) return "any";
  const names = new Set([...LOOPBACK_HOSTS, ...extra.map(bare)]);
  if (!wildcard) names.add(bare(bindHost));
  return [...names];
}

function bare(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
}

/** Throw a 403 or 415 for a request the server must not act on. */
export function guardRequest(req: Request, url: URL, opts: GuardOptions): void {
  if (opts.allowedHosts !== "any" && !opts.allowedHosts.includes(bare(url.hostname))) {
    throw new HttpError(
      403,
      `host "${url.hostname.slice(0, 100)}" is not a name of this server; ` +
        `start it with --allowed-host ${url.hostname.slice(0, 100)} to serve that name`,
    );
  }
  if (!isMutating(req.method)) return;
  const origin = req.headers.get("origin");
  if (origin !== null) {
    if (!sameOrigin(origin, url) && !opts.allowedOrigins?.includes(origin)) {
      throw new HttpError(403, `cross-origin request from "${origin.slice(0, 100)}" refused`);
    }
  } else {
    const site = req.headers.get("sec-fetch-site");
    if (site === "cross-site" || site === "same-site") {
      throw new HttpError(403, `cross-site request refused (sec-fetch-site: ${site})`);
    }
  }
  const type = req.headers.get("content-type");
  if (type !== null && !isJsonType(type)) {
    throw new HttpError(
      415,
      `expected a JSON body (content-type application/json), got "${type.slice(0, 100)}"`,
    );
  }
}

/** Whether a content type is JSON (`application/json`, `application/x+json`, any parameters). */
export function isJsonType(type: string): boolean {
  const mime = type.split(";")[0].trim().toLowerCase();
  return mime === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(mime);
}

function sameOrigin(origin: string, url: URL): boolean {
  try {
    const o = new URL(origin);
    return o.host === url.host && o.protocol === url.protocol;
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and garbage
  }
}
