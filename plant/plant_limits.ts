/**
 * Bounds the loader holds every plant to, so a huge, deep or hostile file is
 * refused with a plant error naming the place instead of running the process
 * out of memory or stack. The defaults leave room for the largest plant the
 * schema allows (`count` up to 100,000, twins listed one by one included).
 *
 * @module
 */

/** Bounds on a plant file and on what it expands to. */
export interface PlantLimits {
  /** Largest file, in bytes. */
  maxFileBytes: number;
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Most entries in one array. */
  maxArrayLength: number;
  /** Longest string or object key, in characters. */
  maxStringLength: number;
  /** Longest twin id, after `{i}` is replaced. */
  maxIdLength: number;
  /** Widest zero padding in `{i:NN}`. */
  maxPadWidth: number;
  /** Most twins in the plant, children included. */
  maxTwins: number;
  /** Most JSON values one `count` entry may copy: `count` times the values in its params. */
  maxExpandedValues: number;
  /** Problems listed per kind of problem; the rest of that kind are counted. */
  problemsPerKind: number;
  /** Kinds of problem listed; problems of further kinds are counted. */
  problemKinds: number;
  /** Checking stops after this many problems. */
  maxProblems: number;
}

/** The limits every plant is loaded with unless a caller passes others. */
export const PLANT_LIMITS: Readonly<PlantLimits> = {
  maxFileBytes: 64 * 1024 * 1024,
  maxDepth: 64,
  maxArrayLength: 100_000,
  maxStringLength: 10_000,
  maxIdLength: 128,
  maxPadWidth: 20,
  maxTwins: 200_000,
  maxExpandedValues: 5_000_000,
  problemsPerKind: 10,
  problemKinds: 50,
  maxProblems: 500_000,
};
