/**
 * A real VictoriaMetrics (Debian `victoria-metrics`) for tests and benches:
 * it accepts the InfluxDB v2 write API. Started on a free loopback port in a
 * storage directory of its own, stopped by its process id.
 *
 * @module
 */

/** The binary the Debian package installs. */
export const VICTORIA_METRICS = "/usr/bin/victoria-metrics";

/** One series as `/api/v1/export` answers it. */
export interface ExportedSeries {
  /** Labels, `__name__` included. */
  metric: Record<string, string>;
  /** Values in time order. */
  values: number[];
  /** Timestamps, epoch ms. */
  timestamps: number[];
}

/** A free TCP port on 127.0.0.1. */
function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** A running (or stopped) VictoriaMetrics with its storage directory. */
export class VictoriaMetrics {
  /** Base URL of its HTTP API. */
  readonly url: string;
  readonly #port: number;
  readonly #dir: string;
  #proc: Deno.ChildProcess | undefined;

  private constructor(dir: string, port: number) {
    this.#dir = dir;
    this.#port = port;
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Start one in a new temporary directory on a free port; resolves once it answers. */
  static async start(): Promise<VictoriaMetrics> {
    const vm = new VictoriaMetrics(await Deno.makeTempDir({ prefix: "vm-" }), freePort());
    await vm.restart();
    return vm;
  }

  /** Whether the process runs. */
  get running(): boolean {
    return this.#proc !== undefined;
  }

  /** Start it again on the same port and storage; resolves once it answers. */
  async restart(): Promise<void> {
    if (this.#proc) throw new Error("VictoriaMetrics is already running");
    this.#proc = new Deno.Command(VICTORIA_METRICS, {
      args: [
        `-httpListenAddr=127.0.0.1:${this.#port}`,
        `-storageDataPath=${this.#dir}/data`,
        "-retentionPeriod=100y",
        "-loggerLevel=ERROR",
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        const r = await fetch(`${this.url}/health`);
        await r.body?.cancel();
        if (r.ok) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`VictoriaMetrics did not answer on ${this.url} within 20 s`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Stop it (SIGTERM: it finishes the requests it took and writes its buffers to disk). */
  async stop(): Promise<void> {
    const proc = this.#proc;
    if (!proc) return;
    this.#proc = undefined;
    try {
      proc.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await proc.status;
  }

  /** Make what it took searchable now. */
  async forceFlush(): Promise<void> {
    const r = await fetch(`${this.url}/internal/force_flush`);
    await r.body?.cancel();
  }

  /** Every sample of the series `match` selects, from time 0 to `endMs`. */
  async export(match: string, endMs: number): Promise<ExportedSeries[]> {
    const q = new URLSearchParams({
      "match[]": match,
      start: "0",
      end: String(Math.ceil(endMs / 1000) + 1),
    });
    const r = await fetch(`${this.url}/api/v1/export?${q}`);
    const text = await r.text();
    if (!r.ok) throw new Error(`export failed: HTTP ${r.status} ${text}`);
    return text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
  }

  /** Stop it and delete its storage. */
  async dispose(): Promise<void> {
    await this.stop();
    await Deno.remove(this.#dir, { recursive: true });
  }
}
