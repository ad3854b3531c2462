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
import { compareWithEpanet, optimizeStation } from "./optimize_station.ts";
import { type ScheduleRequest, scheduleResult } from "./schedule_request.ts";
import type { Tariff } from "./tariff.ts";
import { dayFromHour } from "./rolling_day.ts";

self.onmessage = async (e: MessageEvent) => {
  const { config, tariff, request } = e.data as {
    config: StationConfig;
    tariff: Tariff;
    request: ScheduleRequest;
  };
  try {
    // A rolling horizon: the day planned starts at the request's hour.
    const day = dayFromHour(config, tariff, request.start_hour);
    const report = optimizeStation(day.config, day.tariff, {
      solver: request.solver,
      seed: request.seed,
      populationSize: request.population,
      generations: request.generations,
      pareto: request.pareto,
      limits: {
        minDeliveryKpa: request.min_delivery_kpa,
        maxInflowM3h: request.max_inflow_m3h,
      },
    });
    let epanet;
    if (request.epanet) {
      const ws = new Workspace();
      await ws.loadModule();
      epanet = compareWithEpanet(ws, day.config, report.best, day.tariff);
    }
    self.postMessage({ result: scheduleResult(report, epanet, request.start_hour) });
  } catch (err) {
    self.postMessage({ error: (err as Error).message });
  }
};
