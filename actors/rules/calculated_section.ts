/**
 * The `calculated` plant-file section: points computed from other points by
 * mathjs expressions, declared per twin or per kind. Checked at load:
 * expressions (naming the character at fault), references, units, and
 * cycles between calculated points (naming the cycle).
 *
 * @module
 */
import { z } from "zod";
import type { PlantSection, SectionContext } from "../../plant/plant_section.ts";
import type { TwinConfig } from "../../plant/plant_file.ts";
import { type CalculationSpec, CompileCache, compileCalculation } from "./calculation.ts";
import { dependencyOrder } from "./dependency_order.ts";
import { ExpressionError } from "./expression.ts";

/** A point name usable as a bare mathjs symbol. */
export const POINT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const entrySchema = z.strictObject({
  twin: z.string().min(1).optional(),
  kind: z.string().min(1).optional(),
  point: z.string().regex(
    POINT_NAME,
    "expected a point name: a letter or _, then letters, digits, _",
  ),
  expr: z.string().min(1, "expected an expression"),
  unit: z.string().default(""),
  description: z.string().default(""),
}).refine((e) => (e.twin === undefined) !== (e.kind === undefined), {
  message: 'give either "twin" (one twin) or "kind" (every twin of that kind)',
});

/** Schema of the `calculated` section. */
export const calculatedSchema: z.ZodType<z.output<typeof entrySchema>[]> = z.array(entrySchema);

/** A calculated point of one twin, validated. */
export interface CalculatedPointSpec extends CalculationSpec {
  /** One-line meaning. */
  description: string;
}

/** A calculated point declared for every twin of a kind. */
export interface KindCalculation {
  /** The kind. */
  kind: string;
  /** Point name. */
  point: string;
  /** mathjs expression. */
  expr: string;
  /** Declared engineering unit. */
  unit: string;
  /** One-line meaning. */
  description: string;
}

/** The validated section: every calculated point, in evaluation order. */
export interface CalculatedConfig {
  /** Calculated points, each after the calculated points it reads. */
  points: CalculatedPointSpec[];
  /**
   * The per-kind declarations the points were expanded from, so twins
   * added later (a station's new pump) get theirs too.
   */
  byKind?: KindCalculation[];
}

// The alarms section is validated after this one and may name calculated
// points; it finds them here under the same validation's twin map, so
// nothing leaks from one plant's validation into another's.
const declaredByPlant = new WeakMap<
  ReadonlyMap<string, TwinConfig>,
  Map<string, Map<string, string>>
>();

/** Calculated points the `calculated` section of the plant being validated declared: twin -> point -> unit. */
export function declaredCalculated(
  twins: ReadonlyMap<string, TwinConfig>,
): ReadonlyMap<string, ReadonlyMap<string, string>> {
  return declaredByPlant.get(twins) ?? new Map();
}

/** Unit of a point of a twin: the kind's points, then calculated points. */
export function pointUnitLookup(
  ctx: Pick<SectionContext, "twins" | "kinds">,
  declared: ReadonlyMap<string, ReadonlyMap<string, string>>,
): (twin: string, point: string) => string | undefined {
  return (twin, point) => {
    const config = ctx.twins.get(twin);
    if (!config) return undefined;
    const spec = ctx.kinds.get(config.kind)?.points[point];
    return spec ? spec.unit : declared.get(twin)?.get(point);
  };
}

/** The `calculated` section. */
export const calculatedSection: PlantSection<CalculatedConfig> = {
  key: "calculated",
  validate(raw, ctx) {
    const parsed = calculatedSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.report(["calculated", ...(issue.path as (string | number)[])], issue.message);
      }
      return { points: [] };
    }
    const byKind: KindCalculation[] = parsed.data.filter((e) => e.kind !== undefined).map((e) => ({
      kind: e.kind!,
      point: e.point,
      expr: e.expr,
      unit: e.unit,
      description: e.description,
    }));
    const specs: (CalculatedPointSpec & { path: (string | number)[] })[] = [];
    const declared = new Map<string, Map<string, string>>();
    parsed.data.forEach((e, i) => {
      const path = ["calculated", i];
      let targets: TwinConfig[];
      if (e.twin !== undefined) {
        const t = ctx.twins.get(e.twin);
        if (!t) return ctx.report([...path, "twin"], `unknown twin "${e.twin}"`);
        targets = [t];
      } else {
        if (!ctx.kinds.has(e.kind!)) {
          return ctx.report(
            [...path, "kind"],
            `unknown kind "${e.kind}"; known kinds: ${[...ctx.kinds.keys()].join(", ")}`,
          );
        }
        targets = [...ctx.twins.values()].filter((t) => t.kind === e.kind);
      }
      for (const t of targets) {
        if (ctx.kinds.get(t.kind)?.points[e.point]) {
          ctx.report([...path, "point"], `${t.kind} already has a point "${e.point}"`);
          continue;
        }
        const mine = declared.get(t.id) ?? new Map<string, string>();
        if (mine.has(e.point)) {
          ctx.report([...path, "point"], `"${t.id}.${e.point}" is calculated twice`);
          continue;
        }
        mine.set(e.point, e.unit);
        declared.set(t.id, mine);
        specs.push({
          twin: t.id,
          point: e.point,
          expr: e.expr,
          unit: e.unit,
          description: e.description,
          path,
        });
      }
    });
    declaredByPlant.set(ctx.twins, declared);

    const unitOf = pointUnitLookup(ctx, declared);
    const deps = new Map<string, string[]>();
    const byNode = new Map<string, (typeof specs)[number]>();
    // A kind-wide point is parsed once for all the kind's twins.
    const cache = new CompileCache();
    for (const spec of specs) {
      const node = `${spec.twin}.${spec.point}`;
      byNode.set(node, spec);
      try {
        const calc = compileCalculation(spec, unitOf, (id) => ctx.twins.has(id), cache);
        deps.set(node, calc.refs.filter((r) => !r.mode).map((r) => `${r.twin}.${r.point}`));
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e;
        ctx.report([...spec.path, "expr"], `${spec.twin}.${spec.point}: ${e.message}`);
        deps.set(node, []);
      }
    }
    const order = dependencyOrder([...byNode.keys()], (n) => deps.get(n) ?? []);
    if (!order.order) {
      for (const cycle of order.cycles.slice(0, 10)) {
        ctx.report(
          [...byNode.get(cycle[0])!.path, "expr"],
          `calculated points form a cycle: ${cycle.join(" -> ")}`,
        );
      }
      return { points: [] };
    }
    return {
      points: order.order.map((n) => {
        const { path: _path, ...spec } = byNode.get(n)!;
        return spec;
      }),
      byKind,
    };
  },
};
