/**
 * Entry point of the browser bundle (`deno task build:ui` writes it to
 * web/dist/app.js): mounts the app on `#app`, behind the login when the
 * server has auth on.
 *
 * @module
 */
import { render } from "preact";
import { App } from "./app.tsx";
import { AlarmStore } from "./alarm_store.ts";
import { AuthGate } from "./auth_gate.tsx";
import { session } from "./auth_session.ts";
import { LiveStore } from "./live_store.ts";

const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  const store = new LiveStore({ url: () => session.withToken("/api/stream") });
  render(
    <AuthGate session={session}>
      <App store={store} alarms={new AlarmStore(store)} />
    </AuthGate>,
    root,
  );
}
