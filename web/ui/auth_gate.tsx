/**
 * Shows the login page when the server needs a login and this tab has no
 * session, and the app otherwise; keeps the session's tokens fresh while
 * it lasts. With auth off it renders the app at once.
 *
 * @module
 */
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { AuthSession } from "./auth_session.ts";
import { LoginPage } from "./login_page.tsx";

/** Whether the server has auth on, as `GET /api/auth/me` says. */
type AuthMode = "unknown" | "on" | "off";

/** Ask the server whether it has auth on (`GET /api/auth/me`); main.tsx asks as the bundle starts. */
export function askAuthMode(): Promise<{ auth?: boolean }> {
  return fetch("/api/auth/me").then((r) => r.json());
}

/** The gate; `auth` is the server's answer to {@linkcode askAuthMode} when main.tsx already has it. */
export function AuthGate(
  props: { session: AuthSession; children: ComponentChildren; auth?: boolean },
) {
  const { session } = props;
  const [mode, setMode] = useState<AuthMode>(
    props.auth === undefined ? "unknown" : props.auth ? "on" : "off",
  );
  const [, setRevision] = useState(0);
  useEffect(() => session.subscribe(() => setRevision((r) => r + 1)), [session]);
  useEffect(() => {
    if (props.auth !== undefined) return;
    askAuthMode().then(
      (me: { auth?: boolean }) => setMode(me.auth ? "on" : "off"),
      () => setMode("off"),
    );
  }, []);
  useEffect(() => {
    if (mode !== "on" || !session.user) return;
    // Access tokens last 15 minutes: renew ahead of time, so the stream's
    // next reconnect and every request carry a valid one.
    const timer = setInterval(() => session.token(), 30_000);
    return () => clearInterval(timer);
  }, [mode, session.user?.user]);
  if (mode === "unknown") return <p class="muted">Loading…</p>;
  if (mode === "on" && !session.user) return <LoginPage session={session} />;
  return <>{props.children}</>;
}
