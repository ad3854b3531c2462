/**
 * Schemas of the Modbus parts of a plant file: the `devices` section (field
 * devices the driver polls, with their register maps and command writes) and
 * the `modbus_servers` section (simulated RTUs served as Modbus TCP slaves).
 * Only shapes and defaults live here; cross-checks (overlaps, twins, kinds)
 * are in the section validators.
 *
 * @module
 */
import { z } from "zod";
import { DATA_TYPES } from "./value_codec.ts";

/** Modbus data tables. */
export const TABLES = ["coil", "discrete_input", "holding", "input"] as const;

/** One of {@linkcode TABLES}. */
export type Table = typeof TABLES[number];

/** Whether `table` holds single bits (coils, discrete inputs) rather than 16-bit registers. */
export function isBitTable(table: Table): boolean {
  return table === "coil" || table === "discrete_input";
}

/** Baud rates `stty` can set on a serial line. */
export const BAUD_RATES = [
  1200,
  2400,
  4800,
  9600,
  19_200,
  38_400,
  57_600,
  115_200,
  230_400,
] as const;

const port = z.int().min(1).max(65_535);
const order = z.enum(["big", "little"]);

/** How to reach a device. */
export const transportSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("tcp"), host: z.string().min(1), port: port.default(502) }),
  z.strictObject({
    type: z.literal("rtu_over_tcp"),
    host: z.string().min(1),
    port: port.default(502),
  }),
  z.strictObject({
    type: z.literal("serial"),
    path: z.string().min(1),
    baud: z.union(BAUD_RATES.map((b) => z.literal(b))).default(9_600),
    parity: z.enum(["none", "even", "odd"]).default("none"),
    data_bits: z.union([z.literal(7), z.literal(8)]).default(8),
    stop_bits: z.union([z.literal(1), z.literal(2)]).default(1),
  }),
  z.strictObject({
    type: z.literal("served"),
    /** The `id` of a `modbus_servers` entry of this plant: the device is our own simulated slave. */
    server: z.string().min(1),
  }),
]);

/** A validated transport. */
export type TransportConfig = z.output<typeof transportSchema>;

/**
 * A transport a client can open: a `served` slave becomes the TCP address
 * its server actually bound once the Modbus service has started it.
 */
export type LinkConfig = Exclude<TransportConfig, { type: "served" }>;

/** Fields shared by read points and writes: where and how a value sits. */
const formatFields = {
  address: z.int().min(0).max(65_535),
  type: z.enum(DATA_TYPES).optional(),
  word_order: order.default("big"),
  byte_order: order.default("big"),
  scale: z.number().refine((s) => s !== 0 && Number.isFinite(s), "scale must be finite, not 0")
    .default(1),
  offset: z.number().default(0),
};

/** One register-map entry: a twin point fed from a table address. */
export const pointSchema = z.strictObject({
  /** Twin the value feeds. */
  twin: z.string().min(1),
  /** Point name on that twin. */
  point: z.string().min(1),
  table: z.enum(TABLES),
  ...formatFields,
  /** Engineering unit; must match the kind's unit for kind points. */
  unit: z.string().optional(),
  /** First bit of a bit field in a 16-bit register (0 = least significant). */
  bit: z.int().min(0).max(15).optional(),
  /** Width of the bit field (uint16 only). */
  bits: z.int().min(1).max(16).optional(),
  /** The point is not one of the kind's; add it to the twin as a device point. */
  extra: z.boolean().default(false),
});

/** A validated point map entry (type resolved). */
export type PointMap = Omit<z.output<typeof pointSchema>, "type"> & {
  type: z.output<typeof pointSchema>["type"] & string;
};

/** A twin command mapped to a register or coil write. */
export const writeSchema = z.strictObject({
  /** Twin whose command this is. */
  twin: z.string().min(1),
  /** Command type. */
  command: z.string().min(1),
  /** The command argument whose value is written. */
  arg: z.string().min(1).optional(),
  /** A fixed value to write (for argument-less commands such as start). */
  value: z.union([z.number(), z.boolean()]).optional(),
  /** Fixed arguments that select this entry (and are passed on, server side). */
  args: z.record(z.string(), z.unknown()).optional(),
  table: z.enum(["coil", "holding"]),
  ...formatFields,
  /** Use FC 15/16 even for one coil or register (for devices without FC 5/6). */
  multiple: z.boolean().default(false),
});

/** A validated write map entry (type resolved). */
export type WriteMap = Omit<z.output<typeof writeSchema>, "type"> & {
  type: z.output<typeof writeSchema>["type"] & string;
};

/** A field device the driver polls. */
export const deviceSchema = z.strictObject({
  id: z.string().min(1),
  transport: transportSchema,
  unit_id: z.int().min(0).max(255).default(1),
  /** Scan period, ms. */
  scan_ms: z.int().min(10).max(86_400_000).default(1_000),
  /** Per-request timeout, ms. */
  timeout_ms: z.int().min(10).max(120_000).default(3_000),
  /** Retries of a failed read within one scan. */
  retries: z.int().min(0).max(10).default(3),
  /** First retry waits this long; each further retry twice as long, ms. */
  backoff_ms: z.int().min(0).max(60_000).default(100),
  /** Largest register read (the protocol allows 125). */
  max_registers: z.int().min(1).max(125).default(125),
  /** Largest coil / discrete-input read (the protocol allows 2000). */
  max_bits: z.int().min(1).max(2_000).default(2_000),
  /** Unmapped registers a merged read may span to join two blocks. */
  max_gap: z.int().min(0).max(124).default(0),
  /** RTU twin that shows this device's communications. */
  rtu: z.string().min(1).optional(),
  points: z.array(pointSchema).default([]),
  writes: z.array(writeSchema).default([]),
});

/** A validated device. */
export type DeviceConfig = Omit<z.output<typeof deviceSchema>, "points" | "writes"> & {
  points: PointMap[];
  writes: WriteMap[];
};

/** A Modbus TCP slave port serving simulated RTUs. */
export const serverSchema = z.strictObject({
  /** Name devices use to poll this slave (`"transport": {"type": "served", "server": id}`). */
  id: z.string().min(1).optional(),
  host: z.string().min(1).default("127.0.0.1"),
  /** TCP port; 0 picks a free one. */
  port: z.int().min(0).max(65_535),
  units: z.array(z.strictObject({
    unit_id: z.int().min(0).max(255).default(1),
    /** RTU twin whose register image this unit serves. */
    rtu: z.string().min(1),
    /** Register and coil writes that become twin commands. */
    writes: z.array(writeSchema).default([]),
  })).min(1, "a server needs at least one unit"),
});

/** A validated server. */
export type ServerConfig = Omit<z.output<typeof serverSchema>, "units"> & {
  units: { unit_id: number; rtu: string; writes: WriteMap[] }[];
};
