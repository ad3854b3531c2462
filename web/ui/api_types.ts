/**
 * Shapes of what the HTTP API and the SSE stream send the UI. Twin views,
 * command records and the alarm engine's views, journal entries and metrics
 * are the server's own types; the rest mirror the JSON that
 * web/api/twins_api.ts and web/server.ts build.
 *
 * @module
 */
import type { TwinView } from "../../twins/twin.ts";
import type { Point, PointSpec, PointValue, Quality } from "../../twins/point.ts";
import type { CommandRecord, CommandStatus } from "../../commands/command_path.ts";
import type { AlarmEventPayload, AlarmView } from "../../actors/alarms/alarm_engine.ts";
import type { JournalEntry } from "../../actors/alarms/alarm_journal.ts";
import type { AlarmMetricsReport } from "../../actors/alarms/alarm_metrics.ts";
import type { AlarmState } from "../../actors/alarms/alarm_machine.ts";
import type { Priority } from "../../actors/alarms/alarm_definition.ts";

export type {
  AlarmEventPayload,
  AlarmMetricsReport,
  AlarmState,
  AlarmView,
  CommandRecord,
  CommandStatus,
  JournalEntry,
  Point,
  PointSpec,
  PointValue,
  Priority,
  Quality,
  TwinView,
};

/** The subset of JSON Schema that zod's `toJSONSchema` emits for command args. */
export interface JsonSchema {
  /** JSON type name. */
  type?: string;
  /** Object properties. */
  properties?: Record<string, JsonSchema>;
  /** Required property names. */
  required?: string[];
  /** Allowed values. */
  enum?: unknown[];
  /** The one allowed value. */
  const?: unknown;
  /** Inclusive lower bound. */
  minimum?: number;
  /** Inclusive upper bound. */
  maximum?: number;
  /** Exclusive lower bound. */
  exclusiveMinimum?: number;
  /** Exclusive upper bound. */
  exclusiveMaximum?: number;
  /** Default value. */
  default?: unknown;
  /** Human description. */
  description?: string;
}

/** A command as GET /api/kinds describes it. */
export interface CommandInfo {
  /** One-line meaning. */
  description: string;
  /** JSON Schema of its `args`. */
  args: JsonSchema;
}

/** One entry of GET /api/kinds. */
export interface KindInfo {
  /** Kind name. */
  kind: string;
  /** One-line description. */
  description: string;
  /** Points by name. */
  points: Record<string, PointSpec>;
  /** Modes and their meanings. */
  modes: Record<string, string>;
  /** Commands by type. */
  commands: Record<string, CommandInfo>;
}

/** GET /api/plant. */
export interface PlantInfo {
  /** Plant name. */
  name: string;
  /** What the plant is. */
  description: string;
  /** Number of twins. */
  twins: number;
}

/** GET /api/health (the parts the UI uses). */
export interface HealthInfo {
  /** Runtime clock. */
  clock: { virtual: boolean; now: string };
}

/** GET /api/twins/:id. */
export interface TwinDetail extends TwinView {
  /** Validated params. */
  params: unknown;
  /** Ids of child twins. */
  children: string[];
  /** Rich data from the source (a card, a register map), or null. */
  detail: Record<string, unknown> | null;
  /** When `detail` was read (epoch ms, runtime clock). */
  detailAt: number;
  /** Command types the twin's machine accepts in its current state; none while stopped. */
  accepts: string[];
  /** Recent commands, newest first. */
  commands: CommandRecord[];
}

/** A point shown on fleet cards and rows. */
export interface KeyPoint {
  /** Point name. */
  name: string;
  /** Its description and unit. */
  spec: PointSpec;
}

/** GET /api/alarms/{twin}/{name}: the alarm with its latest journal entries, newest first. */
export interface AlarmDetail extends AlarmView {
  /** Its last 50 journal entries. */
  journal: JournalEntry[];
}

/** POST /api/alarms/ack. */
export interface BulkAckReply {
  /** Ids acknowledged. */
  acknowledged: string[];
  /** Ids refused, each with the reason. */
  refused: { id: string; error: string }[];
}
