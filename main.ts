/**
 * fieldtwin: run a plant and serve its twins over HTTP, SSE and the web UI.
 *
 *   deno task start [--port 8000] [--host 127.0.0.1] [--plant plants/demo.json]
 *                   [--data ./data] [--no-history] [--no-records] [--retention-days 90]
 *                   [--influx-url URL --influx-org ORG --influx-bucket NAME] [--no-influx]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { loadPlantFile, PlantError } from "./plant/plant_file.ts";
import { modbusHealth } from "./app/modbus_health.ts";
import { isLoopback, openSecurity } from "./app/open_security.ts";
import { startPlant } from "./app/start_plant.ts";
import { PLANT_SECTIONS } from "./app/plant_sections.ts";
import { startModbus } from "./drivers/modbus/modbus_service.ts";
import { startReplay } from "./replay/plant_recordings.ts";
import { RecordingError } from "./replay/recording_loader.ts";
import { openHistory } from "./history/open_history.ts";
import {
  type InfluxOverrides,
  type InfluxSection,
  resolveInfluxConfig,
} from "./history/influx/influx_section.ts";
import { influxBufferPath, InfluxSink } from "./history/influx/influx_sink.ts";
import { openPlantMemory } from "./history/plant_memory.ts";
import { ModbusStartError } from "./drivers/modbus/modbus_start_error.ts";
import { loadKinds } from "./twins/registry.ts";
import { parseSpeed, VirtualPacer } from "./runtime/virtual_pacer.ts";
import { createWebApp } from "./web/server.ts";

const HELP = `fieldtwin: actor-based digital twins of field assets

Usage: deno task start [options]

Options:
  --plant FILE   plant file to run (default: plants/demo.json, the demo plant)
  --port N       HTTP port (default 8000; 0 picks a free port)
  --host ADDR    address to bind (default 127.0.0.1; use 0.0.0.0 to expose)
  --data DIR     where the plant keeps point history, its alarm journal, alarm
                 states and command records (default ./data, created on first start)
  --no-history   record no point history (alarms and commands are still kept)
  --history-in-thread  write point history in the step loop's thread rather
                 than a worker of its own (the default)
  --no-records   keep no alarm journal, alarm states or command records on disk
                 (a restart then forgets shelved and out-of-service alarms)
  --retention-days N  days of history, journal and command records kept
                 (default: the plant file's, or 90)
  --auth MODE    on, off or auto (default auto: on unless --host is loopback);
                 with auth on, the first start creates user "admin" and prints
                 its generated password once
  --allowed-host NAME  a further host name the server answers to (repeatable;
                 loopback names and --host are always allowed)
  --allowed-origin URL  a further origin allowed to send changes (repeatable)
  --influx-url URL     also forward point history to InfluxDB (v2 write API),
                 buffered on disk in DIR while it cannot be reached; these
                 four override the plant file's influx section
  --influx-org ORG     InfluxDB organization
  --influx-bucket NAME InfluxDB bucket
  --influx-token TOKEN InfluxDB API token (better: the environment variable
                 FIELDTWIN_INFLUX_TOKEN, which ps does not show)
  --no-influx    do not forward to InfluxDB, whatever the plant file says
  --virtual      run on virtual time from the plant file's start (records no
                 history, journal or command records and forwards nothing to
                 InfluxDB, so simulated time never mixes with real)
  --speed N      with --virtual: N simulated seconds per real second (default 1),
                 or "max" for as fast as the CPU allows; the UI keeps working
  -h, --help     show this help

The UI, REST API (/api/...), SSE stream (/api/stream) and Prometheus metrics
(/metrics) are served on the same port. See docs/ for the plant file format
and the HTTP API.`;

/** Parsed command-line options. */
export interface StartOptions {
  /** Plant file path. */
  plant: string;
  /** HTTP port. */
  port: number;
  /** Bind address. */
  host: string;
  /** Data directory (history). */
  data: string;
  /** Whether to record point history. */
  history: boolean;
  /** Write point history in the step loop's thread rather than a worker. */
  historyInThread: boolean;
  /** Whether to keep the alarm journal, alarm states and command records. */
  records: boolean;
  /** Days of history kept, when given (otherwise the plant file's, or 90). */
  retentionDays?: number;
  /** Whether logins are needed: on, off, or auto (on unless bound to loopback). */
  auth: "on" | "off" | "auto";
  /** Further host names the server answers to. */
  allowedHosts: string[];
  /** Further origins allowed to send changes. */
  allowedOrigins: string[];
  /** Virtual time at this speed (`--virtual`), or undefined for real time. */
  speed?: number | "max";
  /** InfluxDB settings given on the command line (over the plant file's). */
  influx: InfluxOverrides;
  /** Whether to forward to InfluxDB at all. */
  forward: boolean;
}

/** Parse argv; throws an Error with a usage hint on bad input. */
export function parseStartArgs(argv: string[]): StartOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      plant: { type: "string", default: new URL("./plants/demo.json", import.meta.url).pathname },
      port: { type: "string", default: "8000" },
      host: { type: "string", default: "127.0.0.1" },
      data: { type: "string", default: "./data" },
      "no-history": { type: "boolean", default: false },
      "history-in-thread": { type: "boolean", default: false },
      "no-records": { type: "boolean", default: false },
      "retention-days": { type: "string" },
      auth: { type: "string", default: "auto" },
      "allowed-host": { type: "string", multiple: true, default: [] },
      "allowed-origin": { type: "string", multiple: true, default: [] },
      "influx-url": { type: "string" },
      "influx-org": { type: "string" },
      "influx-bucket": { type: "string" },
      "influx-token": { type: "string" },
      "no-influx": { type: "boolean", default: false },
      virtual: { type: "boolean", default: false },
      speed: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  if (values.speed !== undefined && !values.virtual) throw new Error("--speed needs --virtual");
  const speed = values.virtual ? parseSpeed(values.speed ?? "1") : undefined;
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  const retentionDays = values["retention-days"] === undefined
    ? undefined
    : Number(values["retention-days"]);
  if (retentionDays !== undefined && !(retentionDays > 0)) {
    throw new Error(`--retention-days must be a number above 0, got "${values["retention-days"]}"`);
  }
  const auth = values.auth!;
  if (auth !== "on" && auth !== "off" && auth !== "auto") {
    throw new Error(`--auth must be on, off or auto, got "${auth}"`);
  }
  const list = (xs: string[]) =>
    xs.flatMap((x) => x.split(",")).map((x) => x.trim()).filter(Boolean);
  return {
    auth,
    allowedHosts: list(values["allowed-host"]!),
    allowedOrigins: list(values["allowed-origin"]!),
    plant: values.plant!,
    port,
    host: values.host!,
    data: values.data!,
    history: !values["no-history"] && !speed,
    historyInThread: values["history-in-thread"]!,
    records: !values["no-records"] && !speed,
    speed,
    retentionDays,
    influx: {
      url: values["influx-url"],
      org: values["influx-org"],
      bucket: values["influx-bucket"],
      token: values["influx-token"],
    },
    forward: !values["no-influx"] && !speed,
  };
}

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseStartArgs(Deno.args);
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (opts === "help") {
    console.log(HELP);
    return 0;
  }
  const kinds = await loadKinds();
  let plant;
  try {
    plant = await loadPlantFile(opts.plant, kinds, PLANT_SECTIONS);
  } catch (e) {
    if (e instanceof PlantError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  let history;
  try {
    history = opts.history
      ? openHistory(opts.data, plant.name, { inThread: opts.historyInThread })
      : undefined;
  } catch (e) {
    console.error(`fieldtwin: ${(e as Error).message} (use --data DIR, or --no-history)`);
    return 1;
  }
  let records;
  try {
    // Journal and command records are kept as long as point history.
    const days = opts.retentionDays ??
      (plant.sections.history as { retention_days?: number } | undefined)?.retention_days ?? 90;
    records = opts.records
      ? openPlantMemory(opts.data, plant.name, { retentionMs: days * 86_400_000 })
      : undefined;
  } catch (e) {
    history?.store.close();
    console.error(`fieldtwin: ${(e as Error).message} (use --data DIR, or --no-records)`);
    return 1;
  }
  let influx;
  try {
    const config = opts.forward
      ? resolveInfluxConfig(plant.sections.influx as InfluxSection | undefined, {
        ...opts.influx,
        envToken: Deno.env.get("FIELDTWIN_INFLUX_TOKEN"),
      })
      : undefined;
    const bufferPath = influxBufferPath(opts.data, plant.name);
    if (config) {
      Deno.mkdirSync(opts.data, { recursive: true });
      influx = { sink: new InfluxSink({ ...config, bufferPath }), config, bufferPath };
    }
  } catch (e) {
    history?.store.close();
    records?.memory.close();
    console.error(`fieldtwin: InfluxDB: ${(e as Error).message} (or --no-influx)`);
    return 1;
  }
  const started = startPlant(plant, kinds, {
    virtual: opts.speed !== undefined,
    history: history?.store,
    memory: records?.memory,
    sinks: influx ? [influx.sink] : [],
    recorder: opts.retentionDays !== undefined
      ? { retentionMs: opts.retentionDays * 86_400_000 }
      : {},
  });
  if (history) {
    const by = history.writer === "worker" ? "its own worker" : "the step loop's thread";
    console.log(`fieldtwin: history in ${history.path} (written by ${by})`);
  }
  if (influx) {
    const { url, org, bucket } = influx.config;
    console.log(
      `fieldtwin: forwarding history to InfluxDB ${url} (org "${org}", bucket "${bucket}"; ` +
        `buffer ${influx.bufferPath})`,
    );
  }
  const back = started.restored;
  if (records && back) {
    console.log(
      `fieldtwin: alarm journal and command records in ${records.path}` +
        (back.journalEntries > 0
          ? ` (${back.journalEntries} journal entries; ${back.restored.length} alarm states restored, ` +
            `${back.expired.length} shelves ended while stopped)`
          : ""),
    );
  }
  const { runtime } = started;
  const pacer = opts.speed === undefined
    ? undefined
    : new VirtualPacer(runtime, { speed: opts.speed });
  if (pacer) pacer.start();
  else runtime.start();
  let modbus;
  try {
    modbus = await startModbus(runtime);
  } catch (e) {
    if (!(e instanceof ModbusStartError)) throw e;
    // A plant without its slave would poll whatever holds the port instead.
    console.error(`fieldtwin: cannot start: ${e.message}`);
    started.stop();
    return 1;
  }
  let replay;
  try {
    // Twins fed by recordings replay them from now on, shifted to the clock.
    replay = await startReplay(runtime, { log: (m) => console.error(`fieldtwin: ${m}`) });
  } catch (e) {
    if (!(e instanceof RecordingError)) throw e;
    console.error(`fieldtwin: cannot start: ${e.message}`);
    await modbus.stop();
    started.stop();
    return 1;
  }
  for (const { config, server } of modbus.slaves) {
    const units = config.units.map((u) => `unit ${u.unit_id} = ${u.rtu}`).join(", ");
    console.log(`fieldtwin: Modbus slave on ${server.host}:${server.port} (${units})`);
  }
  let secured;
  try {
    secured = await openSecurity({
      auth: opts.auth,
      host: opts.host,
      allowedHosts: opts.allowedHosts,
      allowedOrigins: opts.allowedOrigins,
      data: opts.records ? opts.data : undefined,
    }, plant.name);
  } catch (e) {
    console.error(`fieldtwin: cannot start: ${(e as Error).message}`);
    await modbus.stop();
    started.stop();
    return 1;
  }
  if (secured.security.auth) {
    console.log(`fieldtwin: logins required (users and audit log in ${secured.path})`);
    if (secured.firstAdminPassword) {
      console.log(
        `fieldtwin: created user "admin" with password ${secured.firstAdminPassword} ` +
          "(shown once; change it under Users)",
      );
    }
  } else if (!isLoopback(opts.host)) {
    console.warn("fieldtwin: WARNING: auth is off on a non-loopback address");
  }
  const app = createWebApp(started, {
    security: secured.security,
    metrics: [() => modbus.metrics()],
    health: [modbusHealth(modbus)],
  });
  const server = Deno.serve({
    hostname: opts.host,
    port: opts.port,
    onListen: ({ hostname, port }) => {
      const host = hostname.includes(":") ? `[${hostname}]` : hostname;
      console.log(`fieldtwin: plant "${plant.name}" with ${runtime.twins.size} twins`);
      console.log(`fieldtwin: open http://${host}:${port}/ (Ctrl+C to stop)`);
    },
  }, app.handler);
  const stop = () => {
    pacer?.stop();
    replay?.stop();
    app.close();
    modbus.stop().finally(() => {
      started.stop();
      secured.close();
      server.shutdown();
    });
  };
  Deno.addSignalListener("SIGINT", stop);
  if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", stop);
  await server.finished;
  return 0;
}

if (import.meta.main) Deno.exit(await main());
