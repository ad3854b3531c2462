/**
 * The lifecycle of one alarm, per ISA-18.2 / IEC 62682 (and the states of
 * the OPC UA Alarms & Conditions model): normal, unacknowledged,
 * acknowledged, returned-to-normal unacknowledged, shelved, suppressed by
 * design and out of service. The machine hears only condition changes (after
 * on/off delays) and operator actions; shelve expiry and re-alarm run on
 * `after` delays, so they follow the runtime clock.
 *
 * @module
 */
import { assign, setup } from "xstate";

/** Lifecycle states (ISA-18.2 NORM, UNACK, ACKED, RTNUN, SHLVD, DSUPR, OOSRV). */
export const ALARM_STATES = [
  "normal",
  "unacknowledged",
  "acknowledged",
  "returned_unacknowledged",
  "shelved",
  "suppressed",
  "out_of_service",
] as const;

/** A lifecycle state. */
export type AlarmState = (typeof ALARM_STATES)[number];

/** States in which the alarm is annunciated to the operator. */
export const ANNUNCIATED: ReadonlySet<string> = new Set([
  "unacknowledged",
  "acknowledged",
  "returned_unacknowledged",
]);

/** Operator actions and their event types. */
export const OPERATOR_ACTIONS = [
  "ack",
  "shelve",
  "unshelve",
  "remove_from_service",
  "return_to_service",
  "reset",
] as const;

/** An operator action. */
export type OperatorAction = (typeof OPERATOR_ACTIONS)[number];

/** Who or what caused the latest change. */
export interface AlarmCause {
  /** Event or timer: `activate`, `clear`, `ack`, `shelve_expired`, `realarm`, ... */
  action: string;
  /** Operator, for operator actions. */
  user: string | null;
  /** Operator comment, for operator actions. */
  comment: string | null;
}

/** Input of {@linkcode alarmMachine}. */
export interface AlarmInput {
  /** Alarm id. */
  id: string;
  /** Stays active after the condition clears, until reset. */
  latching: boolean;
  /** Re-alarm time for standing acknowledged alarms, ms (0 = never). */
  realarmMs: number;
  /** Longest shelve, ms. */
  maxShelveMs: number;
}

/** Context of {@linkcode alarmMachine}. */
export interface AlarmContext extends AlarmInput {
  /** The condition (after on/off delays) holds. */
  active: boolean;
  /** Suppressed by design now. */
  suppressed: boolean;
  /** Length of the current shelve, ms. */
  shelveMs: number;
  /** Latest cause. */
  cause: AlarmCause;
}

/** An operator event: who and why. */
interface ByOperator {
  user: string;
  comment: string;
}

/** Events the machine accepts. */
export type AlarmEvent =
  | { type: "activate" }
  | { type: "clear" }
  | { type: "suppress" }
  | { type: "unsuppress" }
  | ({ type: "ack" } & ByOperator)
  | ({ type: "shelve"; durationMs: number } & ByOperator)
  | ({ type: "unshelve" } & ByOperator)
  | ({ type: "remove_from_service" } & ByOperator)
  | ({ type: "return_to_service" } & ByOperator)
  | ({ type: "reset" } & ByOperator);

const system = (action: string): AlarmCause => ({ action, user: null, comment: null });

/** The alarm lifecycle machine. */
export const alarmMachine = setup({
  types: {
    context: {} as AlarmContext,
    input: {} as AlarmInput,
    events: {} as AlarmEvent,
  },
  delays: {
    shelveExpiry: ({ context }) => context.shelveMs,
    realarm: ({ context }) => context.realarmMs,
  },
  guards: {
    latching: ({ context }) => context.latching,
    resettable: ({ context }) => context.latching && !context.active,
    realarmOn: ({ context }) => context.realarmMs > 0 && context.active,
    suppressed: ({ context }) => context.suppressed,
    active: ({ context }) => context.active,
  },
  actions: {
    activated: assign({ active: true, cause: system("activate") }),
    cleared: assign({ active: false, cause: system("clear") }),
    // Suppression by design forgets the condition: once it ends the alarm
    // is judged afresh (with its on-delay), not raised on what held before.
    suppressOn: assign({ suppressed: true, active: false, cause: system("suppress") }),
    suppressOff: assign({ suppressed: false, cause: system("unsuppress") }),
    byOperator: assign({
      cause: ({ event }) => {
        const e = event as { type: string } & Partial<ByOperator>;
        return { action: e.type, user: e.user ?? null, comment: e.comment ?? null };
      },
    }),
    startShelve: assign({
      shelveMs: ({ context, event }) =>
        Math.min(context.maxShelveMs, (event as { durationMs?: number }).durationMs ?? Infinity),
    }),
    expired: assign({ cause: system("shelve_expired") }),
    realarmed: assign({ cause: system("realarm") }),
  },
}).createMachine({
  id: "alarm",
  context: ({ input }) => ({
    ...input,
    active: false,
    suppressed: false,
    shelveMs: 0,
    cause: system("start"),
  }),
  initial: "normal",
  // Whatever the state, the machine keeps track of the condition and of
  // suppression, so leaving shelved or out-of-service lands right.
  on: {
    activate: { actions: "activated" },
    clear: { actions: "cleared" },
    suppress: { actions: "suppressOn" },
    unsuppress: { actions: "suppressOff" },
    remove_from_service: { target: ".out_of_service", actions: "byOperator" },
  },
  states: {
    normal: {
      on: {
        activate: { target: "unacknowledged", actions: "activated" },
        suppress: { target: "suppressed", actions: "suppressOn" },
        shelve: { target: "shelved", actions: ["byOperator", "startShelve"] },
      },
    },
    unacknowledged: {
      on: {
        ack: { target: "acknowledged", actions: "byOperator" },
        clear: [
          { guard: "latching", actions: "cleared" },
          { target: "returned_unacknowledged", actions: "cleared" },
        ],
        reset: { guard: "resettable", target: "returned_unacknowledged", actions: "byOperator" },
        suppress: { target: "suppressed", actions: "suppressOn" },
        shelve: { target: "shelved", actions: ["byOperator", "startShelve"] },
      },
    },
    acknowledged: {
      after: { realarm: { guard: "realarmOn", target: "unacknowledged", actions: "realarmed" } },
      on: {
        clear: [
          { guard: "latching", actions: "cleared" },
          { target: "normal", actions: "cleared" },
        ],
        reset: { guard: "resettable", target: "normal", actions: "byOperator" },
        suppress: { target: "suppressed", actions: "suppressOn" },
        shelve: { target: "shelved", actions: ["byOperator", "startShelve"] },
      },
    },
    returned_unacknowledged: {
      on: {
        ack: { target: "normal", actions: "byOperator" },
        activate: { target: "unacknowledged", actions: "activated" },
        suppress: { target: "suppressed", actions: "suppressOn" },
        shelve: { target: "shelved", actions: ["byOperator", "startShelve"] },
      },
    },
    shelved: {
      after: { shelveExpiry: { target: "returning", actions: "expired" } },
      on: { unshelve: { target: "returning", actions: "byOperator" } },
    },
    suppressed: {
      on: { unsuppress: { target: "returning", actions: "suppressOff" } },
    },
    out_of_service: {
      on: {
        remove_from_service: {},
        return_to_service: { target: "returning", actions: "byOperator" },
      },
    },
    // Leaving shelved, suppressed or out of service: an alarm whose
    // condition still holds annunciates again as new.
    returning: {
      always: [
        { guard: "suppressed", target: "suppressed" },
        { guard: "active", target: "unacknowledged" },
        { target: "normal" },
      ],
    },
  },
});
