/**
 * Why a Modbus request failed, in the few kinds the poller and the command
 * status need to tell apart: whether to retry, whether to reconnect, and
 * whether a write may have reached the device.
 *
 * @module
 */
import { exceptionText } from "./exception_codes.ts";

/** Kinds of failure, also the `kind` label of the error counters. */
export const FAILURE_KINDS = ["timeout", "exception", "disconnected", "connect", "frame"] as const;

/** One of {@linkcode FAILURE_KINDS}. */
export type FailureKind = typeof FAILURE_KINDS[number];

/** A failed Modbus request. */
export class ModbusFailure extends Error {
  /** What went wrong. */
  readonly kind: FailureKind;
  /** Modbus exception code, for `exception`. */
  readonly code: number | undefined;
  /** Whether the request left for the device (so a write's outcome is unknown). */
  readonly sent: boolean;

  /** Build a failure. */
  constructor(kind: FailureKind, message: string, sent: boolean, code?: number) {
    super(message);
    this.name = "ModbusFailure";
    this.kind = kind;
    this.sent = sent;
    this.code = code;
  }

  /** A Modbus exception response. */
  static exception(code: number): ModbusFailure {
    return new ModbusFailure("exception", exceptionText(code), true, code);
  }
}
