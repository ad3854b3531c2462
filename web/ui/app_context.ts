/**
 * What every page needs from the app: the live store, the alarm store, the
 * kinds (points, modes, commands) and the plant, handed down through one
 * Preact context.
 *
 * @module
 */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { HealthInfo, KeyPoint, KindInfo, PlantInfo } from "./api_types.ts";

export type { KeyPoint };
import type { LiveStore } from "./live_store.ts";
import type { AlarmStore } from "./alarm_store.ts";
import type { BootFetch } from "./boot_fetch.ts";

/** The app-wide context value. */
export interface AppState {
  /** Live twin state. */
  store: LiveStore;
  /** Annunciated alarms and alarm metrics. */
  alarms: AlarmStore;
  /** Kinds by name. */
  kinds: ReadonlyMap<string, KindInfo>;
  /** Key points of each kind (stable arrays, so cards can compare them by reference). */
  keyPoints: ReadonlyMap<string, readonly KeyPoint[]>;
  /** The plant, once loaded. */
  plant: PlantInfo | undefined;
  /** Server health at load time (tells virtual from real time). */
  health: HealthInfo | undefined;
  /** The first view's requests, sent as the bundle started (a page takes its own once). */
  boot?: BootFetch;
}

/** The context; the app provides it at the root. */
export const AppContext = createContext<AppState | undefined>(undefined);

/** Read the app context (inside the app's provider). */
export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error("useApp() outside <AppContext.Provider>");
  return app;
}

/** The key points of every kind, in the order the kind lists them. */
export function keyPointsOf(kinds: ReadonlyMap<string, KindInfo>): Map<string, KeyPoint[]> {
  const out = new Map<string, KeyPoint[]>();
  for (const [name, k] of kinds) {
    out.set(
      name,
      Object.entries(k.points).filter(([, s]) => s.key).map(([n, spec]) => ({ name: n, spec })),
    );
  }
  return out;
}
