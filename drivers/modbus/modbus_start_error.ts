/**
 * Why the Modbus service refused to start: a slave that cannot listen on its
 * port, or a device that names a served slave the plant does not serve. A
 * runtime that went on without its slave would let its own devices poll
 * whatever else holds the port and show that plant's values as its own, so
 * these stop the start instead, naming the place in the plant file.
 *
 * @module
 */
import { formatPath, JsonLocator } from "../../plant/json_locator.ts";

/** A Modbus start-up failure tied to a place in the plant file. */
export class ModbusStartError extends Error {
  /** JSON path of the entry at fault, for example `["modbus_servers", 0, "port"]`. */
  readonly path: readonly (string | number)[];

  /** `message` says what failed and what to do; `where` is the file position prefix, if known. */
  constructor(path: readonly (string | number)[], message: string, where = "") {
    super(`${where}${formatPath(path)}: ${message}`);
    this.name = "ModbusStartError";
    this.path = path;
  }

  /**
   * The error with the plant file's name, line and column in front when the
   * plant came from a file that can still be read (best effort: the file is
   * read again only on this failure path).
   */
  static async at(
    file: string | undefined,
    path: readonly (string | number)[],
    message: string,
  ): Promise<ModbusStartError> {
    if (!file) return new ModbusStartError(path, message);
    let where = `${file}: `;
    try {
      const pos = new JsonLocator(await Deno.readTextFile(file)).locate([...path]);
      if (pos) where = `${file}:${pos.line}:${pos.column}: `;
    } catch { /* the file name alone still helps */ }
    return new ModbusStartError(path, message, where);
  }
}
