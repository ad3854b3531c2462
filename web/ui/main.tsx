/**
 * Entry point of the browser bundle (`deno task build:ui` writes it to
 * web/dist/app.js): mounts the app on `#app`.
 *
 * @module
 */
import { render } from "preact";
import { App } from "./app.tsx";
import { AlarmStore } from "./alarm_store.ts";
import { LiveStore } from "./live_store.ts";

const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  const store = new LiveStore();
  render(<App store={store} alarms={new AlarmStore(store)} />, root);
}
