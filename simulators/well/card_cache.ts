/**
 * Cards already solved, shared by the wells of one runtime. A card is a
 * pure function of its solver (rod string, fluid density, grid, samples)
 * and its {@linkcode CardInputs}, so wells built from one template without
 * a spread reuse each other's solves exactly (a spread well's cards hold its
 * own reservoir, so it shares only those at a level pinned to the surface or
 * the pump). Keys hold every number in full (`String` round-trips a double),
 * so a hit gives the very card a solve would.
 *
 * @module
 */
import type { CardInputs, CardSolver, DynamometerCard } from "./dynamometer_card.ts";
import type { RodStringSpec } from "./rod_string.ts";
import { MotionTables } from "./motion_table.ts";

/** Cards kept at most; the least recently used go first. */
const DEFAULT_CAPACITY = 512;

/** A bounded store of solved cards keyed by everything that determines them (least recently used go first). */
export class CardCache {
  readonly #cards = new Map<string, DynamometerCard>();
  readonly #capacity: number;
  /** Lookups answered from the store. */
  hits = 0;
  /** Polished-rod motion tables for the same wells' solvers (one per stroke shape). */
  readonly motions = new MotionTables();
  /** Card solvers by {@linkcode solverKey}: a solve leaves nothing behind in its solver, so wells of one rod string take turns with one. */
  readonly #solvers = new Map<string, CardSolver>();

  /** A cache of at most `capacity` cards. */
  constructor(capacity = DEFAULT_CAPACITY) {
    this.#capacity = capacity;
  }

  /** The card stored under `key`, if any. */
  get(key: string): DynamometerCard | undefined {
    const card = this.#cards.get(key);
    if (card) {
      this.hits++;
      // Most recently used last, so eviction (oldest first) drops the least used.
      this.#cards.delete(key);
      this.#cards.set(key, card);
    }
    return card;
  }

  /** Store `card` (the caller's copy is kept, so pass one nobody writes to again). */
  set(key: string, card: DynamometerCard): void {
    if (this.#cards.size >= this.#capacity) {
      this.#cards.delete(this.#cards.keys().next().value!);
    }
    this.#cards.set(key, card);
  }

  /** Cards held. */
  get size(): number {
    return this.#cards.size;
  }

  /** The solver stored under `key` (a {@linkcode solverKey}), made by `make` on first use. */
  solver(key: string, make: () => CardSolver): CardSolver {
    let solver = this.#solvers.get(key);
    if (!solver) this.#solvers.set(key, solver = make());
    return solver;
  }
}

/** Key of a card solver: the rod string, fluid density, grid and samples per stroke. */
export function solverKey(
  rods: RodStringSpec,
  fluidKgM3: number,
  elements: number | undefined,
  points: number,
): string {
  const sections = rods.sections.map((s) => `${s.diameterM}:${s.lengthM}`).join(",");
  return `${sections}|${rods.modulusPa}|${rods.densityKgM3}|${fluidKgM3}|${elements}|${points}`;
}

/** Key of one solve: the solver's key and every input, in full precision. */
export function cardKey(solver: string, inp: CardInputs): string {
  return `${solver}|${inp.spm}|${inp.strokeLengthM}|${inp.crankRatio}|${inp.dampingPerS}|${inp.plungerAreaM2}|${inp.dischargePa}|${inp.intakePa}|${inp.bulkModulusPa}|${inp.deadVolumeM3}|${inp.gasFraction}|${inp.travellingLeakM3s}|${inp.standingLeakM3s}|${inp.fillFraction}|${inp.tagHeightM}|${inp.partedDepthM}|${
    inp.topHitM ?? 0
  }|${inp.plungerDragNsM ?? 0}`;
}
