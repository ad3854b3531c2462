/**
 * Per-twin seeds derived from the plant seed and the twin id, so adding or
 * removing one twin never changes the random streams of the others.
 *
 * @module
 */

/** A 32-bit seed for twin `id` in a plant seeded with `plantSeed` (FNV-1a over the id). */
export function twinSeed(plantSeed: number, id: string): number {
  let h = 0x811c9dc5 ^ (plantSeed | 0);
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
