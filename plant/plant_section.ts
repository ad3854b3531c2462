/**
 * Top-level plant-file sections beyond `twins`, such as Modbus `devices` or
 * `alarms`. Each section validates its own part of the file and reports
 * problems through the same channel as the rest of the loader, so they carry
 * file, line and JSON path too.
 *
 * @module
 */
import type { KindRegistry } from "../twins/registry.ts";
import type { TwinConfig } from "./plant_file.ts";

/** What a section validator gets besides its raw JSON. */
export interface SectionContext {
  /** Every twin of the plant, by id (children included). */
  twins: ReadonlyMap<string, TwinConfig>;
  /** Known kinds. */
  kinds: KindRegistry;
  /** Report a problem at a JSON path (starting with the section key). */
  report(path: (string | number)[], message: string): void;
}

/** A top-level section of the plant file. */
export interface PlantSection<T = unknown> {
  /** Top-level key, for example `devices`. */
  key: string;
  /** Validate the raw JSON; return the typed value (ignored when problems were reported). */
  validate(raw: unknown, ctx: SectionContext): T;
}
