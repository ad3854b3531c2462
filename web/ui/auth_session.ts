/**
 * The browser's login session when the server has auth on: the access and
 * refresh tokens (kept in sessionStorage, so a reload stays logged in and
 * closing the tab logs out), refreshed shortly before the access token
 * expires or when a request comes back 401, and dropped on logout. With
 * auth off the session stays empty and nothing changes for requests.
 *
 * @module
 */

/** A logged-in user's tokens. */
export interface SessionTokens {
  /** User name. */
  user: string;
  /** Role. */
  role: string;
  /** Bearer token. */
  access: string;
  /** One-use refresh token. */
  refresh: string;
  /** When the access token expires, epoch ms. */
  expiresAt: number;
}

/** Minimal storage (sessionStorage, or a map in tests). */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The fetch function used; tests pass a stub. */
export type SessionFetcher = (input: string, init?: RequestInit) => Promise<Response>;

const KEY = "fieldtwin.session";
/** Refresh this long before expiry, so a request never leaves with a token about to lapse. */
const EARLY_MS = 60_000;

/** The login session of this tab. */
export class AuthSession {
  #tokens: SessionTokens | undefined;
  #refreshing: Promise<boolean> | undefined;
  readonly #listeners = new Set<() => void>();
  readonly #storage: TokenStorage | undefined;
  readonly #fetch: SessionFetcher;
  readonly #now: () => number;

  /** A session kept in `storage`. */
  constructor(
    storage: TokenStorage | undefined,
    fetcher: SessionFetcher = (i, init) => fetch(i, init),
    now: () => number = Date.now,
  ) {
    this.#storage = storage;
    this.#fetch = fetcher;
    this.#now = now;
    try {
      const saved = storage?.getItem(KEY);
      this.#tokens = saved ? JSON.parse(saved) as SessionTokens : undefined;
    } catch {
      this.#tokens = undefined;
    }
  }

  /** The logged-in user and role, if any. */
  get user(): { user: string; role: string } | undefined {
    return this.#tokens && { user: this.#tokens.user, role: this.#tokens.role };
  }

  /** Call `listener` when the session starts or ends; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A current access token (refreshed first when near expiry), or undefined without a session. */
  async token(): Promise<string | undefined> {
    if (!this.#tokens) return undefined;
    if (this.#tokens.expiresAt - EARLY_MS <= this.#now()) await this.refresh();
    return this.#tokens?.access;
  }

  /** Headers carrying the access token, empty without a session. */
  async headers(): Promise<Record<string, string>> {
    const t = await this.token();
    return t ? { authorization: `Bearer ${t}` } : {};
  }

  /** `path` with the access token as a query parameter (for EventSource, which sets no headers). */
  withToken(path: string): string {
    const t = this.#tokens?.access;
    if (!t) return path;
    return `${path}${path.includes("?") ? "&" : "?"}access_token=${encodeURIComponent(t)}`;
  }

  /** Log in; returns undefined on success, else the server's reason. */
  async login(user: string, password: string): Promise<string | undefined> {
    let res: Response;
    try {
      res = await this.#fetch("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user, password }),
      });
    } catch (e) {
      return `cannot reach the server: ${(e as Error).message}`;
    }
    const body = await res.json().catch(() => ({}));
    if (!res.ok) return body.error ?? `${res.status} ${res.statusText}`;
    this.#set(body);
    return undefined;
  }

  /** Swap the refresh token for new tokens (one request at a time); false ends the session. */
  refresh(): Promise<boolean> {
    this.#refreshing ??= this.#doRefresh().finally(() => this.#refreshing = undefined);
    return this.#refreshing;
  }

  /** Log out on the server and here. */
  async logout(): Promise<void> {
    const t = this.#tokens;
    if (t) {
      await this.#fetch("/api/auth/logout", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${t.access}` },
        body: JSON.stringify({ refresh_token: t.refresh }),
      }).then((r) => r.body?.cancel()).catch(() => {});
    }
    this.end();
  }

  /** Forget the session (the server refused it). */
  end(): void {
    if (!this.#tokens) return;
    this.#tokens = undefined;
    this.#storage?.removeItem(KEY);
    for (const l of this.#listeners) l();
  }

  async #doRefresh(): Promise<boolean> {
    const t = this.#tokens;
    if (!t) return false;
    try {
      const res = await this.#fetch("/api/auth/refresh", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ refresh_token: t.refresh }),
      });
      if (!res.ok) {
        await res.body?.cancel();
        this.end();
        return false;
      }
      this.#set(await res.json());
      return true;
    } catch {
      return false; // the server is away; keep the session and try again later
    }
  }

  #set(body: {
    user: string;
    role: string;
    access_token: string;
    refresh_token: string;
    expires_in: number;
  }): void {
    const fresh = !this.#tokens;
    this.#tokens = {
      user: body.user,
      role: body.role,
      access: body.access_token,
      refresh: body.refresh_token,
      expiresAt: this.#now() + body.expires_in * 1000,
    };
    this.#storage?.setItem(KEY, JSON.stringify(this.#tokens));
    if (fresh) { for (const l of this.#listeners) l(); }
  }
}

/** This tab's session. */
export const session = new AuthSession(globalThis.sessionStorage);
