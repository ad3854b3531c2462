/**
 * One station day planned as a request asks: the 24 h from its
 * `start_hour` (a rolling horizon, `rolling_day.ts`), searched by its
 * solver, compared with EPANET when it asks and a loaded workspace is
 * given. The schedule worker runs it off the step loop's thread; a what-if
 * run on virtual time runs it in line, so a plan falls due and arrives in
 * the same step, as deterministic as the run.
 *
 * @module
 */
import type { Workspace } from "epanet-js";
import type { StationConfig } from "../simulators/pump/station_config.ts";
import { compareWithEpanet, optimizeStation } from "./optimize_station.ts";
import { dayFromHour } from "./rolling_day.ts";
import { type ScheduleRequest, type ScheduleResult, scheduleResult } from "./schedule_request.ts";
import type { Tariff } from "./tariff.ts";

/** Plan `config`'s day under `tariff` as `request` asks; EPANET compares only when `epanet` is given. */
export function planDay(
  config: StationConfig,
  tariff: Tariff,
  request: ScheduleRequest,
  epanet?: Workspace,
): ScheduleResult {
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
  const comparison = request.epanet && epanet
    ? compareWithEpanet(epanet, day.config, report.best, day.tariff)
    : undefined;
  return scheduleResult(report, comparison, request.start_hour);
}
