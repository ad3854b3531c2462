/**
 * A worker that runs one schedule optimisation off the runtime's thread (a
 * search takes seconds of CPU; the plant and the web server must not stall
 * meanwhile). It gets `{ config, tariff, request }`, plans the 24 h from the
 * request's `start_hour` (`rolling_day.ts`), answers `{ result }` or
 * `{ error }`, and is then terminated by its job.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { Workspace } from "epanet-js";
import type { StationConfig } from "../simulators/pump/station_config.ts";
import type { ScheduleRequest } from "./schedule_request.ts";
import type { Tariff } from "./tariff.ts";
import { planDay } from "./plan_day.ts";

self.onmessage = async (e: MessageEvent) => {
  const { config, tariff, request } = e.data as {
    config: StationConfig;
    tariff: Tariff;
    request: ScheduleRequest;
  };
  try {
    let ws: Workspace | undefined;
    if (request.epanet) {
      ws = new Workspace();
      await ws.loadModule();
    }
    self.postMessage({ result: planDay(config, tariff, request, ws) });
  } catch (err) {
    self.postMessage({ error: (err as Error).message });
  }
};
