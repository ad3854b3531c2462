/**
 * Wires the alarm and rules engine into a running plant: calculated points
 * after every step, the alarm engine on the change feed, webhook
 * notifications and `alarm` events on the SSE stream, all from the plant
 * file's `calculated`, `alarms` and `notifications` sections. Alarms follow
 * the twin set: twins a reconfiguration adds get the alarms their
 * definitions give them, and the alarms of twins it removes are retired.
 *
 * @module
 */
import type { Runtime } from "../../runtime/runtime.ts";
import type { TwinConfig } from "../../plant/plant_file.ts";
import { formatPath } from "../../plant/json_locator.ts";
import { CalculatedPoints } from "../rules/calculated_points.ts";
import type { CalculatedConfig } from "../rules/calculated_section.ts";
import type { NotificationsConfig } from "../notify/notifications_section.ts";
import { WebhookNotifier } from "../notify/webhook_notifier.ts";
import { type AlarmsConfig, alarmsSchema } from "./alarm_definition.ts";
import { AlarmEngine, type AlarmEventPayload } from "./alarm_engine.ts";
import { expandForTwins, type ExpansionContext } from "./alarm_section.ts";

/** Where alarm events are published (the SSE hub is one). */
export interface AlarmPublisher {
  /** Send a named event to the clients watching `twinId`. */
  publish(event: string, payload: unknown, twinId?: string): void;
}

/** The running alarm and rules engine of a plant. */
export interface AlarmSystem {
  /** The alarm engine (also for the API). */
  engine: AlarmEngine;
  /** Calculated points. */
  calculated: CalculatedPoints;
  /** Webhook notifications. */
  notifier: WebhookNotifier;
  /** Prometheus lines of alarms and notifications, to append to `/metrics`. */
  prometheus(): string;
  /** Stop everything this started. */
  stop(): void;
}

/** Options for {@linkcode startAlarms}. */
export interface StartAlarmsOptions {
  /**
   * Called with the engine built and not yet judging: the place to attach
   * a stored journal and restore saved alarm states, so the first judging
   * starts from them.
   */
  beforeStart?(engine: AlarmEngine): void;
}

/**
 * Start alarms, calculated points and notifications for `runtime`. Alarm
 * transitions go to `hub` as `alarm` events: `{ alarm, entry }` (see
 * {@linkcode AlarmEventPayload}), filtered by the alarm's twin.
 */
export function startAlarms(
  runtime: Runtime,
  hub?: AlarmPublisher,
  log: (message: string) => void = (m) => console.error(m),
  opts: StartAlarmsOptions = {},
): AlarmSystem {
  const sections = runtime.plant.sections;
  const calcConfig = (sections.calculated as CalculatedConfig | undefined) ?? { points: [] };
  const alarmsConfig = (sections.alarms as AlarmsConfig | undefined) ??
    { settings: alarmsSchema.parse({}).settings, alarms: [] };
  const notifyConfig = (sections.notifications as NotificationsConfig | undefined) ??
    { webhooks: [] };

  const calculated = new CalculatedPoints(runtime, calcConfig);
  const stopCalc = calculated.attach(runtime);
  const engine = new AlarmEngine(runtime, alarmsConfig);
  const notifier = new WebhookNotifier(notifyConfig.webhooks);
  const stopEvents = engine.onEvent((payload: AlarmEventPayload) => {
    notifier.notify(payload);
    hub?.publish("alarm", payload, payload.alarm.twin);
  });
  opts.beforeStart?.(engine);
  engine.start();
  // Calculated points attached first, so a new twin's calculated points are
  // declared (with their units) by the time its alarms are expanded.
  const stopTwins = runtime.onTwinsChanged((change) => {
    engine.retireTwins(change.removed);
    const added = change.added.map((id) => runtime.config(id))
      .filter((c): c is TwinConfig => c !== undefined);
    engine.add(expandForTwins(alarmsConfig, added, runtimeExpansion(runtime, alarmsConfig, log)));
  });
  return {
    engine,
    calculated,
    notifier,
    prometheus: () => engine.prometheus() + notifier.prometheus(),
    stop() {
      stopTwins();
      stopCalc();
      stopEvents();
      engine.stop();
      notifier.close();
    },
  };
}

/** Expanding definitions over the runtime's twins; a definition that does not fit a new twin is logged and left out. */
function runtimeExpansion(
  runtime: Runtime,
  config: AlarmsConfig,
  log: (message: string) => void,
): ExpansionContext {
  return {
    twin: (id) => runtime.config(id),
    kinds: runtime.kinds,
    unitOf(id, point) {
      const twin = runtime.twins.get(id);
      if (!twin) return undefined;
      return twin.def.points[point]?.unit ?? twin.extraPoints[point]?.unit ??
        config.calculatedUnits?.get(twin.def.kind)?.get(point);
    },
    report: (path, message) => log(`alarms: ${formatPath(path)}: ${message}; alarm left out`),
  };
}
