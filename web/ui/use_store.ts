/**
 * Hooks that re-render a component when the live store or the location
 * changes.
 *
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import type { LiveStore } from "./live_store.ts";
import { onNavigate } from "./route.ts";

/** Re-render on every store change; returns the store's revision. */
export function useStoreRevision(store: LiveStore): number {
  const [revision, setRevision] = useState(store.revision);
  useEffect(() => {
    setRevision(store.revision);
    return store.subscribe(() => setRevision(store.revision));
  }, [store]);
  return revision;
}

/** The current pathname and query string, updated on navigation. */
export function useLocation(): { pathname: string; search: string } {
  const read = () => ({ pathname: location.pathname, search: location.search });
  const [loc, setLoc] = useState(read);
  useEffect(() => onNavigate(() => setLoc(read())), []);
  return loc;
}
