/**
 * Client-side routing with history.pushState: `/` is the fleet, and
 * `/twins/:id` a twin's detail page (the server answers both with the same
 * shell). Links go through {@linkcode navigate} so the page never reloads.
 *
 * @module
 */

/** Which page a location shows. */
export type Route =
  | { page: "fleet"; search: string }
  | { page: "twin"; id: string }
  | { page: "missing"; path: string };

/** The page for a pathname and query string. */
export function matchRoute(pathname: string, search = ""): Route {
  if (pathname === "/" || pathname === "" || pathname === "/twins" || pathname === "/twins/") {
    return { page: "fleet", search };
  }
  const m = /^\/twins\/([^/]+)\/?$/.exec(pathname);
  if (m) {
    try {
      return { page: "twin", id: decodeURIComponent(m[1]) };
    } catch {
      return { page: "missing", path: pathname };
    }
  }
  return { page: "missing", path: pathname };
}

/** Path of a twin's detail page. */
export function twinPath(id: string): string {
  return `/twins/${encodeURIComponent(id)}`;
}

const EVENT = "fieldtwin:navigate";

/** Go to `url` without reloading; `replace` keeps the history entry (for filter edits). */
export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  dispatchEvent(new Event(EVENT));
  if (!replace) scrollTo(0, 0);
}

/** Call `fn` whenever the location changes (links, back and forward); returns the unsubscribe. */
export function onNavigate(fn: () => void): () => void {
  addEventListener("popstate", fn);
  addEventListener(EVENT, fn);
  return () => {
    removeEventListener("popstate", fn);
    removeEventListener(EVENT, fn);
  };
}

/** Whether a click should be left to the browser (new tab, download, modified click). */
export function isPlainClick(e: MouseEvent): boolean {
  return e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey &&
    !e.defaultPrevented;
}
