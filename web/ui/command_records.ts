/**
 * Keeps a twin's list of recent commands current as records arrive from the
 * REST reply and the stream, in any order and more than once.
 *
 * @module
 */
import type { CommandRecord } from "./api_types.ts";

/** Put `record` into `list` (replacing the one with its id), newest first, at most `limit`. */
export function mergeRecord(
  list: readonly CommandRecord[],
  record: CommandRecord,
  limit = 20,
): CommandRecord[] {
  const i = list.findIndex((r) => r.id === record.id);
  if (i >= 0) {
    const out = list.slice();
    out[i] = record;
    return out;
  }
  return [record, ...list].slice(0, limit);
}
