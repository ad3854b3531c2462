/**
 * `/metrics` in the Prometheus text format: twins by kind and mode, machine
 * events (total and per second), samples, SSE clients, clock lag, memory,
 * then the lines of every metrics source the application was given (the
 * Modbus service's devices and slaves, for one). Sources are passed in rather
 * than found in module state, so several runtimes in one process each show
 * only their own.
 *
 * @module
 */
import type { Runtime } from "../runtime/runtime.ts";
import type { SseHub } from "./sse_hub.ts";

/** Measures a counter's rate over a sliding window of one-second samples. */
export class RateMeter {
  readonly #read: () => number;
  readonly #samples: { t: number; v: number }[] = [];
  readonly #timer: ReturnType<typeof setInterval>;

  /** Sample `read()` every second, keeping `windowS` seconds. */
  constructor(read: () => number, windowS = 10) {
    this.#read = read;
    this.#timer = setInterval(() => {
      this.#samples.push({ t: performance.now(), v: this.#read() });
      if (this.#samples.length > windowS + 1) this.#samples.shift();
    }, 1_000);
  }

  /** Units per second over the window (0 until two samples exist). */
  rate(): number {
    const first = this.#samples[0], last = this.#samples.at(-1);
    if (!first || !last || last.t === first.t) return 0;
    return ((last.v - first.v) * 1000) / (last.t - first.t);
  }

  /** Stop sampling. */
  stop(): void {
    clearInterval(this.#timer);
  }
}

/** Events sent to twin machines since start, over every twin. */
export function machineEvents(runtime: Runtime): number {
  let n = 0;
  for (const t of runtime.twins.values()) n += t.events;
  return n;
}

/** Prometheus text lines of a part of the application (ending in a newline, or empty). */
export type MetricsSource = () => string;

/** Counts of command outcomes, by status. */
export type CommandCounts = Record<string, number>;

/** Render the metrics text. */
export function renderMetrics(
  runtime: Runtime,
  hub: SseHub,
  eventRate: RateMeter,
  commands: CommandCounts,
  sources: readonly MetricsSource[] = [],
): string {
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of samples) lines.push(`${name}${labels} ${v}`);
  };
  const byKindMode = new Map<string, number>();
  for (const t of runtime.twins.values()) {
    const key = `{kind="${t.def.kind}",mode="${t.mode}"}`;
    byKindMode.set(key, (byKindMode.get(key) ?? 0) + 1);
  }
  metric("fieldtwin_twins", "gauge", "Twins by kind and mode.", [...byKindMode]);
  metric("fieldtwin_machine_events_total", "counter", "Events sent to twin machines.", [[
    "",
    machineEvents(runtime),
  ]]);
  metric(
    "fieldtwin_machine_events_per_second",
    "gauge",
    "Events sent to twin machines per second, last 10 s.",
    [[
      "",
      Number(eventRate.rate().toFixed(2)),
    ]],
  );
  metric("fieldtwin_twin_samples_total", "counter", "Samples ingested by twins.", [[
    "",
    runtime.stats.twinSteps,
  ]]);
  metric("fieldtwin_steps_total", "counter", "Simulation steps completed.", [[
    "",
    runtime.stats.steps,
  ]]);
  metric(
    "fieldtwin_commands_total",
    "counter",
    "Commands by final status.",
    Object.entries(commands).map((
      [s, n],
    ) => [`{status="${s}"}`, n]),
  );
  metric("fieldtwin_sse_clients", "gauge", "Connected SSE clients.", [["", hub.clients]]);
  metric("fieldtwin_sse_frames_total", "counter", "SSE frames written.", [["", hub.framesSent]]);
  metric("fieldtwin_sse_resyncs_total", "counter", "SSE clients resynced after falling behind.", [[
    "",
    hub.resyncs,
  ]]);
  metric("fieldtwin_clock_lag_seconds", "gauge", "How late the latest simulation tick ran.", [[
    "",
    runtime.stats.lagMs / 1000,
  ]]);
  metric("fieldtwin_clock_lag_max_seconds", "gauge", "Worst tick lag since start.", [[
    "",
    runtime.stats.maxLagMs / 1000,
  ]]);
  metric("fieldtwin_clock_virtual", "gauge", "1 when the runtime runs on virtual time.", [[
    "",
    runtime.clock.virtual ? 1 : 0,
  ]]);
  metric("process_resident_memory_bytes", "gauge", "Resident set size.", [[
    "",
    Deno.memoryUsage().rss,
  ]]);
  return lines.join("\n") + "\n" + sources.map((source) => source()).join("");
}
