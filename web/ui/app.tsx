/**
 * The app root: loads the plant and the kinds once, keeps the live store
 * connected and the alarm store following it, and picks the page from the
 * location.
 *
 * @module
 */
import { useEffect, useLayoutEffect, useMemo, useState } from "preact/hooks";
import { getJson } from "./api_client.ts";
import type { HealthInfo, KindInfo, PlantInfo } from "./api_types.ts";
import { AlarmDetailPage } from "./alarm_detail_page.tsx";
import { AlarmJournalPage } from "./alarm_journal_page.tsx";
import { AlarmListPage } from "./alarm_list_page.tsx";
import type { AlarmStore } from "./alarm_store.ts";
import { AlarmSound } from "./alarm_sound.ts";
import { AppContext, type AppState, keyPointsOf } from "./app_context.ts";
import { AppHeader } from "./app_header.tsx";
import type { BootFetch } from "./boot_fetch.ts";
import { FleetPage } from "./fleet_page.tsx";
import { lazyComponent } from "./lazy_component.tsx";
import { Link } from "./link.tsx";
import { pageTitle } from "./page_title.ts";
import type { LiveStore } from "./live_store.ts";
import { matchRoute } from "./route.ts";
import { useAppShortcuts } from "./shortcut_help.tsx";
import { routeScope } from "./stream_scope.ts";
import { TwinPage } from "./twin_page.tsx";
import { useLocation, useStoreRevision } from "./use_store.ts";

// Pages the first view of the fleet, a twin or the alarms never shows load
// on first use, each from its own chunk, so the entry bundle stays small.
const AuditPage = lazyComponent(
  "the audit log",
  () => import("./audit_page.tsx").then((m) => m.AuditPage),
);
const UsersPage = lazyComponent(
  "the users page",
  () => import("./users_page.tsx").then((m) => m.UsersPage),
);
const WhatifPage = lazyComponent(
  "the what-if page",
  () => import("./whatif_page.tsx").then((m) => m.WhatifPage),
);
const ReplayPage = lazyComponent(
  "the replay page",
  () => import("./replay_page.tsx").then((m) => m.ReplayPage),
);
const ReportsPage = lazyComponent(
  "the reports page",
  () => import("./reports_page.tsx").then((m) => m.ReportsPage),
);
const WallPage = lazyComponent(
  "the wall display",
  () => import("./wall_page.tsx").then((m) => m.WallPage),
);

interface Loaded {
  kinds: Map<string, KindInfo>;
  plant: PlantInfo;
  health: HealthInfo | undefined;
}

/** The kinds, plant and health from early replies already in, or undefined if one is missing. */
function loadedNow(boot: BootFetch): Loaded | undefined {
  const kinds = boot.takeNow<KindInfo[]>("/api/kinds");
  const plant = boot.takeNow<PlantInfo>("/api/plant");
  const health = boot.takeNow<HealthInfo>("/api/health");
  if (!kinds?.body || !plant?.body) return undefined;
  return {
    kinds: new Map(kinds.body.map((k) => [k.kind, k])),
    plant: plant.body,
    health: health?.body,
  };
}

/** The whole UI over a live store and the alarm store that follows it. */
export function App(props: { store: LiveStore; alarms: AlarmStore; boot?: BootFetch }) {
  const { store, alarms, boot } = props;
  const revision = useStoreRevision(store);
  useStoreRevision(alarms);
  const loc = useLocation();
  // The early replies main.tsx waited for, when they are in: the first render shows the page.
  const [loaded, setLoaded] = useState<Loaded | undefined>(() => boot && loadedNow(boot));
  const [loadError, setLoadError] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (attempt === 0 && loaded) return;
    let live = true;
    (async () => {
      // The first attempt takes the replies main.tsx asked for as the bundle started.
      const get = boot ? <T,>(path: string) => boot.take<T>(path) : getJson;
      const [kinds, plant, health] = await Promise.all([
        get<KindInfo[]>("/api/kinds"),
        get<PlantInfo>("/api/plant"),
        get<HealthInfo>("/api/health"),
      ]);
      if (!live) return;
      const failed = [kinds, plant].find((r) => !r.ok);
      if (failed) {
        setLoadError(failed.error);
        return;
      }
      setLoadError(undefined);
      setLoaded({
        kinds: new Map(kinds.body!.map((k) => [k.kind, k])),
        plant: plant.body!,
        health: health.body,
      });
    })();
    return () => {
      live = false;
    };
  }, [attempt]);

  // A layout effect: the stream opens as this render commits, not a frame later.
  useLayoutEffect(() => {
    // The alarm store hears the stream's snapshots, so it starts listening first.
    alarms.start();
    store.start();
    return () => {
      store.stop();
      alarms.stop();
    };
  }, [store, alarms]);

  // The audible alarm hears every alarm event; alarms the page learns from a
  // snapshot were standing before it looked, so they never sound.
  const sound = useMemo(() => new AlarmSound(globalThis.localStorage), []);
  useStoreRevision(sound);
  useEffect(() => {
    const offEvent = alarms.onEvent((p) => sound.hear(p));
    const offChange = alarms.subscribe(() => sound.know(alarms.active.values()));
    sound.know(alarms.active.values());
    return () => {
      offEvent();
      offChange();
    };
  }, [alarms, sound]);

  const unacked = alarms.summary().unacked;
  useEffect(() => {
    if (loaded) document.title = pageTitle(loaded.plant.name, unacked);
  }, [loaded, unacked]);

  const keyPoints = useMemo(() => keyPointsOf(loaded?.kinds ?? new Map()), [loaded]);
  const app: AppState = {
    store,
    alarms,
    kinds: loaded?.kinds ?? new Map(),
    keyPoints,
    plant: loaded?.plant,
    health: loaded?.health,
    boot,
  };
  const route = matchRoute(loc.pathname, loc.search);
  // What the page shows decides what the stream carries; a twin's page adds what it draws.
  useEffect(() => {
    if (route.page !== "twin") store.setScope(routeScope(route));
  }, [route.page, store]);
  const shortcutHelp = useAppShortcuts(route.page === "wall");

  // The wall display is the whole screen: no header, no page chrome.
  if (route.page === "wall") {
    return (
      <AppContext.Provider value={app}>
        <main id="main" class="wall-main" data-connection={store.connection}>
          {loadError && <p class="error-box" role="alert">{loadError}</p>}
          {loaded && !store.partial && (
            <WallPage search={route.search} revision={revision} sound={sound} />
          )}
          {loaded && store.partial && <p class="muted">Loading every twin…</p>}
        </main>
        {shortcutHelp}
      </AppContext.Provider>
    );
  }

  return (
    <AppContext.Provider value={app}>
      <AppHeader page={route.page} sound={sound} />
      <main id="main" data-connection={store.connection}>
        {loadError && (
          <div class="error-box" role="alert">
            <p>Could not load the plant description: {loadError}</p>
            <button type="button" onClick={() => setAttempt(attempt + 1)}>Try again</button>
          </div>
        )}
        {!loaded && !loadError && <p class="muted">Loading…</p>}
        {loaded && route.page === "fleet" && (store.partial
          // Back from a twin's page: the store holds that page's few twins until the plant's come.
          ? <p class="muted">Loading every twin…</p>
          : (
            <FleetPage
              search={route.search}
              revision={revision}
            />
          ))}
        {loaded && route.page === "twin" && (
          <TwinPage key={route.id} id={route.id} revision={revision} />
        )}
        {loaded && route.page === "alarms" && <AlarmListPage search={route.search} />}
        {loaded && route.page === "journal" && <AlarmJournalPage search={route.search} />}
        {loaded && route.page === "alarm" && (
          <AlarmDetailPage
            key={`${route.twin}/${route.name}`}
            twin={route.twin}
            name={route.name}
          />
        )}
        {route.page === "users" && <UsersPage />}
        {loaded && route.page === "whatif" && <WhatifPage />}
        {loaded && route.page === "replay" && <ReplayPage search={route.search} />}
        {route.page === "audit" && <AuditPage search={route.search} />}
        {loaded && route.page === "reports" && <ReportsPage />}
        {route.page === "missing" && (
          <div class="error-box" role="alert">
            <p>
              There is no page at <code>{route.path}</code>.
            </p>
            <p>
              <Link href="/">Back to the fleet</Link>
            </p>
          </div>
        )}
      </main>
      {shortcutHelp}
    </AppContext.Provider>
  );
}
