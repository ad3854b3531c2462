/**
 * Plant-file parameters of a rod-pumped oil well, in field-friendly units
 * (mm, kPa, m³/d), and their conversion to the simulator's SI configuration.
 *
 * @module
 */
import { z } from "zod";
import type { WellConfig } from "../../simulators/well/well_simulator.ts";

/** One rod-string section in the plant file. */
const rodSection = z.strictObject({
  /** Rod diameter, mm. */
  diameter_mm: z.number().min(10).max(40),
  /** Section length, m. */
  length_m: z.number().positive().max(5000),
});

/** Default taper: API 86-style 1" / 7/8" / 3/4" over 1500 m. */
const DEFAULT_RODS = [
  { diameter_mm: 25.4, length_m: 400 },
  { diameter_mm: 22.2, length_m: 500 },
  { diameter_mm: 19.05, length_m: 600 },
];

/** Schema of a well's `params`. */
export const wellParams = z.strictObject({
  /** Pumping speed at start, strokes per minute. */
  spm: z.number().min(1).max(15).default(6),
  /** Polished-rod stroke length, m. */
  stroke_length_m: z.number().min(0.5).max(8).default(3),
  /** Crank radius over pitman length of the unit; shapes the motion's asymmetry. */
  crank_pitman_ratio: z.number().min(0).max(0.6).default(0.25),
  /** Tapered rod string, top to bottom; total length is the pump depth. */
  rods: z.array(rodSection).min(1).max(6).default(DEFAULT_RODS),
  /** Young's modulus of the rods, Pa. */
  rod_modulus_pa: z.number().positive().default(2.06e11),
  /** Rod density, kg/m³. */
  rod_density_kg_m3: z.number().positive().default(7850),
  /** Plunger diameter, mm. */
  plunger_diameter_mm: z.number().min(20).max(120).default(44.45),
  /** Pump dead volume as a length of plunger travel, m. */
  pump_dead_length_m: z.number().positive().max(2).default(0.15),
  /** Density of the produced liquid (oil and water mixed), kg/m³. */
  fluid_density_kg_m3: z.number().min(600).max(1300).default(940),
  /** Water fraction of the liquid. */
  water_cut: z.number().min(0).max(1).default(0.5),
  /** Liquid bulk modulus, Pa. */
  liquid_bulk_modulus_pa: z.number().positive().default(1.5e9),
  /** Tubing head (flowline) pressure, kPa gauge. */
  tubing_head_pressure_kpa: z.number().min(0).default(1000),
  /** Casing head pressure, kPa gauge. */
  casing_pressure_kpa: z.number().min(0).default(300),
  /** Static reservoir pressure at the perforations, kPa gauge. */
  reservoir_pressure_kpa: z.number().positive().default(12_000),
  /** Vogel absolute open flow (liquid rate at zero bottom-hole pressure), m³/d. */
  max_rate_m3d: z.number().positive().default(60),
  /** Depth of the perforations below the pump intake, m. */
  perforation_offset_m: z.number().min(0).max(500).default(20),
  /** Casing inside diameter, mm. */
  casing_id_mm: z.number().positive().default(121.4),
  /** Tubing outside diameter, mm. */
  tubing_od_mm: z.number().positive().default(73),
  /** Gibbs dimensionless damping factor ν of the rod string. */
  damping_factor: z.number().min(0).max(1).default(0.1),
  /** Polished-rod power over motor input power. */
  drive_efficiency: z.number().gt(0).max(1).default(0.8),
  /** Relative noise on load and power readings. */
  measurement_noise: z.number().min(0).max(0.1).default(0.003),
  /** Fluid level at start, m below surface; omitted starts at the producing equilibrium. */
  initial_fluid_level_m: z.number().min(0).optional(),
  /** Fillage below this, %, counts as low fill. */
  pumped_off_fillage_pct: z.number().min(0).max(100).default(75),
  /** Low fill for this long while producing makes the well pumped off, s. */
  pumped_off_after_s: z.number().positive().default(300),
  /** A start not seen pumping within this many seconds is a fault. */
  start_confirm_s: z.number().positive().default(30),
  /**
   * Well-to-well scatter, %: reservoir pressure, open flow and water cut are
   * each drawn once from the well's seed within ± this of their values, so
   * wells made from one template differ; 0 uses the values as given.
   */
  spread_pct: z.number().min(0).max(50).default(0),
}).refine((p) => p.casing_id_mm > p.tubing_od_mm, {
  message: "casing_id_mm must be larger than tubing_od_mm",
  path: ["casing_id_mm"],
});

/** Validated well parameters. */
export type WellParams = z.infer<typeof wellParams>;

/** The simulator configuration (SI units) for `p`. */
export function toWellConfig(p: WellParams): WellConfig {
  const mm = 1e-3, kpa = 1e3;
  return {
    spm: p.spm,
    strokeLengthM: p.stroke_length_m,
    crankRatio: p.crank_pitman_ratio,
    rods: {
      sections: p.rods.map((r) => ({ diameterM: r.diameter_mm * mm, lengthM: r.length_m })),
      modulusPa: p.rod_modulus_pa,
      densityKgM3: p.rod_density_kg_m3,
    },
    plungerDiameterM: p.plunger_diameter_mm * mm,
    deadLengthM: p.pump_dead_length_m,
    fluidDensityKgM3: p.fluid_density_kg_m3,
    waterCut: p.water_cut,
    bulkModulusPa: p.liquid_bulk_modulus_pa,
    tubingHeadPressurePa: p.tubing_head_pressure_kpa * kpa,
    casingPressurePa: p.casing_pressure_kpa * kpa,
    reservoirPressurePa: p.reservoir_pressure_kpa * kpa,
    maxRateM3d: p.max_rate_m3d,
    perforationOffsetM: p.perforation_offset_m,
    annulusAreaM2: (Math.PI / 4) * ((p.casing_id_mm * mm) ** 2 - (p.tubing_od_mm * mm) ** 2),
    dampingFactor: p.damping_factor,
    driveEfficiency: p.drive_efficiency,
    measurementNoise: p.measurement_noise,
    initialFluidLevelM: p.initial_fluid_level_m,
    spread: p.spread_pct / 100,
  };
}
