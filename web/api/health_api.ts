/**
 * Health endpoints as orchestrators expect them: `/api/health/live` (the
 * process is serving and its step loop is not stuck), `/api/health/ready`
 * (the plant has started stepping) and `/api/health` (a summary that says
 * `degraded`, and why, when a simulator has halted, the clock lags or
 * devices are in communication fault). Documented in docs/http_api.md.
 *
 * @module
 */
import type { Runtime } from "../../runtime/runtime.ts";
import { json } from "../http_error.ts";
import type { Router } from "../router.ts";

/** One reason the plant is not fully healthy. */
export interface HealthProblem {
  /** What is affected: `simulator`, `clock`, `device`, or a check's own name. */
  component: string;
  /** Which one (a twin id, a device id). */
  id?: string;
  /** A sentence for the operator. */
  message: string;
}

/** A source of health problems beside the runtime's own (the Modbus service's devices). */
export type HealthCheck = () => readonly HealthProblem[];

/** Tuning for the health verdicts. */
export interface HealthOptions {
  /** Extra checks. */
  checks?: readonly HealthCheck[];
  /** A real-time step later than this many steps counts as clock lag. Default 2. */
  lagSteps?: number;
  /** No step for this many steps means the loop is stuck (not live). Default 30. */
  stuckSteps?: number;
}

/** The runtime's own problems: halted simulators and clock lag. */
export function runtimeProblems(runtime: Runtime, lagSteps = 2): HealthProblem[] {
  const problems: HealthProblem[] = runtime.halted().map((id) => ({
    component: "simulator",
    id,
    message: `the simulator of "${id}" failed and was halted; its twins are bad`,
  }));
  const lag = runtime.stats.recentLagMs;
  if (!runtime.clock.virtual && lag > lagSteps * runtime.stepMs) {
    problems.push({
      component: "clock",
      message: `the step loop ran ${Math.round(lag)} ms late in its latest ten steps ` +
        `(step ${runtime.stepMs} ms)`,
    });
  }
  return problems;
}

/** Whether a real-time step loop has stopped stepping (a stuck process); never on virtual time. */
function stuck(runtime: Runtime, stuckSteps: number): boolean {
  if (runtime.clock.virtual || !runtime.running) return false;
  const last = runtime.stats.lastStepAt;
  return last > 0 && runtime.clock.now() - last > stuckSteps * runtime.stepMs;
}

/** Add `/api/health`, `/api/health/live` and `/api/health/ready` to `router`. */
export function healthRoutes(router: Router, runtime: Runtime, opts: HealthOptions = {}): void {
  const startedAt = Date.now();
  const stuckSteps = opts.stuckSteps ?? 30;
  router.on("GET", "/api/health", () => {
    const problems = [...runtimeProblems(runtime, opts.lagSteps)];
    for (const check of opts.checks ?? []) problems.push(...check());
    return json({
      status: problems.length === 0 ? "ok" : "degraded",
      problems,
      plant: runtime.plant.name,
      twins: runtime.twins.size,
      clock: { virtual: runtime.clock.virtual, now: new Date(runtime.clock.now()).toISOString() },
      steps: runtime.stats.steps,
      lagMs: runtime.stats.lagMs,
      uptimeS: Math.round((Date.now() - startedAt) / 1000),
    });
  }, { summary: "Plant health: ok or degraded, and why" });
  router.on("GET", "/api/health/live", () => {
    if (stuck(runtime, stuckSteps)) {
      return json({ status: "stuck", message: "the step loop has stopped stepping" }, 503);
    }
    return json({ status: "live" });
  }, { role: "public", summary: "Liveness: the step loop steps" });
  router.on("GET", "/api/health/ready", () => {
    // Ready once the plant has stepped: twins have values to serve. A plant
    // on virtual time is driven by its caller and is ready at once.
    if (runtime.clock.virtual || runtime.stats.steps > 0) return json({ status: "ready" });
    return json({ status: "starting", message: "the plant has not stepped yet" }, 503);
  }, { role: "public", summary: "Readiness: the plant has stepped" });
}
