/**
 * Entry point of the browser bundle (`deno task build:ui` writes it to
 * web/dist/app.js): mounts the app on `#app`.
 *
 * @module
 */
import { render } from "preact";
import { App } from "./app.tsx";
import { LiveStore } from "./live_store.ts";

const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(<App store={new LiveStore()} />, root);
}
