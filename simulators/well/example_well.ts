/**
 * A representative rod-pumped well (1500 m, 1"/7/8"/3/4" taper, 1¾"
 * plunger, 3 m stroke at 6 spm) in simulator units. It matches the twin's
 * parameter defaults and is the reference case for tests and benchmarks.
 *
 * @module
 */
import type { RodStringSpec } from "./rod_string.ts";
import type { WellConfig } from "./well_simulator.ts";

/** The example well's tapered rod string. */
export const EXAMPLE_RODS: RodStringSpec = {
  sections: [
    { diameterM: 0.0254, lengthM: 400 },
    { diameterM: 0.0222, lengthM: 500 },
    { diameterM: 0.01905, lengthM: 600 },
  ],
  modulusPa: 2.06e11,
  densityKgM3: 7850,
};

/** The example well. */
export const EXAMPLE_WELL: WellConfig = {
  spm: 6,
  strokeLengthM: 3,
  crankRatio: 0.25,
  rods: EXAMPLE_RODS,
  plungerDiameterM: 0.04445,
  deadLengthM: 0.15,
  fluidDensityKgM3: 940,
  waterCut: 0.5,
  bulkModulusPa: 1.5e9,
  tubingHeadPressurePa: 1_000_000,
  casingPressurePa: 300_000,
  reservoirPressurePa: 12_000_000,
  maxRateM3d: 60,
  perforationOffsetM: 20,
  annulusAreaM2: (Math.PI / 4) * (0.1214 ** 2 - 0.073 ** 2),
  dampingFactor: 0.1,
  driveEfficiency: 0.8,
  measurementNoise: 0.003,
};
