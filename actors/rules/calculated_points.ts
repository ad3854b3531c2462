/**
 * Calculated points at run time: after every runtime step each one is
 * evaluated in dependency order on SI numbers, written into its twin's
 * values with the worst quality of its inputs and the newest of their
 * times, and declared among the twin's extra points so it shows like any
 * other point. A calculated value is not a sample of its twin: it never
 * refreshes the time of the twin's own points.
 *
 * @module
 */
import type { Clock } from "../../runtime/clock.ts";
import type { Twin } from "../../twins/twin.ts";
import type { TwinSetChange } from "../../runtime/runtime.ts";
import { type Calculation, CHANGED, CompileCache, compileCalculation } from "./calculation.ts";
import type { CalculatedConfig, CalculatedPointSpec } from "./calculated_section.ts";
import { dependencyOrder } from "./dependency_order.ts";
import { sourceFamily } from "../../twins/source_family.ts";
import { FUSED_CHANGED, type FusedStep, fuseSteps, localPoints } from "./local_calculations.ts";

/** What calculated points need from the runtime. */
export interface CalculationHost {
  /** Every twin by id. */
  readonly twins: ReadonlyMap<string, Twin>;
  /** The runtime clock. */
  readonly clock: Clock;
}

interface Compiled {
  calc: Calculation;
  description: string;
  declaredOn: Twin | undefined;
  /** The twin of the point, as last looked up. */
  twin: Twin | undefined;
  /** The twin of each reference, as last looked up. */
  sources: (Twin | undefined)[];
  /** Where its last value and time are in `#last`. */
  at: number;
}

/** A twin's calculated points that read only the twin and are read by no other twin (local_calculations.ts). */
interface LocalGroup {
  readonly twinId: string;
  /** Its points, in dependency order. */
  readonly calcs: Compiled[];
  readonly fused: FusedStep;
  /** The twin, as last looked up. */
  twin: Twin | undefined;
  /** The twin object the points were declared on and their sources point to. */
  declaredOn: Twin | undefined;
}

/** Options for {@linkcode CalculatedPoints}. */
export interface CalculatedPointsOptions {
  /**
   * Evaluate a twin's local points in one generated call (default true);
   * false evaluates every point on its own, the reference the fused calls
   * are tested against.
   */
  fuse?: boolean;
}

/** Evaluates a plant's calculated points. */
export class CalculatedPoints {
  readonly #host: CalculationHost;
  readonly #config: CalculatedConfig;
  #calcs: Compiled[];
  /** What `step` runs, in dependency order: points on their own and twins' local groups. */
  #plan: (Compiled | LocalGroup)[] = [];
  readonly #fuse: boolean;
  /** Declared unit of every calculated point, by twin and point. */
  readonly #units = new Map<string, Map<string, string>>();
  readonly #changed = new Set<Twin>();
  /** Each point's last value and time written (see {@linkcode CalculationStep}), two slots a point. */
  #last = new Float64Array(0);
  #slots = 0;
  /** Parses shared by the twins of a kind, here and when twins are added later. */
  readonly #compiled = new CompileCache();
  /** Evaluations done (for metrics and tests). */
  evaluations = 0;

  /** Compile every point of `config` (already validated, in dependency order). */
  constructor(host: CalculationHost, config: CalculatedConfig, opts: CalculatedPointsOptions = {}) {
    this.#host = host;
    this.#config = config;
    this.#fuse = opts.fuse ?? true;
    for (const p of config.points) this.#setUnit(p.twin, p.point, p.unit);
    this.#calcs = config.points.map((spec) => this.#compile(spec));
    for (const c of this.#calcs) this.#declare(c);
    this.#replan();
  }

  /** Group each twin's local points (see local_calculations.ts), in dependency order. */
  #replan(): void {
    const calcs = this.#calcs;
    const local = this.#fuse ? localPoints(calcs.map((c) => c.calc)) : new Set<number>();
    const byTwin = new Map<string, Compiled[]>();
    calcs.forEach((c, i) => {
      if (!local.has(i)) return;
      const id = c.calc.spec.twin;
      const mine = byTwin.get(id);
      if (mine) mine.push(c);
      else byTwin.set(id, [c]);
    });
    const plan: (Compiled | LocalGroup)[] = [];
    const placed = new Set<string>();
    calcs.forEach((c, i) => {
      if (!local.has(i)) return void plan.push(c);
      const id = c.calc.spec.twin;
      if (placed.has(id)) return;
      placed.add(id);
      const group = byTwin.get(id)!;
      plan.push({
        twinId: id,
        calcs: group,
        fused: fuseSteps(
          group.map((g) => g.calc.step),
          group.map((g) => g.calc.spec.point),
          sourceFamily(this.#host.twins.get(id)),
        ),
        twin: undefined,
        declaredOn: undefined,
      });
    });
    this.#plan = plan;
  }

  /**
   * Follow a change of the plant's twins: the calculated points of removed
   * twins go, and added twins get the points declared for their kind.
   */
  twinsChanged(change: TwinSetChange): void {
    const removed = new Set(change.removed);
    if (removed.size > 0) {
      this.#calcs = this.#calcs.filter((c) => !removed.has(c.calc.spec.twin));
      for (const id of removed) this.#units.delete(id);
      this.#replan();
    }
    const specs: CalculatedPointSpec[] = [];
    for (const id of change.added) {
      const twin = this.#host.twins.get(id);
      if (!twin) continue;
      for (const rule of this.#config.byKind ?? []) {
        if (rule.kind !== twin.def.kind) continue;
        specs.push({ ...rule, twin: id });
        this.#setUnit(id, rule.point, rule.unit);
      }
    }
    if (specs.length === 0) return;
    const compiled = new Map(specs.map((s) => [`${s.twin}.${s.point}`, this.#compile(s)]));
    // The same expressions passed validation for other twins of the kind,
    // so an order exists; within the new twins, readers follow what they read.
    const order = dependencyOrder(
      [...compiled.keys()],
      (n) => compiled.get(n)!.calc.refs.map((r) => `${r.twin}.${r.point}`),
    ).order ?? [...compiled.keys()];
    for (const n of order) {
      const c = compiled.get(n)!;
      this.#declare(c);
      this.#calcs.push(c);
    }
    this.#replan();
  }

  /** Unit of a twin's point: the kind's, then a calculated point's. */
  readonly #unitOf = (twin: string, point: string): string | undefined => {
    const t = this.#host.twins.get(twin);
    if (!t) return undefined;
    return t.def.points[point]?.unit ?? this.#units.get(twin)?.get(point);
  };

  readonly #hasTwin = (id: string): boolean => this.#host.twins.has(id);

  // By twin then point: a key made of both would be a new string to hash on
  // every lookup (136,000 points at 100k twins, each looked up per reference).
  #setUnit(twin: string, point: string, unit: string): void {
    let units = this.#units.get(twin);
    if (units === undefined) this.#units.set(twin, units = new Map());
    units.set(point, unit);
  }

  #compile(spec: CalculatedPointSpec): Compiled {
    const family = sourceFamily(this.#host.twins.get(spec.twin));
    const calc = compileCalculation(spec, this.#unitOf, this.#hasTwin, this.#compiled, family);
    const at = 2 * this.#slots++;
    if (at + 2 > this.#last.length) {
      const bigger = new Float64Array(Math.max(64, 2 * this.#last.length, at + 2)).fill(NaN);
      bigger.set(this.#last);
      this.#last = bigger;
    }
    return {
      calc,
      description: spec.description,
      declaredOn: undefined,
      twin: undefined,
      sources: new Array<Twin | undefined>(calc.refs.length).fill(undefined),
      at,
    };
  }

  /** Number of calculated points. */
  get size(): number {
    return this.#calcs.length;
  }

  /** Evaluate every point once, then tell each twin whose calculated points changed. */
  step(now: number): void {
    const twins = this.#host.twins;
    for (const c of this.#plan) {
      if ("fused" in c) {
        this.#stepGroup(c, now);
        continue;
      }
      const { calc, sources } = c;
      let twin = c.twin;
      // A twin removed and added again (a child a reconfiguration dropped and
      // a later one restored) is a new object, and the old one stops
      // running: look a twin up again only then.
      if (twin === undefined || !twin.running) {
        twin = c.twin = twins.get(calc.spec.twin);
        if (!twin || !twin.running) continue;
      }
      if (c.declaredOn !== twin) this.#declare(c);
      let missing = false;
      const refs = calc.refs;
      for (let i = 0; i < refs.length; i++) {
        const src = sources[i];
        if (src === undefined || !src.running) {
          const r = refs[i];
          const found = r.twin === twin.id ? twin : twins.get(r.twin);
          sources[i] = found;
          if (!found) missing = true;
        }
      }
      const result = missing ? 3 : calc.step(twin, sources as Twin[], this.#last, c.at);
      if (result === 3) {
        if (twin.quality[calc.spec.point] !== "bad") {
          twin.quality[calc.spec.point] = "bad";
          if (twin.ts !== now) this.#changed.add(twin);
        }
        continue;
      }
      this.evaluations++;
      if ((result & CHANGED) !== 0 && twin.ts !== now) this.#changed.add(twin);
    }
    // A twin sampled in this step has already told its listeners, who act
    // at the end of the step (alarms) or later (the stream); a twin that was
    // not sampled (fed by a driver, or stopped peers) is told here, and only
    // when a calculated value actually changed.
    for (const twin of this.#changed) twin.touch();
    this.#changed.clear();
  }

  /** Evaluate a twin's local group by its one call. */
  #stepGroup(g: LocalGroup, now: number): void {
    let twin = g.twin;
    if (twin === undefined || !twin.running) {
      twin = g.twin = this.#host.twins.get(g.twinId);
      if (!twin || !twin.running) return;
    }
    if (g.declaredOn !== twin) {
      for (const c of g.calcs) {
        this.#declare(c);
        c.sources.fill(twin);
      }
      g.declaredOn = twin;
    }
    const result = g.fused(twin, g.calcs, this.#last);
    this.evaluations += result & (FUSED_CHANGED - 1);
    if ((result & FUSED_CHANGED) !== 0 && twin.ts !== now) this.#changed.add(twin);
  }

  /** Evaluate after every runtime step and follow its twin set; returns a function that stops it. */
  attach(runtime: {
    onStep(listener: (now: number) => void): () => void;
    onTwinsChanged?(listener: (change: TwinSetChange) => void): () => void;
  }): () => void {
    const stopStep = runtime.onStep((now) => this.step(now));
    const stopSet = runtime.onTwinsChanged?.((change) => this.twinsChanged(change));
    return () => {
      stopStep();
      stopSet?.();
    };
  }

  /** Show the point among the twin's points (again after the twin was rebuilt). */
  #declare(c: Compiled): void {
    const twin = this.#host.twins.get(c.calc.spec.twin);
    if (!twin) return;
    twin.addPoints({
      [c.calc.spec.point]: {
        unit: c.calc.spec.unit,
        type: c.calc.type,
        description: c.description || `calculated: ${c.calc.spec.expr}`,
      },
    });
    c.declaredOn = twin;
    // A new twin object has none of the point's values yet: write the next one whatever it is.
    this.#last[c.at] = this.#last[c.at + 1] = NaN;
  }
}
