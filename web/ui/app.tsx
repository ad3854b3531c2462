/**
 * The app root: loads the plant and the kinds once, keeps the live store
 * connected and the alarm store following it, and picks the page from the
 * location.
 *
 * @module
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { getJson } from "./api_client.ts";
import type { HealthInfo, KindInfo, PlantInfo } from "./api_types.ts";
import { AlarmDetailPage } from "./alarm_detail_page.tsx";
import { AlarmJournalPage } from "./alarm_journal_page.tsx";
import { AlarmListPage } from "./alarm_list_page.tsx";
import type { AlarmStore } from "./alarm_store.ts";
import { AlarmSound } from "./alarm_sound.ts";
import { AppContext, type AppState, keyPointsOf } from "./app_context.ts";
import { AppHeader } from "./app_header.tsx";
import { AuditPage } from "./audit_page.tsx";
import { UsersPage } from "./users_page.tsx";
import { WhatifPage } from "./whatif_page.tsx";
import { ReplayPage } from "./replay_page.tsx";
import { ReportsPage } from "./reports_page.tsx";
import { FleetPage } from "./fleet_page.tsx";
import { Link } from "./link.tsx";
import { pageTitle } from "./page_title.ts";
import type { LiveStore } from "./live_store.ts";
import { matchRoute } from "./route.ts";
import { TwinPage } from "./twin_page.tsx";
import { WallPage } from "./wall_page.tsx";
import { useLocation, useStoreRevision } from "./use_store.ts";

interface Loaded {
  kinds: Map<string, KindInfo>;
  plant: PlantInfo;
  health: HealthInfo | undefined;
}

/** The whole UI over a live store and the alarm store that follows it. */
export function App(props: { store: LiveStore; alarms: AlarmStore }) {
  const { store, alarms } = props;
  const revision = useStoreRevision(store);
  useStoreRevision(alarms);
  const loc = useLocation();
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    (async () => {
      const [kinds, plant, health] = await Promise.all([
        getJson<KindInfo[]>("/api/kinds"),
        getJson<PlantInfo>("/api/plant"),
        getJson<HealthInfo>("/api/health"),
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

  useEffect(() => {
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
  };
  const route = matchRoute(loc.pathname, loc.search);

  // The wall display is the whole screen: no header, no page chrome.
  if (route.page === "wall") {
    return (
      <AppContext.Provider value={app}>
        <main id="main" class="wall-main" data-connection={store.connection}>
          {loadError && <p class="error-box" role="alert">{loadError}</p>}
          {loaded && <WallPage search={route.search} revision={revision} sound={sound} />}
        </main>
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
        {loaded && route.page === "fleet" && (
          <FleetPage
            search={route.search}
            revision={revision}
          />
        )}
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
    </AppContext.Provider>
  );
}
