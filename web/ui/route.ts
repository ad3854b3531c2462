/**
 * Client-side routing with history.pushState: `/` is the fleet,
 * `/twins/:id` a twin's detail page, `/alarms` the alarm list,
 * `/alarms/journal` the alarm journal and `/alarms/:twin/:name` one alarm
 * (the server answers all of them with the same shell); `/admin/users` and
 * `/admin/audit` are the admin pages; `/whatif` runs what-if studies; `/replay` replays recordings; `/reports` downloads reports; `/wall` is the
 * wall display. Links go through {@linkcode navigate} so the page never reloads.
 *
 * @module
 */

/** Which page a location shows. */
export type Route =
  | { page: "fleet"; search: string }
  | { page: "twin"; id: string }
  | { page: "alarms"; search: string }
  | { page: "journal"; search: string }
  | { page: "alarm"; twin: string; name: string }
  | { page: "users" }
  | { page: "whatif" }
  | { page: "replay"; search: string }
  | { page: "audit"; search: string }
  | { page: "reports" }
  | { page: "wall"; search: string }
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
  if (pathname === "/alarms" || pathname === "/alarms/") return { page: "alarms", search };
  if (pathname === "/admin/users" || pathname === "/admin/users/") return { page: "users" };
  if (pathname === "/whatif" || pathname === "/whatif/") return { page: "whatif" };
  if (pathname === "/replay" || pathname === "/replay/") return { page: "replay", search };
  if (pathname === "/reports" || pathname === "/reports/") return { page: "reports" };
  if (pathname === "/wall" || pathname === "/wall/") return { page: "wall", search };
  if (pathname === "/admin/audit" || pathname === "/admin/audit/") return { page: "audit", search };
  if (pathname === "/alarms/journal" || pathname === "/alarms/journal/") {
    return { page: "journal", search };
  }
  const a = /^\/alarms\/([^/]+)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (a) {
    try {
      // One segment is an id with its slash encoded (`rtu-1%2Fcomm`); names hold no slash.
      let twin: string, name: string;
      if (a[2] === undefined) {
        const id = decodeURIComponent(a[1]);
        const cut = id.lastIndexOf("/");
        twin = cut > 0 ? id.slice(0, cut) : "";
        name = id.slice(cut + 1);
      } else {
        twin = decodeURIComponent(a[1]);
        name = decodeURIComponent(a[2]);
      }
      if (twin && name) return { page: "alarm", twin, name };
    } catch {
      // A malformed escape is a page that does not exist.
    }
  }
  return { page: "missing", path: pathname };
}

/** Path of an alarm's detail page. */
export function alarmPath(alarm: { twin: string; name: string }): string {
  return `/alarms/${encodeURIComponent(alarm.twin)}/${encodeURIComponent(alarm.name)}`;
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
