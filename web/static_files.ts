/**
 * Serves the UI: the HTML shell, the stylesheet, and the Preact bundle built
 * by `deno task build:ui` into web/dist/.
 *
 * @module
 */
import { HttpError } from "./http_error.ts";

const FILES: Record<string, { path: URL; type: string }> = {
  "/": { path: new URL("./static/index.html", import.meta.url), type: "text/html; charset=utf-8" },
  "/app.css": {
    path: new URL("./static/app.css", import.meta.url),
    type: "text/css; charset=utf-8",
  },
  "/process_display.css": {
    path: new URL("./static/process_display.css", import.meta.url),
    type: "text/css; charset=utf-8",
  },
  "/app.js": {
    path: new URL("./dist/app.js", import.meta.url),
    type: "text/javascript; charset=utf-8",
  },
};

/** Whether `pathname` is a UI route (the SPA answers `/twins/...` with the shell). */
export function isUiPath(pathname: string): boolean {
  return Object.hasOwn(FILES, pathname) ||
    /^\/(twins|alarms|admin|whatif|replay|reports|wall)(\/|$)/.test(pathname);
}

/** Serve a UI file. */
export async function serveStatic(pathname: string): Promise<Response> {
  const file = Object.hasOwn(FILES, pathname) ? FILES[pathname] : FILES["/"];
  try {
    const body = await Deno.readFile(file.path);
    return new Response(body, {
      headers: { "content-type": file.type, "cache-control": "no-cache" },
    });
  } catch {
    if (pathname === "/app.js") {
      throw new HttpError(
        503,
        "UI bundle missing: run `deno task build:ui` (deno task start does it)",
      );
    }
    throw new HttpError(404, `no such file: ${pathname}`);
  }
}
