/**
 * The first view's requests, sent as soon as the bundle runs instead of one
 * after another as components mount: the auth mode, the kinds, the plant,
 * the health and, on a twin's page, that twin's detail all leave at once
 * and travel while the app renders. Each early reply is handed out once; a
 * failed one (a 401 before login, a network error) is asked for again, so
 * a page never sees a worse answer than it would have fetched itself.
 *
 * @module
 */
import { type ApiReply, getJson } from "./api_client.ts";
import { matchRoute } from "./route.ts";

/** GET a JSON resource (the api client's `getJson` unless a test passes another). */
export type BootGet = (path: string) => Promise<ApiReply<unknown>>;

/** The paths the first view of `pathname` needs, in the order they should leave. */
export function bootPaths(pathname: string): string[] {
  const paths = ["/api/kinds", "/api/plant", "/api/health"];
  const route = matchRoute(pathname);
  if (route.page === "twin") paths.push(`/api/twins/${encodeURIComponent(route.id)}`);
  return paths;
}

/** Early requests, each handed out once. */
export class BootFetch {
  readonly #get: BootGet;
  readonly #early = new Map<string, Promise<ApiReply<unknown>>>();
  readonly #settled = new Map<string, ApiReply<unknown>>();

  /** Send a GET for every path in `paths` now. */
  constructor(paths: readonly string[], get: BootGet = getJson) {
    this.#get = get;
    for (const p of paths) {
      this.#early.set(
        p,
        get(p).then((r) => {
          if (this.#early.has(p)) this.#settled.set(p, r);
          return r;
        }),
      );
    }
  }

  /** Resolves when every early request has its reply. */
  async settled(): Promise<void> {
    await Promise.all(this.#early.values());
  }

  /**
   * The early reply to `path` if it is already in and succeeded, handed out
   * once (so a component can start from it in its first render); otherwise
   * undefined and the early reply stays for {@linkcode BootFetch.take}.
   */
  takeNow<T>(path: string): ApiReply<T> | undefined {
    const r = this.#settled.get(path);
    if (!r?.ok) return undefined;
    this.#settled.delete(path);
    this.#early.delete(path);
    return r as ApiReply<T>;
  }

  /**
   * The reply to `path`: the early one the first time, if it succeeded;
   * otherwise (a second call, a path never sent early, an early failure) a
   * fresh request.
   */
  take<T>(path: string): Promise<ApiReply<T>> {
    const early = this.#early.get(path);
    this.#early.delete(path);
    this.#settled.delete(path);
    if (!early) return this.#get(path) as Promise<ApiReply<T>>;
    return early.then((r) => (r.ok ? r : this.#get(path))) as Promise<ApiReply<T>>;
  }
}
