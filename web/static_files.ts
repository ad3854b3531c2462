/**
 * Serves the UI: the HTML shell, the stylesheet, and the Preact bundle built
 * by `deno task build:ui` into web/dist/: the entry (`main.js`, served as
 * `/app.js`) and the chunks it imports on demand (`/name-HASH.js`, named by
 * their content, so a browser may keep them).
 *
 * @module
 */
import { entryImports, withPreloads } from "./bundle_preloads.ts";
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
    path: new URL("./dist/main.js", import.meta.url),
    type: "text/javascript; charset=utf-8",
  },
};

/** A code-split chunk of the bundle: `deno bundle --code-splitting` names it `name-HASH.js`. */
const CHUNK = /^\/[A-Za-z0-9_]+-[A-Z0-9]{8}\.js$/;

/** Whether `pathname` is a UI route (the SPA answers `/twins/...` with the shell). */
export function isUiPath(pathname: string): boolean {
  return Object.hasOwn(FILES, pathname) || CHUNK.test(pathname) ||
    /^\/(twins|alarms|admin|whatif|replay|reports|wall)(\/|$)/.test(pathname);
}

/** Serve a UI file. */
export async function serveStatic(pathname: string): Promise<Response> {
  const chunk = CHUNK.test(pathname);
  const file = chunk
    ? { path: new URL(`./dist${pathname}`, import.meta.url), type: FILES["/app.js"].type }
    : Object.hasOwn(FILES, pathname)
    ? FILES[pathname]
    : FILES["/"];
  try {
    const bytes = await Deno.readFile(file.path);
    const body = file === FILES["/"] ? await shellWithPreloads(bytes) : bytes;
    return new Response(body, {
      headers: {
        "content-type": file.type,
        // A chunk's name changes with its content; everything else is checked each time.
        "cache-control": chunk ? "public, max-age=31536000, immutable" : "no-cache",
      },
    });
  } catch {
    if (pathname === "/app.js" || chunk) {
      throw new HttpError(
        503,
        "UI bundle missing: run `deno task build:ui` (deno task start does it)",
      );
    }
    throw new HttpError(404, `no such file: ${pathname}`);
  }
}

/** The shell with a modulepreload link for each chunk the entry bundle imports statically. */
async function shellWithPreloads(shell: Uint8Array): Promise<string> {
  const html = new TextDecoder().decode(shell);
  let entry: string;
  try {
    entry = await Deno.readTextFile(FILES["/app.js"].path);
  } catch {
    return html; // no bundle yet: /app.js says so when the browser asks
  }
  return withPreloads(html, entryImports(entry));
}
