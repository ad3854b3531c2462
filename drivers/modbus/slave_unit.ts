/**
 * What a Modbus slave serves for one unit id: its four tables and what a
 * write does. The TCP server parses frames; a unit only answers reads and
 * writes, so the same server serves a simulated RTU's image or a fixed
 * memory bank.
 *
 * @module
 */

/** Register tables. */
export type RegisterTable = "holding" | "input";

/** Bit tables. */
export type BitTable = "coil" | "discrete_input";

/** One unit id of a slave. Methods return 0, or a Modbus exception code. */
export interface SlaveUnit {
  /** Whether the unit answers now; false leaves requests unanswered, as a dead device does. */
  online(): boolean;
  /** Write `count` registers from `address` into `out[at...]`, big-endian. */
  readRegisters(
    table: RegisterTable,
    address: number,
    count: number,
    out: Uint8Array,
    at: number,
  ): number;
  /** Pack `count` bits from `address` into `out[at...]` (LSB first; `out` is zeroed). */
  readBits(table: BitTable, address: number, count: number, out: Uint8Array, at: number): number;
  /** Write `count` registers from `address`, big-endian words at `data[at...]`. */
  writeRegisters(address: number, count: number, data: Uint8Array, at: number): number;
  /** Write `count` coils from `address`, bits packed LSB first at `data[at...]`. */
  writeCoils(address: number, count: number, data: Uint8Array, at: number): number;
}
