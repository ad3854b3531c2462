/**
 * A sucker-rod pumped oil well: reservoir inflow (Vogel), the annulus fluid
 * level, the pump's displacement and a dynamometer card from the damped wave
 * equation, stepped once per simulated second.
 *
 * The level is a volume balance over the casing-tubing annulus: inflow
 * raises it, pump displacement lowers it, and once it reaches the pump
 * intake the pump can only take what flows in, so fillage drops and the
 * card shows fluid pound. The card itself is expensive (a few strokes of a
 * finite-difference solve), so it is recomputed only when its inputs move
 * materially — speed, faults, fillage by more than 2 %, intake pressure by
 * more than 2 % of the pump's differential — and otherwise replayed: each
 * second reads the polished-rod position and load at the current phase of
 * the cached stroke.
 *
 * @module
 */
import { Random, type RandomState } from "../random.ts";
import { spreadReservoir } from "./parameter_spread.ts";
import {
  type Actuation,
  checkModel,
  type PointValues,
  type Simulator,
  type SimulatorState,
} from "../simulator.ts";
import { type CardInputs, CardSolver, DynamometerCard, SOUND_PUMP } from "./dynamometer_card.ts";
import { type CardCache, cardKey, solverKey } from "./card_cache.ts";
import { staticPlungerStroke } from "./plunger_stroke.ts";
import {
  buoyantRodWeight,
  buoyantWeightAbove,
  GRAVITY,
  rodArea,
  rodLength,
  type RodStringSpec,
  waveSpeed,
} from "./rod_string.ts";
import { vogelPwf, vogelRate } from "./vogel_ipr.ts";
import {
  DEFAULT_SEVERITY,
  faultEffects,
  isWellFault,
  noFaultEffects,
  WELL_FAULTS,
  type WellFault,
} from "./well_faults.ts";

/** Atmospheric pressure, Pa (the pump chamber works in absolute pressure). */
const ATMOSPHERE_PA = 101_325;
/** Seconds per day. */
const DAY_S = 86_400;
/** Fillage change that forces a new card. */
const FILL_TRIGGER = 0.02;
/** Intake-pressure change, as a fraction of the pump differential, that forces a new card. */
const PRESSURE_TRIGGER = 0.02;

/** A well's physical description, in SI units. */
export interface WellConfig {
  /** Strokes per minute at start. */
  spm: number;
  /** Polished-rod stroke length, m. */
  strokeLengthM: number;
  /** Crank-to-pitman ratio of the pumping unit (motion asymmetry). */
  crankRatio: number;
  /** The tapered rod string; its length is the pump depth. */
  rods: RodStringSpec;
  /** Plunger diameter, m. */
  plungerDiameterM: number;
  /** Pump dead volume as a length of plunger travel, m. */
  deadLengthM: number;
  /** Density of the produced liquid, kg/m³. */
  fluidDensityKgM3: number;
  /** Water fraction of the liquid (0..1). */
  waterCut: number;
  /** Liquid bulk modulus, Pa. */
  bulkModulusPa: number;
  /** Tubing head (flowline) pressure, Pa gauge. */
  tubingHeadPressurePa: number;
  /** Casing head pressure, Pa gauge. */
  casingPressurePa: number;
  /** Static reservoir pressure at the perforations, Pa gauge. */
  reservoirPressurePa: number;
  /** Vogel absolute open flow qmax, m³/d of liquid. */
  maxRateM3d: number;
  /** Perforations below the pump intake, m. */
  perforationOffsetM: number;
  /** Casing-tubing annulus cross-section, m². */
  annulusAreaM2: number;
  /** Gibbs dimensionless damping factor ν; c = π·a·ν / (2L). */
  dampingFactor: number;
  /** Polished-rod to motor-input efficiency (0..1]. */
  driveEfficiency: number;
  /** Relative standard deviation of load and power readings. */
  measurementNoise: number;
  /** Fluid level at start, m below surface; undefined starts at the producing equilibrium. */
  initialFluidLevelM?: number;
  /**
   * Well-to-well scatter as a fraction (0.15 for ±15 %) of reservoir
   * pressure, open flow and water cut, drawn from the well's seed; default 0.
   */
  spread?: number;
  /** Finite-difference elements over the rod string (default 40). */
  elements?: number;
  /** Card samples per stroke (default 200). */
  cardPoints?: number;
}

/** Construction options of {@linkcode WellSimulator}. */
export interface WellSimulatorOptions {
  /** Twin id of the well. */
  id: string;
  /** The well. */
  config: WellConfig;
  /** Seed for the well's random streams. */
  seed: number;
  /** Cards solved by the runtime's other wells, to reuse exactly (none: solve every card). */
  cards?: CardCache;
}

/** The simulated well feeding one twin. */
export class WellSimulator implements Simulator {
  readonly feeds: readonly string[];
  readonly #cfg: WellConfig;
  readonly #rng: Random;
  readonly #solver: CardSolver;
  readonly #card: DynamometerCard;
  readonly #cards: CardCache | undefined;
  readonly #solverKey: string;
  readonly #inputs: CardInputs;
  readonly #faults = new Map<WellFault, number>();
  readonly #effects = noFaultEffects();
  readonly #pumpDepth: number;
  readonly #perfDepth: number;
  readonly #plungerArea: number;
  readonly #rhoG: number;
  readonly #rodWeight: number;
  readonly #dampingPerS: number;
  #faultText = "none";
  #level: number;
  #phase: number;
  #strokes = 0;
  #pumping = true;
  #spm: number;
  #dirty = true;
  #cardSupply = 1;
  #cardIntakePa = NaN;
  #fullIntakePa = NaN;
  #fullRateM3s = 0;
  #inflowM3s = 0;
  #productionM3s = 0;
  #position = 0;
  #load = 0;
  #rawLoad = 0;
  #power = 0;
  #intakePa = 0;
  #solves = 0;
  #cardVersion = 0;

  /** Build the well and settle it at its producing equilibrium (unless a start level is given). */
  constructor(opts: WellSimulatorOptions) {
    const cfg = spreadReservoir(opts.config, opts.config.spread ?? 0, opts.seed, opts.id);
    this.#cfg = cfg;
    this.feeds = [opts.id];
    this.#rng = new Random(opts.seed, `well:${opts.id}`);
    this.#pumpDepth = rodLength(cfg.rods);
    this.#perfDepth = this.#pumpDepth + cfg.perforationOffsetM;
    this.#plungerArea = rodArea(cfg.plungerDiameterM);
    this.#rhoG = cfg.fluidDensityKgM3 * GRAVITY;
    this.#rodWeight = buoyantRodWeight(cfg.rods, cfg.fluidDensityKgM3);
    this.#spm = cfg.spm;
    this.#card = new DynamometerCard(cfg.cardPoints ?? 200);
    this.#cards = opts.cards;
    this.#solverKey = opts.cards
      ? solverKey(cfg.rods, cfg.fluidDensityKgM3, cfg.elements, this.#card.points)
      : "";
    const makeSolver = () =>
      new CardSolver(cfg.rods, cfg.fluidDensityKgM3, {
        elements: cfg.elements,
        motions: opts.cards?.motions,
      });
    // Wells of one rod string share a solver: its buffers are scratch, reset by every solve.
    this.#solver = opts.cards ? opts.cards.solver(this.#solverKey, makeSolver) : makeSolver();
    this.#dampingPerS = (Math.PI * waveSpeed(cfg.rods) * cfg.dampingFactor) /
      (2 * this.#pumpDepth);
    this.#inputs = {
      spm: cfg.spm,
      strokeLengthM: cfg.strokeLengthM,
      crankRatio: cfg.crankRatio,
      dampingPerS: this.#dampingPerS,
      plungerAreaM2: this.#plungerArea,
      dischargePa: this.#dischargePa(),
      intakePa: 0,
      bulkModulusPa: cfg.bulkModulusPa,
      deadVolumeM3: this.#plungerArea * cfg.deadLengthM,
      ...SOUND_PUMP,
    };
    this.#phase = this.#rng.next();
    this.#level = cfg.initialFluidLevelM ?? this.#equilibriumLevel();
    this.#level = Math.min(this.#pumpDepth, Math.max(0, this.#level));
    this.#intakePa = this.#intakeGaugePa();
    const submergence = this.#pumpDepth - this.#level;
    const pwf = cfg.casingPressurePa + this.#rhoG * (this.#perfDepth - this.#level);
    const qIn = vogelRate(pwf, cfg.reservoirPressurePa, cfg.maxRateM3d) / DAY_S;
    // A well settled at its equilibrium keeps the card it was settled with,
    // unless the settling moved its intake enough to make a running well solve anew.
    if (cfg.initialFluidLevelM !== undefined) this.#dirty = true;
    this.#refresh(cfg.annulusAreaM2 * submergence + qIn);
    this.#replay();
    this.#load = this.#rawLoad;
  }

  /** The current card (read-only; replaced in place when a new one completes). */
  get card(): Readonly<DynamometerCard> {
    return this.#card;
  }

  /** Counts the cards this well has completed: it changes exactly when {@linkcode card} does. */
  get cardVersion(): number {
    return this.#cardVersion;
  }

  /** The rod string, fluid density and damping the card was solved with (for a downhole card). */
  get cardSettings(): { rods: RodStringSpec; fluidKgM3: number; dampingPerS: number } {
    return {
      rods: this.#cfg.rods,
      fluidKgM3: this.#cfg.fluidDensityKgM3,
      dampingPerS: this.#inputs.dampingPerS,
    };
  }

  /** Plunger area and the gauge pressure over the plunger with tight tubing (for a fluid-load check). */
  get hydraulics(): { plungerAreaM2: number; dischargePa: number } {
    return { plungerAreaM2: this.#plungerArea, dischargePa: this.#dischargePa() - ATMOSPHERE_PA };
  }

  /** Cards computed so far (for cost accounting). */
  get cardSolves(): number {
    return this.#solves;
  }

  /** Advance the well by `dtS` seconds. */
  step(dtS: number, _tS: number): void {
    const cfg = this.#cfg;
    const submergence = Math.max(0, this.#pumpDepth - this.#level);
    const pwf = cfg.casingPressurePa + this.#rhoG * Math.max(0, this.#perfDepth - this.#level);
    const qIn = vogelRate(pwf, cfg.reservoirPressurePa, cfg.maxRateM3d) / DAY_S;
    this.#inflowM3s = qIn;
    this.#intakePa = cfg.casingPressurePa + this.#rhoG * submergence;
    let pumped = 0;
    if (this.#pumping) {
      const available = cfg.annulusAreaM2 * submergence + qIn * dtS;
      if (this.#cardStale(available / dtS)) this.#refresh(available / dtS);
      pumped = Math.min(this.#fullRateM3s * dtS, available);
      this.#phase += (dtS * this.#spm) / 60;
      while (this.#phase >= 1) {
        this.#phase -= 1;
        this.#strokes++;
      }
      this.#replay();
    } else {
      this.#rawLoad = this.#staticLoad();
    }
    // A tubing hole returns part of what the pump lifts to the annulus before it reaches surface.
    const leaked = pumped * this.#effects.tubingLeak;
    this.#productionM3s = (pumped - leaked) / dtS;
    const level = this.#level - (qIn * dtS - pumped + leaked) / cfg.annulusAreaM2;
    this.#level = Math.min(this.#pumpDepth, Math.max(0, level));
    const noise = cfg.measurementNoise;
    this.#load = noise > 0 ? this.#rawLoad * (1 + noise * this.#rng.normal()) : this.#rawLoad;
    const power = this.#pumping
      ? (Math.max(0, this.#card.surfaceWorkJ) * this.#spm) / 60 / cfg.driveEfficiency
      : 0;
    this.#power = noise > 0 && power > 0 ? power * (1 + noise * this.#rng.normal()) : power;
  }

  /** Report the well's points into `out`. */
  read(_id: string, out: PointValues): void {
    const card = this.#card, cfg = this.#cfg, pumping = this.#pumping;
    out.spm = pumping ? this.#spm : 0;
    out.stroke_length = cfg.strokeLengthM;
    out.rod_position = this.#position;
    out.polished_rod_load = this.#load / 1000;
    out.peak_load = (pumping ? card.peakLoad : this.#rawLoad) / 1000;
    out.min_load = (pumping ? card.minLoad : this.#rawLoad) / 1000;
    out.fillage = pumping ? card.fillage * 100 : 0;
    out.production_liquid = this.#productionM3s * DAY_S;
    out.production_oil = this.#productionM3s * DAY_S * (1 - cfg.waterCut);
    out.inflow = this.#inflowM3s * DAY_S;
    out.fluid_level = this.#level;
    out.intake_pressure = this.#intakePa / 1000;
    out.motor_power = this.#power / 1000;
    out.strokes = this.#strokes;
    out.pumping = pumping;
    out.fault = this.#faultText;
  }

  /** Shut in, open, change speed, inject or clear faults. */
  actuate(_id: string, action: Actuation): string | undefined {
    const args = action.args;
    switch (action.type) {
      case "shut_in":
        this.#pumping = false;
        return undefined;
      case "open":
        if (!this.#pumping) this.#dirty = true;
        this.#pumping = true;
        return undefined;
      case "set_spm": {
        const spm = args.spm;
        if (typeof spm !== "number" || !(spm >= 1 && spm <= 15)) {
          return `spm must be a number from 1 to 15, got ${String(spm)}`;
        }
        this.#spm = spm;
        this.#dirty = true;
        return undefined;
      }
      case "inject_fault": {
        const fault = args.fault;
        if (!isWellFault(fault)) {
          return `unknown well fault "${String(fault)}"; expected one of ${WELL_FAULTS.join(", ")}`;
        }
        const severity = args.severity ?? DEFAULT_SEVERITY;
        if (typeof severity !== "number" || !(severity >= 0 && severity <= 1)) {
          return `severity must be a number from 0 to 1, got ${String(severity)}`;
        }
        this.#faults.set(fault, severity);
        this.#faultsChanged();
        return undefined;
      }
      case "clear_fault": {
        const fault = args.fault;
        if (fault === undefined) this.#faults.clear();
        else if (isWellFault(fault)) this.#faults.delete(fault);
        else {return `unknown well fault "${String(fault)}"; expected one of ${
            WELL_FAULTS.join(", ")
          }`;}
        this.#faultsChanged();
        return undefined;
      }
      case "enter_maintenance":
      case "exit_maintenance":
      case "reset":
        return undefined;
      default:
        return `a well cannot "${action.type}"`;
    }
  }

  /** The current surface and downhole cards and the active faults, for the detail page. */
  inspect(_id: string): Record<string, unknown> {
    const c = this.#card;
    const kn = (a: Float64Array) => Array.from(a, (v) => v / 1000);
    return {
      card: { position: Array.from(c.surfacePosition), load: kn(c.surfaceLoad) },
      downholeCard: { position: Array.from(c.pumpPosition), load: kn(c.pumpLoad) },
      faults: [...this.#faults.keys()],
      pumping: this.#pumping,
      strokePeriodS: c.periodS,
      fluidLoadKn: c.fluidLoadN / 1000,
      buoyantRodWeightKn: this.#rodWeight / 1000,
      plungerStrokeM: c.plungerStrokeM,
      // The reservoir this well was given (after any spread from its seed).
      reservoirPressureKpa: this.#cfg.reservoirPressurePa / 1000,
      maxRateM3d: this.#cfg.maxRateM3d,
      waterCut: this.#cfg.waterCut,
    };
  }

  /**
   * Level, stroke phase, speed, faults, noise stream and the current card
   * with what it was solved for, as plain data (see Simulator.snapshot).
   */
  snapshot(): SimulatorState {
    return {
      model: "well",
      configuredSpm: this.#cfg.spm,
      spm: this.#spm,
      faults: [...this.#faults],
      rng: this.#rng.snapshot(),
      card: structuredClone({ ...this.#card }),
      inputs: { ...this.#inputs },
      scalars: [
        this.#level,
        this.#phase,
        this.#strokes,
        this.#cardSupply,
        this.#cardIntakePa,
        this.#fullIntakePa,
        this.#fullRateM3s,
        this.#inflowM3s,
        this.#productionM3s,
        this.#position,
        this.#load,
        this.#rawLoad,
        this.#power,
        this.#intakePa,
        this.#solves,
        this.#cardVersion,
      ],
      pumping: this.#pumping,
      dirty: this.#dirty,
    };
  }

  /**
   * Continue from {@linkcode WellSimulator.snapshot} of the same well. The
   * speed stays this well's configured one when its params set another
   * than the snapshot's (an override); the card is then solved afresh.
   */
  restore(state: SimulatorState): void {
    checkModel(state, "well");
    const s = state as unknown as {
      configuredSpm: number;
      spm: number;
      faults: [WellFault, number][];
      rng: RandomState;
      card: DynamometerCard;
      inputs: CardInputs;
      scalars: number[];
      pumping: boolean;
      dirty: boolean;
    };
    if (s.card.surfacePosition.length !== this.#card.points) {
      throw new Error(
        `the well's card had ${s.card.surfacePosition.length} points and has ${this.#card.points} now`,
      );
    }
    this.#faults.clear();
    for (const [f, v] of s.faults) this.#faults.set(f, v);
    this.#faultsChanged();
    this.#rng.restore(s.rng);
    this.#card.copyFrom(s.card);
    Object.assign(this.#inputs, s.inputs);
    [
      this.#level,
      this.#phase,
      this.#strokes,
      this.#cardSupply,
      this.#cardIntakePa,
      this.#fullIntakePa,
      this.#fullRateM3s,
      this.#inflowM3s,
      this.#productionM3s,
      this.#position,
      this.#load,
      this.#rawLoad,
      this.#power,
      this.#intakePa,
      this.#solves,
      this.#cardVersion,
    ] = s.scalars;
    this.#pumping = s.pumping;
    const spmKept = this.#cfg.spm === s.configuredSpm;
    if (spmKept) this.#spm = s.spm;
    this.#dirty = s.dirty || !spmKept;
  }

  #faultsChanged(): void {
    this.#faultText = this.#faults.size === 0 ? "none" : [...this.#faults.keys()].join(",");
    faultEffects(this.#faults, this.#effects);
    this.#dirty = true;
  }

  /** Fraction of the pump's full-supply rate that `rateM3s` of available liquid covers. */
  #supplyFillage(rateM3s: number): number {
    return this.#fullRateM3s > 0 ? Math.min(1, rateM3s / this.#fullRateM3s) : 1;
  }

  /** Whether the cached card no longer fits: new speed or faults, intake pressure or supply moved. */
  #cardStale(availableM3s: number): boolean {
    if (this.#dirty) return true;
    if (this.#movedFrom(this.#cardIntakePa)) return true;
    return Math.abs(this.#supplyFillage(availableM3s) - this.#cardSupply) > FILL_TRIGGER;
  }

  /** Intake pressure has moved materially from `intakePa` (parted rods pump nothing: never). */
  #movedFrom(intakePa: number): boolean {
    if (this.#effects.partedAt !== Infinity) return false;
    const dp = this.#inputs.dischargePa - ATMOSPHERE_PA - intakePa;
    return Math.abs(this.#intakePa - intakePa) > PRESSURE_TRIGGER * Math.max(dp, 1e5);
  }

  /**
   * Bring the card up to date. The pump's full-supply rate comes only from
   * a card with unlimited supply (recomputed when speed, faults or intake
   * pressure change); a supply-limited card is then drawn for display at
   * the fillage that rate implies. Estimating the rate from a limited card
   * instead would feed back into the fillage and never settle.
   */
  #refresh(availableM3s: number): void {
    if (this.#dirty || this.#movedFrom(this.#fullIntakePa)) {
      this.#solveCard(1);
      this.#fullRateM3s = (this.#card.liquidPerStrokeM3 * this.#spm) / 60;
      this.#fullIntakePa = this.#intakePa;
    }
    const supply = this.#supplyFillage(availableM3s);
    if (Math.abs(supply - this.#cardSupply) > FILL_TRIGGER) this.#solveCard(supply);
    this.#dirty = false;
  }

  /** Solve the card at the current intake pressure with the intake supplying `supply` of the pump's need. */
  #solveCard(supply: number): void {
    const inp = this.#inputs, fx = this.#effects, cfg = this.#cfg;
    // Mean upstroke plunger displacement rate: leak rates are expressed against it.
    const upRate = (this.#plungerArea * cfg.strokeLengthM * this.#spm) / 30;
    inp.spm = this.#spm;
    const pd = this.#dischargePa(), pi = this.#intakePa + ATMOSPHERE_PA;
    // A flowing well lifts the intake toward the discharge; a tubing hole lowers what the plunger lifts against.
    inp.intakePa = pi + fx.flowing * Math.max(0, pd - pi);
    inp.dischargePa = inp.intakePa + (1 - fx.tubingLeak) * Math.max(0, pd - inp.intakePa);
    inp.dampingPerS = this.#dampingPerS * fx.dampingFactor;
    inp.topHitM = fx.topHitM;
    // Drag as a share of the fluid load at the mean plunger speed 2·S·N/60.
    const meanSpeed = (2 * cfg.strokeLengthM * this.#spm) / 60;
    inp.plungerDragNsM = (fx.plungerDrag * this.#plungerArea * Math.max(0, pd - pi)) / meanSpeed;
    inp.gasFraction = fx.gasFraction;
    inp.travellingLeakM3s = fx.travellingLeak * upRate;
    inp.standingLeakM3s = fx.standingLeak * upRate;
    inp.fillFraction = supply >= 1 ? fx.fillFraction : Math.max(0.02, supply) * fx.fillFraction;
    inp.tagHeightM = fx.tagHeightM;
    inp.partedDepthM = fx.partedAt * this.#pumpDepth;
    this.#solveInto(inp);
    this.#cardSupply = supply;
    this.#cardIntakePa = this.#intakePa;
  }

  /**
   * Solve `inp` into the well's card, or copy the runtime's earlier solve of
   * the very same inputs. Only cards other wells may ask for are stored
   * (see {@linkcode #shareable}): a spread well's other cards hold its own
   * reservoir, and storing them would only churn the cache and the heap.
   */
  #solveInto(inp: CardInputs): void {
    this.#cardVersion++;
    const cards = this.#cards;
    if (!cards) {
      this.#solver.solve(inp, this.#card);
      this.#solves++;
      return;
    }
    const key = cardKey(this.#solverKey, inp);
    const known = cards.get(key);
    if (known) {
      this.#card.copyFrom(known);
      return;
    }
    this.#solver.solve(inp, this.#card);
    this.#solves++;
    if (!this.#shareable()) return;
    const kept = new DynamometerCard(this.#card.points);
    kept.copyFrom(this.#card);
    cards.set(key, kept);
  }

  /**
   * Whether other wells may ask for the card just solved: any card of a
   * well without a spread, and of a spread well the cards at a level pinned
   * to the surface or the pump (a pumped-off well's intake no longer holds
   * its own reservoir).
   */
  #shareable(): boolean {
    if (!((this.#cfg.spread ?? 0) > 0)) return true;
    return this.#level <= 0 || this.#level >= this.#pumpDepth;
  }

  /** Position and load at the current phase of the cached stroke. */
  #replay(): void {
    const c = this.#card, n = c.points;
    const x = this.#phase * n;
    const j = Math.floor(x) % n, k = (j + 1) % n, r = x - Math.floor(x);
    this.#position = c.surfacePosition[j] + r * (c.surfacePosition[k] - c.surfacePosition[j]);
    this.#rawLoad = c.surfaceLoad[j] + r * (c.surfaceLoad[k] - c.surfaceLoad[j]);
  }

  /** Polished-rod load of a stopped unit: rods plus the fluid column the travelling valve holds. */
  #staticLoad(): number {
    if (this.#effects.partedAt !== Infinity) {
      return buoyantWeightAbove(
        this.#cfg.rods,
        this.#cfg.fluidDensityKgM3,
        this.#effects.partedAt * this.#pumpDepth,
      );
    }
    const dp = this.#inputs.dischargePa - ATMOSPHERE_PA - this.#intakePa;
    return this.#rodWeight + this.#plungerArea * Math.max(0, dp);
  }

  /** Tubing pressure above the plunger, Pa absolute. */
  #dischargePa(): number {
    return this.#cfg.tubingHeadPressurePa + this.#rhoG * this.#pumpDepth + ATMOSPHERE_PA;
  }

  /** Pump intake pressure at the current level, Pa gauge. */
  #intakeGaugePa(): number {
    return this.#cfg.casingPressurePa + this.#rhoG * Math.max(0, this.#pumpDepth - this.#level);
  }

  /**
   * The level at which inflow equals what the pump takes, or the pump
   * intake if the reservoir cannot keep up (a pumped-off well). The pump's
   * full-supply rate comes first from the static plunger stroke (a few
   * fixed-point steps, since the rate depends on the level through the
   * fluid load); the card is then solved once, at full supply, at the level
   * that gives, and the level moved to where the reservoir delivers that
   * card's rate. The card stays the well's while the move keeps the intake
   * pressure within what makes a running well solve anew (the constructor's
   * refresh decides), so inflow matches production from the first step.
   */
  #equilibriumLevel(): number {
    let level = this.#pumpDepth / 2;
    for (let i = 0; i < 4; i++) level = this.#levelFor(this.#staticRateM3s(level));
    this.#level = level;
    this.#intakePa = this.#intakeGaugePa();
    this.#dirty = true;
    this.#refresh(Infinity);
    return this.#levelFor(this.#fullRateM3s);
  }

  /** Full-supply rate of the healthy pump with the fluid at `level`, from the static plunger stroke, m³/s. */
  #staticRateM3s(level: number): number {
    const cfg = this.#cfg;
    const intakePa = cfg.casingPressurePa + this.#rhoG * Math.max(0, this.#pumpDepth - level) +
      ATMOSPHERE_PA;
    const fluidLoad = this.#plungerArea * Math.max(0, this.#dischargePa() - intakePa);
    const stroke = staticPlungerStroke(cfg.rods, cfg.strokeLengthM, this.#spm, fluidLoad);
    return (this.#plungerArea * stroke * this.#spm) / 60;
  }

  /** The level at which the reservoir delivers `rateM3s` (Vogel), within surface and pump. */
  #levelFor(rateM3s: number): number {
    const cfg = this.#cfg;
    const pwf = vogelPwf(rateM3s * DAY_S, cfg.reservoirPressurePa, cfg.maxRateM3d);
    const level = this.#perfDepth - (pwf - cfg.casingPressurePa) / this.#rhoG;
    return Math.min(this.#pumpDepth, Math.max(0, level));
  }
}
