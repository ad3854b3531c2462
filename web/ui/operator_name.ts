/**
 * The operator's name: typed once in the header, kept in localStorage, and
 * sent as `x-user` with every action so the journal and command records say
 * who did it.
 *
 * @module
 */

/** Name used until the operator types one. */
export const DEFAULT_OPERATOR = "operator";

const KEY = "fieldtwin.operator";

/** Where the name is kept (localStorage in the browser; tests pass a map). */
export interface NameStorage {
  /** Read a key. */
  getItem(key: string): string | null;
  /** Write a key. */
  setItem(key: string, value: string): void;
}

function storage(): NameStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Storage can be switched off (private modes, file: pages): keep the default.
    return undefined;
  }
}

/** The name to send: the stored one trimmed, or the default. */
export function operatorName(store: NameStorage | undefined = storage()): string {
  let name: string | null | undefined;
  try {
    name = store?.getItem(KEY);
  } catch {
    name = undefined;
  }
  return name?.trim().slice(0, 100) || DEFAULT_OPERATOR;
}

/** Remember a new name (blank falls back to the default). */
export function setOperatorName(name: string, store: NameStorage | undefined = storage()): void {
  try {
    store?.setItem(KEY, name.trim().slice(0, 100));
  } catch {
    // A full or blocked storage only costs the name its persistence.
  }
}
