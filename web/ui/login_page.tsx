/**
 * The login form, shown instead of the app when the server has auth on and
 * this tab has no session.
 *
 * @module
 */
import { useState } from "preact/hooks";
import type { AuthSession } from "./auth_session.ts";

/** The login page. */
export function LoginPage(props: { session: AuthSession; plant?: string }) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" class="login-page">
      <form
        class="login-form"
        aria-labelledby="login-title"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget as HTMLFormElement;
          const data = new FormData(form);
          setBusy(true);
          const problem = await props.session.login(
            String(data.get("user") ?? ""),
            String(data.get("password") ?? ""),
          );
          setBusy(false);
          setError(problem);
        }}
      >
        <h1 id="login-title">fieldtwin{props.plant ? ` · ${props.plant}` : ""}</h1>
        <p class="muted">Log in to monitor and operate the plant.</p>
        <label>
          User
          <input id="login-user" name="user" autocomplete="username" required autofocus />
        </label>
        <label>
          Password
          <input
            id="login-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
        </label>
        {error && <p class="error-box" role="alert" id="login-error">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? "Logging in…" : "Log in"}</button>
      </form>
    </main>
  );
}
