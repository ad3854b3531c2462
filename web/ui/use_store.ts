/**
 * Hooks that re-render a component when a store (the live store, the alarm
 * store) or the location changes.
 *
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { onNavigate } from "./route.ts";

/** A store that counts its changes and tells subscribers about them. */
export interface Revisioned {
  /** Grows with every change. */
  readonly revision: number;
  /** Hear every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** Re-render on every store change; returns the store's revision. */
export function useStoreRevision(store: Revisioned): number {
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
