/**
 * Starts the real runtime and HTTP server on a free loopback port for
 * integration and browser tests.
 *
 * @module
 */
import { type Plant, validatePlant } from "../plant/plant_file.ts";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { type StartedPlant, startPlant, type StartPlantOptions } from "../app/start_plant.ts";
import { openPlantDatabase } from "../history/plant_database.ts";
import { SqliteHistoryStore } from "../history/sqlite_history_store.ts";
import { loadKinds } from "../twins/registry.ts";
import { createWebApp, type WebApp, type WebAppOptions } from "../web/server.ts";
import { takeSseFrames } from "./sse_frames.ts";

/** A running test server. */
export interface TestServer {
  /** Base URL, for example `http://127.0.0.1:41234`. */
  url: string;
  /** The runtime behind it. */
  runtime: Runtime;
  /** The web app. */
  app: WebApp;
  /** The plant's alarm engine and calculated points. */
  alarms: StartedPlant["alarms"];
  /** The history recorder, when the server records history. */
  recorder: StartedPlant["recorder"];
  /** Stop server, app and runtime. */
  close(): Promise<void>;
}

/**
 * Start a server for `plant` (a plant-file object) on real time unless told
 * otherwise; `recordHistory` records point history into a store in a fresh
 * temporary directory, removed on close.
 */
export async function startTestServer(
  plant: unknown,
  opts: StartPlantOptions & { run?: boolean; web?: WebAppOptions; recordHistory?: boolean } = {},
): Promise<TestServer> {
  const kinds = await loadKinds();
  const validated: Plant = validatePlant(plant, kinds, PLANT_SECTIONS, "<test plant>");
  const dir = opts.recordHistory
    ? await Deno.makeTempDir({ prefix: "fieldtwin-test-history-" })
    : undefined;
  const history = dir ? new SqliteHistoryStore(openPlantDatabase(dir, validated.name)) : undefined;
  const started = startPlant(validated, kinds, history ? { ...opts, history } : opts);
  const { runtime } = started;
  if (opts.run !== false && !runtime.clock.virtual) runtime.start();
  const app = createWebApp(started, opts.web);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.handler);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    runtime,
    app,
    alarms: started.alarms,
    recorder: started.recorder,
    async close() {
      app.close();
      started.stop();
      await server.shutdown();
      if (dir) await Deno.remove(dir, { recursive: true });
    },
  };
}

/** Read SSE frames from `url` until `until` returns true or `timeoutMs` passes; returns the frames. */
export async function readSse(
  url: string,
  until: (frames: { event: string; data: unknown }[]) => boolean,
  timeoutMs = 10_000,
): Promise<{ event: string; data: unknown }[]> {
  const res = await fetch(url);
  if (!res.ok || !res.body) {
    throw new Error(`SSE ${url} answered ${res.status}: ${await res.text()}`);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const frames: { event: string; data: unknown }[] = [];
  let buffer = "";
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const timer = new Promise<"timeout">((r) =>
        setTimeout(() => r("timeout"), deadline - Date.now())
      );
      const next = await Promise.race([reader.read(), timer]);
      if (next === "timeout" || next.done) break;
      buffer = takeSseFrames(buffer + next.value, frames);
      if (until(frames)) break;
    }
  } finally {
    await reader.cancel();
  }
  return frames;
}
