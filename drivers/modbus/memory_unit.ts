/**
 * A slave unit over plain arrays: fixed values for tests and benchmarks, and
 * a record of what was written.
 *
 * @module
 */
import { ILLEGAL_DATA_ADDRESS } from "./exception_codes.ts";
import type { BitTable, RegisterTable, SlaveUnit } from "./slave_unit.ts";

/** Sizes of a {@linkcode MemoryUnit}'s tables. */
export interface MemoryUnitOptions {
  /** Holding registers (default 1000). */
  holding?: number;
  /** Input registers (default 1000). */
  input?: number;
  /** Coils (default 2000). */
  coils?: number;
  /** Discrete inputs (default 2000). */
  discreteInputs?: number;
}

/** A slave unit backed by typed arrays. */
export class MemoryUnit implements SlaveUnit {
  /** Holding registers. */
  readonly holding: Uint16Array;
  /** Input registers. */
  readonly input: Uint16Array;
  /** Coils, one byte (0/1) each. */
  readonly coils: Uint8Array;
  /** Discrete inputs, one byte (0/1) each. */
  readonly discreteInputs: Uint8Array;
  /** Whether the unit answers. */
  answering = true;
  /** Writes received, in order. */
  readonly writes: { table: "holding" | "coil"; address: number; values: number[] }[] = [];

  /** Build a unit with zeroed tables. */
  constructor(opts: MemoryUnitOptions = {}) {
    this.holding = new Uint16Array(opts.holding ?? 1_000);
    this.input = new Uint16Array(opts.input ?? 1_000);
    this.coils = new Uint8Array(opts.coils ?? 2_000);
    this.discreteInputs = new Uint8Array(opts.discreteInputs ?? 2_000);
  }

  /** Whether the unit answers. */
  online(): boolean {
    return this.answering;
  }

  /** Serve a register read. */
  readRegisters(
    table: RegisterTable,
    address: number,
    count: number,
    out: Uint8Array,
    at: number,
  ): number {
    const regs = table === "holding" ? this.holding : this.input;
    if (address + count > regs.length) return ILLEGAL_DATA_ADDRESS;
    for (let i = 0; i < count; i++) {
      const w = regs[address + i];
      out[at + 2 * i] = w >>> 8;
      out[at + 2 * i + 1] = w & 0xff;
    }
    return 0;
  }

  /** Serve a bit read. */
  readBits(table: BitTable, address: number, count: number, out: Uint8Array, at: number): number {
    const bits = table === "coil" ? this.coils : this.discreteInputs;
    if (address + count > bits.length) return ILLEGAL_DATA_ADDRESS;
    for (let i = 0; i < count; i++) if (bits[address + i]) out[at + (i >> 3)] |= 1 << (i & 7);
    return 0;
  }

  /** Store written registers. */
  writeRegisters(address: number, count: number, data: Uint8Array, at: number): number {
    if (address + count > this.holding.length) return ILLEGAL_DATA_ADDRESS;
    const values: number[] = [];
    for (let i = 0; i < count; i++) {
      this.holding[address + i] = (data[at + 2 * i] << 8) | data[at + 2 * i + 1];
      values.push(this.holding[address + i]);
    }
    this.writes.push({ table: "holding", address, values });
    return 0;
  }

  /** Store written coils. */
  writeCoils(address: number, count: number, data: Uint8Array, at: number): number {
    if (address + count > this.coils.length) return ILLEGAL_DATA_ADDRESS;
    const values: number[] = [];
    for (let i = 0; i < count; i++) {
      this.coils[address + i] = (data[at + (i >> 3)] >> (i & 7)) & 1;
      values.push(this.coils[address + i]);
    }
    this.writes.push({ table: "coil", address, values });
    return 0;
  }
}
