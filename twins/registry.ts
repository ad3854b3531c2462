/**
 * Finds asset kinds by looking for `twins/<name>/kind.ts`, so a new kind is
 * added by adding its folder; nothing here lists kinds by name.
 *
 * @module
 */
import type { KindDefinition } from "./kind.ts";

/** Every known kind, by kind name. */
export type KindRegistry = ReadonlyMap<string, KindDefinition<unknown>>;

let cached: Promise<KindRegistry> | undefined;

/**
 * Load every kind under `twins/` (once per process).
 *
 * @returns kinds by name, in folder-name order
 */
export function loadKinds(): Promise<KindRegistry> {
  cached ??= discover(new URL("./", import.meta.url));
  return cached;
}

async function discover(dir: URL): Promise<KindRegistry> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isDirectory) continue;
    try {
      await Deno.stat(new URL(`${entry.name}/kind.ts`, dir));
      names.push(entry.name);
    } catch {
      // A folder without kind.ts is not a kind (shared code, fixtures).
    }
  }
  names.sort();
  const kinds = new Map<string, KindDefinition<unknown>>();
  for (const name of names) {
    const mod = await import(new URL(`${name}/kind.ts`, dir).href);
    const def = mod.kind as KindDefinition<unknown> | undefined;
    if (!def || typeof def.kind !== "string") {
      throw new Error(`twins/${name}/kind.ts must export \`kind: KindDefinition\``);
    }
    if (kinds.has(def.kind)) throw new Error(`kind "${def.kind}" is defined twice`);
    kinds.set(def.kind, def);
  }
  return kinds;
}
