/**
 * Point expressions: mathjs syntax, parsed once at load, references resolved
 * to slots, and compiled to one plain JavaScript function. mathjs' own
 * `compile()` costs 0.45 µs for `x > 3` and 2.3 µs for `x > 3 and y < 2`
 * (measured), too slow for every sample of every twin; a generated function
 * costs a few nanoseconds, and mathjs still does the parsing, the functions
 * beyond the common ones, and the unit analysis of calculated points.
 *
 * References: a bare name is a point of the expression's own twin
 * (`supply_temp`); `p("site-001", "supply_temp")` is a point of another twin
 * (ids may hold `-` and `.`, which mathjs would read as operators);
 * `mode()` and `mode("pump-1")` are a twin's mode. `==` and `!=` compare
 * strings too (`status == "tripped"`), which mathjs itself refuses.
 *
 * Only the numeric functions in {@linkcode FUNCTIONS} may be called: the
 * rest of mathjs evaluates or rewrites expressions (`evaluate`, `parse`,
 * `compile`, `simplify`, `derivative`), changes the shared instance
 * (`import`, `config`, `createUnit`), chains, takes callbacks, draws random
 * numbers or builds structures of any size (`zeros`, `range`), none of which
 * belongs in a point evaluated every step.
 *
 * @module
 */
import type { MathNode } from "mathjs";
import { math } from "./mathjs_instance.ts";
import { unitAlias, unitSymbol } from "./point_units.ts";

/** A value an expression reads. */
export interface Reference {
  /** Twin id, or undefined for the expression's own twin. */
  readonly twin: string | undefined;
  /** Point name; empty for a mode reference. */
  readonly point: string;
  /** Whether this is the twin's mode rather than a point. */
  readonly mode: boolean;
}

/** What names mean where an expression is used. */
export interface ExpressionScope {
  /** Whether `name` is a point of the expression's own twin. */
  isPoint(name: string): boolean;
  /** Allow unit symbols such as `kW` (calculated points); alarm expressions compare plain values. */
  readonly units: boolean;
}

/** An expression refused at load; `position` is the 1-based character it points at. */
export class ExpressionError extends Error {
  /** 1-based character of the problem in the expression, when known. */
  readonly position: number | undefined;

  /** Build the error. */
  constructor(message: string, position?: number) {
    super(message);
    this.name = "ExpressionError";
    this.position = position;
  }
}

/** A parsed expression whose references are slots `__r0`, `__r1`, ... */
export interface ParsedExpression {
  /** The text as written. */
  readonly source: string;
  /** mathjs tree with references replaced by slot symbols. */
  readonly node: MathNode;
  /** References, by slot index. */
  readonly refs: readonly Reference[];
}

/** A compiled expression: reads its references from `slots` by index. */
export type Evaluator = (slots: readonly unknown[]) => unknown;

const CONSTANTS: Record<string, unknown> = {
  true: true,
  false: false,
  pi: Math.PI,
  e: Math.E,
  tau: 2 * Math.PI,
  Infinity: Infinity,
  NaN: NaN,
};

const SLOT = /^__r(\d+)$/;

/** The mathjs functions expressions may call: cheap, deterministic functions of a few numbers. */
export const FUNCTIONS: ReadonlySet<string> = new Set(
  [
    "abs sign round floor ceil fix mod gcd lcm sqrt cbrt nthRoot square cube pow exp expm1",
    "log log10 log2 log1p hypot erf sin cos tan sec csc cot asin acos atan atan2 acot asec",
    "acsc sinh cosh tanh sech csch coth asinh acosh atanh acoth asech acsch min max sum prod",
    "mean median std variance mad add subtract multiply divide unaryMinus unaryPlus equal",
    "unequal larger largerEq smaller smallerEq compare and or not xor isNaN isInteger",
    "isNegative isPositive isZero to",
  ].join(" ").split(" "),
);

/** Parse `source` and resolve its references; throws {@linkcode ExpressionError}. */
export function parseExpression(source: string, scope: ExpressionScope): ParsedExpression {
  let root: MathNode;
  try {
    root = math.parse(source);
  } catch (e) {
    const char = (e as { char?: number }).char;
    const message = (e as Error).message.replace(/\s*\(char \d+\)$/, "");
    throw new ExpressionError(
      char === undefined
        ? `invalid expression "${source}": ${message}`
        : `invalid expression "${source}" at character ${char}${near(source, char)}: ${message}`,
      char,
    );
  }
  const refs: Reference[] = [];
  const keys = new Map<string, number>();
  const slot = (ref: Reference) => {
    const key = `${ref.twin ?? ""}\u0000${ref.point}\u0000${ref.mode}`;
    let i = keys.get(key);
    if (i === undefined) {
      i = refs.length;
      refs.push(ref);
      keys.set(key, i);
    }
    return new math.SymbolNode(`__r${i}`);
  };
  const node = root.transform((n: MathNode, path: string) => {
    if (n.type === "FunctionNode") {
      const fn = n as unknown as { fn: { name?: string }; args: MathNode[] };
      const name = fn.fn.name;
      if (name === "p") return slot(pointRef(source, fn.args));
      if (name === "mode") return slot(modeRef(source, fn.args));
      if (name && FUNCTIONS.has(name)) return n;
      if (name && mathFunction(name)) {
        throw new ExpressionError(
          `function "${name}" is not allowed in point expressions ("${source}"); ` +
            "allowed: numeric functions such as abs, sqrt, log, round, min, max, mean (see docs/alarms.md)",
          position(source, name),
        );
      }
      throw new ExpressionError(
        `unknown function "${name ?? n.toString()}" in "${source}"`,
        position(source, name ?? ""),
      );
    }
    if (n.type === "SymbolNode" && path !== "fn") {
      const name = (n as unknown as { name: string }).name;
      if (Object.hasOwn(CONSTANTS, name)) return n;
      if (scope.isPoint(name)) return slot({ twin: undefined, point: name, mode: false });
      if (scope.units && unitSymbol(name)) {
        const alias = unitAlias(name);
        return alias === name ? n : new math.SymbolNode(alias);
      }
      throw new ExpressionError(
        `unknown point "${name}" in "${source}" at character ${position(source, name)}`,
        position(source, name),
      );
    }
    if (!SUPPORTED.has(n.type)) {
      throw new ExpressionError(
        `"${n.toString()}" (${n.type}) is not supported in point expressions: "${source}"`,
      );
    }
    return n;
  });
  return { source, node, refs };
}

const SUPPORTED = new Set([
  "ConstantNode",
  "OperatorNode",
  "ParenthesisNode",
  "ConditionalNode",
  "FunctionNode",
  "SymbolNode",
]);

function stringArg(source: string, node: MathNode | undefined, what: string): string {
  const c = node as unknown as { type: string; value: unknown } | undefined;
  if (c?.type !== "ConstantNode" || typeof c.value !== "string") {
    throw new ExpressionError(
      `${what} in "${source}" must be a quoted string`,
      position(source, what.split("(")[0]),
    );
  }
  return c.value;
}

function pointRef(source: string, args: MathNode[]): Reference {
  if (args.length !== 2) {
    throw new ExpressionError(
      `p() takes a twin and a point, p("twin-id", "point"), in "${source}"`,
      position(source, "p"),
    );
  }
  return {
    twin: stringArg(source, args[0], "p() twin"),
    point: stringArg(source, args[1], "p() point"),
    mode: false,
  };
}

function modeRef(source: string, args: MathNode[]): Reference {
  if (args.length > 1) {
    throw new ExpressionError(
      `mode() takes no argument or a twin id, in "${source}"`,
      position(source, "mode"),
    );
  }
  return {
    twin: args.length ? stringArg(source, args[0], "mode() twin") : undefined,
    point: "",
    mode: true,
  };
}

/** mathjs' own function called `name` (never an inherited `constructor` or `toString`). */
function mathFunction(name: string): ((...a: unknown[]) => unknown) | undefined {
  const f = Object.hasOwn(math, name)
    ? (math as unknown as Record<string, unknown>)[name]
    : undefined;
  return typeof f === "function" ? f as (...a: unknown[]) => unknown : undefined;
}

/** 1-based position of `name` as a whole word in `source` (1 when not found). */
function position(source: string, name: string): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`(^|[^A-Za-z0-9_])(${escaped})(?![A-Za-z0-9_])`).exec(source);
  return m ? m.index + m[1].length + 1 : 1;
}

function near(source: string, char: number): string {
  const rest = source.slice(Math.max(0, char - 1), char + 9);
  return rest ? ` ("${rest}")` : " (end of expression)";
}

/**
 * Compile a parsed expression to one JavaScript function. Unit symbols
 * (calculated points only) become their SI value, so the caller feeds SI
 * numbers. The source is generated from the mathjs tree and nothing else:
 * numbers are printed, strings quoted with JSON.stringify, references are
 * slot indexes and functions come from a fixed table, so no text of the
 * expression reaches the generated code unquoted.
 */
export function compileExpression(parsed: ParsedExpression): Evaluator {
  const code = emitExpression(parsed, (i) => `s[${i}]`);
  const make = new Function(...HELPERS, `"use strict"; return (s) => ${code.source};`);
  return make(...helpers(code.calls)) as Evaluator;
}

/** Generated JavaScript of an expression and the mathjs functions it calls. */
export interface EmittedExpression {
  /** A JavaScript expression; it uses the names in {@linkcode HELPERS}. */
  source: string;
  /** Functions `$calls[i]` refers to. */
  calls: ((...a: unknown[]) => unknown)[];
}

/** Names the generated code uses for its helpers; bind them with {@linkcode helpers}. */
export const HELPERS: readonly string[] = ["$eq", "$mod", "$round", "$calls"];

/** Values of {@linkcode HELPERS} for an expression's calls. */
export function helpers(calls: EmittedExpression["calls"]): unknown[] {
  return [eq, mod, round, calls];
}

/** Generate JavaScript for `parsed`; slot `i` is read as `slot(i)`. */
export function emitExpression(
  parsed: ParsedExpression,
  slot: (i: number) => string,
): EmittedExpression {
  const calls: ((...a: unknown[]) => unknown)[] = [];
  return { source: emit(parsed.node, parsed.source, calls, slot), calls };
}

/** Equality as an operator reads it: numbers, booleans (as 0/1) and strings. */
function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "boolean" || typeof b === "boolean") return Number(a) === Number(b);
  return false;
}

/** mathjs' modulo is floored (-1 mod 3 = 2), unlike JavaScript's %. */
function mod(a: number, b: number): number {
  return b === 0 ? a : a - b * Math.floor(a / b);
}

function round(x: number, n = 0): number {
  const f = 10 ** n;
  return Math.round(x * f) / f;
}

const BINARY: Record<string, (a: string, b: string) => string> = {
  add: (a, b) => `(${a} + ${b})`,
  subtract: (a, b) => `(${a} - ${b})`,
  multiply: (a, b) => `(${a} * ${b})`,
  divide: (a, b) => `(${a} / ${b})`,
  pow: (a, b) => `Math.pow(${a}, ${b})`,
  mod: (a, b) => `$mod(${a}, ${b})`,
  equal: (a, b) => `$eq(${a}, ${b})`,
  unequal: (a, b) => `!$eq(${a}, ${b})`,
  smaller: (a, b) => `(${a} < ${b})`,
  larger: (a, b) => `(${a} > ${b})`,
  smallerEq: (a, b) => `(${a} <= ${b})`,
  largerEq: (a, b) => `(${a} >= ${b})`,
  and: (a, b) => `(!!${a} && !!${b})`,
  or: (a, b) => `(!!${a} || !!${b})`,
  xor: (a, b) => `(!${a} !== !${b})`,
};

const UNARY: Record<string, (a: string) => string> = {
  unaryMinus: (a) => `(-${a})`,
  unaryPlus: (a) => `(+${a})`,
  not: (a) => `(!${a})`,
};

/** Functions emitted as plain Math calls, by arity (-1: any). */
const MATH: Record<string, [string, number]> = {
  abs: ["Math.abs", 1],
  sqrt: ["Math.sqrt", 1],
  exp: ["Math.exp", 1],
  log10: ["Math.log10", 1],
  log2: ["Math.log2", 1],
  floor: ["Math.floor", 1],
  ceil: ["Math.ceil", 1],
  sign: ["Math.sign", 1],
  sin: ["Math.sin", 1],
  cos: ["Math.cos", 1],
  tan: ["Math.tan", 1],
  atan2: ["Math.atan2", 2],
  pow: ["Math.pow", 2],
  min: ["Math.min", -1],
  max: ["Math.max", -1],
  hypot: ["Math.hypot", -1],
};

function literal(v: unknown): string {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "(-Infinity)";
    return v < 0 || Object.is(v, -0) ? `(${v})` : String(v);
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  return "null";
}

function emit(
  node: MathNode,
  source: string,
  calls: ((...a: unknown[]) => unknown)[],
  slot: (i: number) => string,
): string {
  const n = node as unknown as Record<string, unknown>;
  const sub = (x: unknown) => emit(x as MathNode, source, calls, slot);
  switch (node.type) {
    case "ConstantNode":
      return literal(n.value);
    case "ParenthesisNode":
      return `(${sub(n.content)})`;
    case "SymbolNode": {
      const name = n.name as string;
      const m = SLOT.exec(name);
      if (m) return slot(Number(m[1]));
      if (Object.hasOwn(CONSTANTS, name)) return literal(CONSTANTS[name]);
      const scale = unitSymbol(name);
      if (scale) return literal(scale.factor);
      throw new ExpressionError(`unknown symbol "${name}" in "${source}"`);
    }
    case "ConditionalNode":
      return `(${sub(n.condition)} ? ${sub(n.trueExpr)} : ${sub(n.falseExpr)})`;
    case "OperatorNode": {
      const fn = n.fn as string;
      const args = (n.args as MathNode[]).map(sub);
      if (args.length === 1 && Object.hasOwn(UNARY, fn)) return UNARY[fn](args[0]);
      if (args.length === 2 && Object.hasOwn(BINARY, fn)) return BINARY[fn](args[0], args[1]);
      return generic(fn, args, source, node, calls);
    }
    case "FunctionNode": {
      const name = (n.fn as { name: string }).name;
      const args = (n.args as MathNode[]).map(sub);
      const m = Object.hasOwn(MATH, name) ? MATH[name] : undefined;
      if (m && (m[1] === -1 || m[1] === args.length)) return `${m[0]}(${args.join(", ")})`;
      if (name === "log" && args.length === 1) return `Math.log(${args[0]})`;
      if (name === "log" && args.length === 2) {
        return `(Math.log(${args[0]}) / Math.log(${args[1]}))`;
      }
      if (name === "round" && args.length <= 2) return `$round(${args.join(", ")})`;
      return generic(name, args, source, node, calls);
    }
  }
  throw new ExpressionError(`"${node.toString()}" is not supported in "${source}"`);
}

/** Anything else mathjs offers, called through mathjs (slower; for rare functions). */
function generic(
  name: string,
  args: string[],
  source: string,
  node: MathNode,
  calls: ((...a: unknown[]) => unknown)[],
): string {
  // Function calls were checked against FUNCTIONS at parse; operators come from mathjs' parser.
  const f = mathFunction(name);
  if (!f || (node.type === "FunctionNode" && !FUNCTIONS.has(name))) {
    throw new ExpressionError(`"${node.toString()}" is not supported in "${source}"`);
  }
  calls.push(f as (...a: unknown[]) => unknown);
  return `$calls[${calls.length - 1}](${args.join(", ")})`;
}
