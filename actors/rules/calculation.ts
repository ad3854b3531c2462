/**
 * One calculated point compiled: its expression parsed, its references
 * resolved to concrete twins, its units checked with mathjs at load, and a
 * plain-number evaluator that runs on SI values on the hot path.
 *
 * @module
 */
import { math } from "./mathjs_instance.ts";
import type { PointValues } from "../../simulators/simulator.ts";
import type { PointType, Quality } from "../../twins/point.ts";
import {
  compileExpression,
  emitExpression,
  type Evaluator,
  ExpressionError,
  HELPERS,
  helpers,
  type ParsedExpression,
  parseExpression,
  type Reference,
} from "./expression.ts";
import { type UnitScale, unitScale } from "./point_units.ts";
import { familyLine } from "../../twins/source_family.ts";

/** A calculated point as the plant declares it, for one twin. */
export interface CalculationSpec {
  /** Twin the point is added to. */
  twin: string;
  /** Point name. */
  point: string;
  /** mathjs expression. */
  expr: string;
  /** Declared engineering unit of the result. */
  unit: string;
}

/** A reference resolved to a twin, with the SI factor of its unit. */
export interface ResolvedReference extends Reference {
  /** The twin read (the point's own twin for bare names). */
  readonly twin: string;
  /** SI value of one unit of the point (1 for plain numbers and modes). */
  readonly factor: number;
}

/** What a calculation reads of a twin and writes into its own (a runtime `Twin` is one). */
export interface CalculationTwin {
  /** Latest values. */
  readonly values: PointValues;
  /** Quality of points that are not good. */
  readonly quality: Record<string, Quality>;
  /** Source times of points sampled one by one. */
  readonly times: Record<string, number>;
  /** Time of the latest full sample, for points not in `times`. */
  readonly sampleTs: number;
  /** Current mode. */
  readonly mode: string;
}

/**
 * Evaluate the point from `sources` (one twin per reference, by slot) into
 * `twin.values`, `twin.quality` and `twin.times` (the newest time of its
 * inputs). Returns the worst input quality (0 good, 1 uncertain, 2 bad, also
 * for a result that is not a finite number) plus {@linkcode CHANGED} when
 * value, quality or time changed, or 3 when an input has no value (nothing
 * written).
 *
 * `last[at]` and `last[at + 1]` are the caller's memory of the numeric value
 * and the time this point last wrote into `twin` (NaN: none; set both to NaN
 * for a new twin): a new value is compared with them, not read back from the
 * twin, because reading a number out of a field that has just been stored
 * to or that some twins lack yet makes V8 copy it into a new heap number
 * (two a point and step, 40 % of the demo plant's garbage).
 */
export type CalculationStep = (
  twin: CalculationTwin,
  sources: readonly CalculationTwin[],
  last: Float64Array,
  at: number,
) => number;

/** Flag in a {@linkcode CalculationStep} result: the point's value, quality or time changed. */
export const CHANGED = 4;

/** A compiled calculated point. */
export interface Calculation {
  /** What was declared. */
  readonly spec: CalculationSpec;
  /** Type of its values, from the trial evaluation at load. */
  readonly type: PointType;
  /** What it reads, by slot. */
  readonly refs: readonly ResolvedReference[];
  /** Evaluate on SI numbers in slot order; the result is in SI. */
  readonly evaluate: Evaluator;
  /** SI value of one declared unit; divide a numeric result by it. */
  readonly resultFactor: number;
  /** The whole evaluation as one generated function (the hot path). */
  readonly step: CalculationStep;
}

/** Unit of `point` on `twin`, or undefined when there is no such point. */
export type PointUnitLookup = (twin: string, point: string) => string | undefined;

/**
 * Compile `spec`; throws {@linkcode ExpressionError} for a bad expression, an
 * unknown twin or point, or a result whose unit does not convert to the
 * declared one.
 */
export function compileCalculation(
  spec: CalculationSpec,
  unitOf: PointUnitLookup,
  hasTwin: (id: string) => boolean,
  cache?: CompileCache,
  family = "",
): Calculation {
  const isPoint = (name: string) => unitOf(spec.twin, name) !== undefined;
  const shared = cache ? cache.parse(spec.expr, isPoint) : undefined;
  const parsed = shared ? shared.parsed : parseExpression(spec.expr, { units: true, isPoint });
  const scales: UnitScale[] = [];
  const refs = parsed.refs.map((r): ResolvedReference => {
    const twin = r.twin ?? spec.twin;
    if (!hasTwin(twin)) {
      throw new ExpressionError(`"${spec.expr}" refers to unknown twin "${twin}"`);
    }
    if (r.mode) {
      scales.push({ unit: undefined, factor: 1 });
      return { twin, point: r.point, mode: r.mode, factor: 1 };
    }
    const unit = unitOf(twin, r.point);
    if (unit === undefined) {
      throw new ExpressionError(`"${spec.expr}" refers to unknown point "${r.point}" of "${twin}"`);
    }
    const scale = unitScale(unit);
    scales.push(scale);
    // Fields listed, not spread: a spread object keeps them in a property
    // array beside it (136,000 calculated points at 100k twins).
    return { twin, point: r.point, mode: r.mode, factor: scale.factor };
  });
  const declared = unitScale(spec.unit);
  const evaluate = shared
    ? shared.evaluate ??= compileExpression(parsed)
    : compileExpression(parsed);

  // Two trial evaluations: mathjs with units decides the result's dimension
  // and value; the SI-number evaluator must agree with it, or the
  // expression uses units in a way plain numbers cannot follow. The verdict
  // depends only on the text and the units, so a kind-wide point is checked
  // once, not once per twin.
  const verdictKey = `${spec.expr}\u0000${spec.unit}\u0000${
    scales.map((x) => x.unit ?? "").join("\u0000")
  }`;
  let type = verified.get(verdictKey);
  for (const trial of type !== undefined ? [] : [0, 1]) {
    const scope = new Map<string, unknown>();
    const slots: unknown[] = [];
    refs.forEach((r, i) => {
      const v = 1.3 + 0.71 * i + 2.9 * trial;
      const scale = scales[i];
      if (r.mode) {
        scope.set(`__r${i}`, "running");
        slots.push("running");
      } else {
        scope.set(`__r${i}`, scale.unit ? math.unit(v, scale.unit) : v);
        slots.push(v * scale.factor);
      }
    });
    let result: unknown;
    try {
      result = unitTrial(parsed).evaluate(scope);
    } catch (e) {
      throw new ExpressionError(
        `cannot check the units of "${spec.expr}": ${(e as Error).message}`,
      );
    }
    type = typeof result === "boolean" ? "boolean" : "number";
    const expected = inDeclaredUnit(result, declared, spec);
    let fast: unknown;
    try {
      fast = evaluate(slots);
    } catch (e) {
      throw new ExpressionError(`"${spec.expr}" cannot be evaluated: ${(e as Error).message}`);
    }
    const got = typeof fast === "number" ? fast / declared.factor : Number(fast);
    const tol = 1e-9 * Math.max(1, Math.abs(expected));
    if (!(Math.abs(got - expected) <= tol) && !(Number.isNaN(got) && Number.isNaN(expected))) {
      throw new ExpressionError(
        `"${spec.expr}" uses units in a way plain numbers cannot follow ` +
          `(with units ${expected}, on numbers ${got}); write it without unit conversions`,
      );
    }
  }
  verified.set(verdictKey, type!);
  return {
    spec,
    type: type!,
    refs,
    evaluate,
    resultFactor: declared.factor,
    step: shared
      ? sharedStep(shared, parsed, refs, spec.point, declared.factor, family)
      : compileStep(parsed, refs, spec.point, declared.factor, family),
  };
}

/** One parse of an expression, valid for every twin whose names answer `probes` alike. */
interface SharedParse {
  /** Names the parse asked about, with whether each was a point of the twin. */
  readonly probes: readonly (readonly [string, boolean])[];
  readonly parsed: ParsedExpression;
  evaluate?: Evaluator;
  /** Step functions by point name and SI factors (the rest of the code follows from the parse). */
  readonly steps: Map<string, CalculationStep>;
}

/** Most parses kept per expression text (twins of different kinds may read one text differently). */
const PARSES_PER_TEXT = 8;

/**
 * What compiling many calculated points can share: an expression declared
 * for a whole kind is parsed and compiled once, not once per twin. A parse
 * depends only on the text and on which of its names are points of the
 * twin, so it is reused exactly when every name it asked about answers the
 * same for the next twin. Make one per validation or per set of points, so
 * nothing is shared between plants.
 */
export class CompileCache {
  readonly #parses = new Map<string, SharedParse[]>();

  /** The parse of `expr` for a twin whose points `isPoint` tells; throws {@linkcode ExpressionError}. */
  parse(expr: string, isPoint: (name: string) => boolean): SharedParse {
    const known = this.#parses.get(expr) ?? [];
    for (const p of known) {
      if (p.probes.every(([name, answer]) => isPoint(name) === answer)) return p;
    }
    const probes: [string, boolean][] = [];
    const parsed = parseExpression(expr, {
      units: true,
      isPoint: (name) => {
        const answer = isPoint(name);
        probes.push([name, answer]);
        return answer;
      },
    });
    const shared: SharedParse = { probes, parsed, steps: new Map() };
    if (known.length >= PARSES_PER_TEXT) known.shift();
    known.push(shared);
    this.#parses.set(expr, known);
    return shared;
  }
}

/** The step of `shared` for `point` with these SI factors and twins of `family`, made once. */
function sharedStep(
  shared: SharedParse,
  parsed: ParsedExpression,
  refs: readonly ResolvedReference[],
  point: string,
  resultFactor: number,
  family: string,
): CalculationStep {
  const key = `${family}\u0000${point}\u0000${resultFactor}\u0000${
    refs.map((r) => r.factor).join("\u0000")
  }`;
  let step = shared.steps.get(key);
  if (!step) {
    step = compileStep(parsed, refs, point, resultFactor, family);
    shared.steps.set(key, step);
  }
  return step;
}

const steps = new Map<string, CalculationStep>();
/** Verdicts of the unit check, with the result type, by expression text and units. */
const verified = new Map<string, PointType>();

/**
 * Reading the inputs, scaling them to SI, evaluating and writing the result
 * in one generated function, shared by the same point of every twin of a
 * kind: point names fixed in the code keep lookups monomorphic, and inputs
 * stay in local variables instead of being boxed into an array. Point names
 * are quoted with JSON.stringify; nothing else of the plant reaches the code.
 * Twins of different source families get functions of their own
 * (twins/source_family.ts).
 */
function compileStep(
  parsed: ParsedExpression,
  refs: readonly ResolvedReference[],
  point: string,
  resultFactor: number,
  family: string,
): CalculationStep {
  const lines: string[] = [];
  const numeric: string[] = [], scaled: string[] = [], general: string[] = [];
  refs.forEach((r, i) => {
    if (r.mode) {
      lines.push(`const s${i} = src[${i}].mode;`);
      return;
    }
    const k = JSON.stringify(r.point);
    lines.push(
      `const v${i} = src[${i}].values[${k}]; if (v${i} === undefined) return 3;`,
      `q = src[${i}].quality[${k}]; if (q !== undefined) { if (q === "bad") w = 2; else if (w === 0) w = 1; }`,
      `t = src[${i}].times[${k}]; if (t === undefined) t = src[${i}].sampleTs; if (t > tm) tm = t;`,
    );
    numeric.push(`typeof v${i} === "number"`);
    scaled.push(`const s${i} = v${i} * ${r.factor};`);
    general.push(`const s${i} = typeof v${i} === "number" ? v${i} * ${r.factor} : v${i};`);
  });
  const expr = emitExpression(parsed, (i) => `s${i}`);
  const p = JSON.stringify(point);
  // Named so that profiles tell the points apart; only identifier characters reach the name.
  const name = `calculated_${point.replace(/[^A-Za-z0-9_]/g, "_")}`;
  // The write-back, once in each branch: a result that may be anything
  // would hold a numeric one in a new heap number.
  const write = `const tv = twin.values, tq = twin.quality;
    if (typeof out === "number") {
      const r = out / ${resultFactor};
      if (r - r !== 0) w = 2;
      if (last[at] !== r) { tv[${p}] = r; last[at] = r; changed = true; }
    } else if (typeof out === "boolean" || typeof out === "string") {
      if (tv[${p}] !== out) { tv[${p}] = out; changed = true; }
      last[at] = NaN;
    } else w = 2;
    const qb = tq[${p}];
    if (w !== 0) {
      const qn = w === 2 ? "bad" : "uncertain";
      if (qb !== qn) { tq[${p}] = qn; changed = true; }
    } else if (qb !== undefined) { delete tq[${p}]; changed = true; }
    if (last[at + 1] !== tm) { twin.times[${p}] = tm; last[at + 1] = tm; changed = true; }
    return changed ? w | ${CHANGED} : w;`;
  // Inputs that all hold numbers (the usual case) are scaled as plain doubles.
  const evaluate = numeric.length === 0
    ? `const out = ${expr.source};\n    ${write}`
    : `if (${numeric.join(" && ")}) {
    ${scaled.join("\n    ")}
    const out = ${expr.source};
    ${write}
  }
  ${general.join("\n  ")}
  const out = ${expr.source};
  ${write}`;
  const body = `"use strict"; return function ${name}(twin, src, last, at) {
  ${familyLine(family)}
  let w = 0, q, t, tm = 0, changed = false;
  ${lines.join("\n  ")}
  ${evaluate}
};`;
  // Generic mathjs calls are bound per expression, so only call-free code is shared.
  const key = expr.calls.length === 0 ? body : undefined;
  let step = key === undefined ? undefined : steps.get(key);
  if (!step) {
    step = new Function(...HELPERS, body)(...helpers(expr.calls)) as CalculationStep;
    if (key !== undefined) steps.set(key, step);
  }
  return step;
}

/**
 * The expression compiled for the unit check, with `==` and `!=` comparing
 * strings as the hot path does (a mode, a state point against a text):
 * mathjs's own `equal` reads both sides as numbers and refused them.
 */
function unitTrial(parsed: ParsedExpression): { evaluate(scope: Map<string, unknown>): unknown } {
  const node = parsed.node.transform((n) => {
    const op = n as unknown as { type: string; fn?: string; args?: unknown[] };
    if (op.type !== "OperatorNode" || (op.fn !== "equal" && op.fn !== "unequal")) return n;
    const fn = op.fn === "equal" ? "__equal" : "__unequal";
    return new math.FunctionNode(new math.SymbolNode(fn), op.args as never);
  });
  const compiled = node.compile();
  return {
    evaluate(scope) {
      scope.set("__equal", textEqual);
      scope.set("__unequal", (a: unknown, b: unknown) => !textEqual(a, b));
      return compiled.evaluate(scope);
    },
  };
}

/** `==` for the unit check: strings by their text, anything else as mathjs compares it. */
function textEqual(a: unknown, b: unknown): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return math.equal(a as number, b as number) as boolean;
}

function inDeclaredUnit(result: unknown, declared: UnitScale, spec: CalculationSpec): number {
  const where = `"${spec.expr}"`;
  if (math.isUnit(result)) {
    const u = result as unknown as {
      dimensions: number[];
      value: number;
      equalBase(o: unknown): boolean;
      toNumber(unit: string): number;
      formatUnits(): string;
    };
    const dimensionless = u.dimensions.every((d) => d === 0);
    if (declared.unit === undefined) {
      if (dimensionless) return u.value;
      throw new ExpressionError(
        `${where} yields ${u.formatUnits()}, which does not convert to the declared unit "${spec.unit}"`,
      );
    }
    if (!u.equalBase(math.unit(declared.unit))) {
      throw new ExpressionError(
        `${where} yields ${u.formatUnits()}, which does not convert to the declared unit "${spec.unit}"`,
      );
    }
    return u.toNumber(declared.unit);
  }
  if (typeof result === "number" || typeof result === "boolean") {
    if (declared.unit !== undefined) {
      throw new ExpressionError(
        `${where} yields a plain number, which does not convert to the declared unit "${spec.unit}"`,
      );
    }
    return Number(result);
  }
  throw new ExpressionError(`${where} yields ${typeof result}, expected a number or a boolean`);
}
