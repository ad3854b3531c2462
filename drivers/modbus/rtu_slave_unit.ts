/**
 * Serves a simulated RTU's register image as a Modbus slave unit: the very
 * image the RTU simulator holds, so it changes only when the RTU scans, a
 * `stale` fault freezes what the slave answers and `comm_loss` leaves
 * requests unanswered, as on a real RTU. Writes mapped in the server's `writes` become twin commands through
 * the runtime's command path, so they are validated and recorded like any
 * operator command.
 *
 * @module
 */
import type { CommandRecord } from "../../commands/command_path.ts";
import type { Twin } from "../../twins/twin.ts";
import {
  ILLEGAL_DATA_ADDRESS,
  ILLEGAL_DATA_VALUE,
  SLAVE_DEVICE_BUSY,
  SLAVE_DEVICE_FAILURE,
} from "./exception_codes.ts";
import type { WriteMap } from "./register_map.ts";
import { addressCount } from "./register_map_checks.ts";
import type { BitTable, RegisterTable, SlaveUnit } from "./slave_unit.ts";
import { decodeWords } from "./value_codec.ts";

const NO_IMAGE = new Uint16Array(0);

/** What the unit needs from the runtime. */
export interface RtuUnitContext {
  /** A twin by id. */
  twin(id: string): Twin | undefined;
  /** The RTU's register image (its source's `registerImage`). */
  image(rtuId: string): Uint16Array | undefined;
  /** Submit a command (`runtime.commands.submit`); throws when refused outright. */
  submit(
    twinId: string,
    body: { type: string; args: Record<string, unknown> },
    user: string,
  ): CommandRecord;
}

/** A slave unit over one simulated RTU. */
export class RtuSlaveUnit implements SlaveUnit {
  /** RTU twin id. */
  readonly rtu: string;
  /** Who the command records name as the sender. */
  readonly user: string;
  readonly #ctx: RtuUnitContext;
  readonly #writes: readonly WriteMap[];

  /** Serve `rtu`, turning `writes` into commands sent as `user`. */
  constructor(ctx: RtuUnitContext, rtu: string, writes: readonly WriteMap[], user: string) {
    this.#ctx = ctx;
    this.rtu = rtu;
    this.#writes = writes;
    this.user = user;
  }

  /** Answers while the RTU twin runs and its communications are up. */
  online(): boolean {
    const t = this.#ctx.twin(this.rtu);
    return t !== undefined && t.running && t.values.comm_ok !== false;
  }

  /** The image as served now (empty before the RTU's first scan). */
  image(): Uint16Array {
    return this.#ctx.image(this.rtu) ?? NO_IMAGE;
  }

  /** Holding and input registers both read the image. */
  readRegisters(
    _table: RegisterTable,
    address: number,
    count: number,
    out: Uint8Array,
    at: number,
  ): number {
    const regs = this.image();
    // Before the RTU's first scan there is no image yet, as after a power-up.
    if (regs.length === 0) return SLAVE_DEVICE_BUSY;
    if (address + count > regs.length) return ILLEGAL_DATA_ADDRESS;
    for (let i = 0; i < count; i++) {
      const w = regs[address + i];
      out[at + 2 * i] = w >>> 8;
      out[at + 2 * i + 1] = w & 0xff;
    }
    return 0;
  }

  /** Coils and discrete inputs read as "register at this address is non-zero" (the image's bools). */
  readBits(_table: BitTable, address: number, count: number, out: Uint8Array, at: number): number {
    const regs = this.image();
    if (regs.length === 0) return SLAVE_DEVICE_BUSY;
    if (address + count > regs.length) return ILLEGAL_DATA_ADDRESS;
    for (let i = 0; i < count; i++) if (regs[address + i] !== 0) out[at + (i >> 3)] |= 1 << (i & 7);
    return 0;
  }

  /** Registers written become the commands mapped on them. */
  writeRegisters(address: number, count: number, data: Uint8Array, at: number): number {
    const words: number[] = [];
    for (let i = 0; i < count; i++) words.push((data[at + 2 * i] << 8) | data[at + 2 * i + 1]);
    return this.#command(
      "holding",
      address,
      words.length,
      (w) => decodeWords(words, w.address - address, w),
    );
  }

  /** Coils written become the commands mapped on them. */
  writeCoils(address: number, count: number, data: Uint8Array, at: number): number {
    return this.#command(
      "coil",
      address,
      count,
      (w) => ((data[at + ((w.address - address) >> 3)] >> ((w.address - address) & 7)) & 1) === 1,
    );
  }

  #command(
    table: "holding" | "coil",
    address: number,
    count: number,
    valueOf: (w: WriteMap) => number | boolean,
  ): number {
    const end = address + count;
    const inRange = this.#writes.filter((w) =>
      w.table === table && w.address < end && w.address + addressCount(table, w.type) > address
    );
    // Every written address must belong to a mapped write, taken whole.
    const covered = new Uint8Array(count);
    for (const w of inRange) {
      const n = addressCount(table, w.type);
      if (w.address < address || w.address + n > end) return ILLEGAL_DATA_ADDRESS;
      covered.fill(1, w.address - address, w.address - address + n);
    }
    if (covered.includes(0)) return ILLEGAL_DATA_ADDRESS;
    const picked: { w: WriteMap; value: number | boolean }[] = [];
    const seen = new Set<number>();
    for (const w of inRange) {
      if (seen.has(w.address)) continue;
      const value = valueOf(w);
      if (w.value === undefined) {
        picked.push({ w, value });
        seen.add(w.address);
        continue;
      }
      const match = inRange.find((o) =>
        o.address === w.address && o.value !== undefined && Number(o.value) === Number(value)
      );
      if (!match) return ILLEGAL_DATA_VALUE;
      picked.push({ w: match, value });
      seen.add(w.address);
    }
    let code = 0;
    for (const { w, value } of picked) {
      const args: Record<string, unknown> = { ...(w.args ?? {}) };
      if (w.arg !== undefined) args[w.arg] = value;
      try {
        const record = this.#ctx.submit(w.twin, { type: w.command, args }, this.user);
        if (record.status === "failed") code ||= SLAVE_DEVICE_FAILURE;
      } catch (e) {
        code ||= (e as { status?: number }).status === 400
          ? ILLEGAL_DATA_VALUE
          : SLAVE_DEVICE_FAILURE;
      }
    }
    return code;
  }
}
