/**
 * Entry point of the browser bundle (`deno task build:ui` writes it to
 * web/dist/main.js, served as `/app.js`, beside the chunks it loads on
 * demand): mounts the app on `#app`, behind the login when the server has
 * auth on.
 *
 * @module
 */
import { render } from "preact";
import { App } from "./app.tsx";
import { AlarmStore } from "./alarm_store.ts";
import { askAuthMode, AuthGate } from "./auth_gate.tsx";
import { session } from "./auth_session.ts";
import { BootFetch, bootPaths } from "./boot_fetch.ts";
import { getJson } from "./api_client.ts";
import type { TwinView } from "./api_types.ts";
import { LiveStore } from "./live_store.ts";
import { matchRoute } from "./route.ts";
import { routeScope } from "./stream_scope.ts";

/** The longest the first render waits for the early replies. */
const BOOT_WAIT_MS = 1_500;

/**
 * Start the UI on `root`: the first view's requests and, once the server has
 * said whether it wants a login, the stream leave before anything renders;
 * the first render waits for their replies (the shell's "Loading fieldtwin…"
 * shows meanwhile), so the page it draws already holds the plant and, on a
 * twin's page, the twin.
 */
async function start(root: HTMLElement): Promise<void> {
  const me = askAuthMode();
  const boot = new BootFetch(bootPaths(location.pathname));
  const store = new LiveStore({
    url: (path) => session.withToken(path),
    lookup: (ids) =>
      getJson<TwinView[]>(`/api/twins?ids=${ids.map(encodeURIComponent).join(",")}`)
        .then((r) => r.body ?? []),
  });
  // A twin's page opens a stream of that twin alone (and the plant's alarms): a few KB, not the plant.
  store.setScope(routeScope(matchRoute(location.pathname, location.search)));
  const alarms = new AlarmStore(store);
  // A server that cannot say is taken as auth off, as the gate always did.
  const auth = await me.then((m) => m.auth === true, () => false);
  if (!auth || session.user) {
    // The alarm store hears the stream's snapshots, so it starts listening first.
    alarms.start();
    store.start();
  }
  // A reply that is slow in coming does not hold the page: the app asks again for what it lacks.
  await Promise.race([boot.settled(), new Promise((res) => setTimeout(res, BOOT_WAIT_MS))]);
  root.textContent = "";
  render(
    <AuthGate session={session} auth={auth}>
      <App store={store} alarms={alarms} boot={boot} />
    </AuthGate>,
    root,
  );
}

const root = document.getElementById("app");
if (root) start(root);
