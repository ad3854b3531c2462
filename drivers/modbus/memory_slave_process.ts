/**
 * Runs a {@linkcode SlaveServer} over memory units in its own process, so a
 * benchmark can load it from another process the way an HMI or a pymodbus
 * peer would (client and slave each get a core).
 *
 *   deno run --allow-net drivers/modbus/memory_slave_process.ts '{"port":0,"units":150}'
 *
 * Prints `READY <port>` once listening; holding and input register `i` of
 * every unit hold `i`; stops on SIGTERM or when stdin closes.
 *
 * @module
 */
import { MemoryUnit } from "./memory_unit.ts";
import { SlaveServer } from "./slave_server.ts";
import type { SlaveUnit } from "./slave_unit.ts";

/** Configuration passed as the first argument. */
export interface MemorySlaveConfig {
  /** Port (0 = free). */
  port?: number;
  /** Unit ids 1..units. */
  units?: number;
}

/** Start the slave described by `cfg`. */
export function startMemorySlave(cfg: MemorySlaveConfig): SlaveServer {
  const units = new Map<number, SlaveUnit>();
  for (let id = 1; id <= (cfg.units ?? 1); id++) {
    const unit = new MemoryUnit({ holding: 1_000, input: 1_000 });
    for (let i = 0; i < 1_000; i++) unit.holding[i] = unit.input[i] = i;
    units.set(id, unit);
  }
  return new SlaveServer({ port: cfg.port ?? 0, units });
}

if (import.meta.main) {
  const server = startMemorySlave(JSON.parse(Deno.args[0] ?? "{}"));
  console.log(`READY ${server.port}`);
  const stop = async () => {
    await server.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", stop);
  // Also stop when the parent goes away and closes our stdin.
  (async () => {
    for await (const _ of Deno.stdin.readable) { /* ignore input */ }
    await stop();
  })();
}
