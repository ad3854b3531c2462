/**
 * Evaluation order for values that depend on each other (calculated points
 * reading calculated points): a topological order, or the cycle that makes
 * one impossible, named node by node.
 *
 * @module
 */

/** The order, or the cycles found (each as its nodes, first node repeated at the end). */
export type OrderResult = { order: string[]; cycles: [] } | {
  order: undefined;
  cycles: string[][];
};

/**
 * Order `nodes` so every node comes after the nodes it depends on
 * (`deps(node)`; dependencies that are not nodes are ignored). Ties keep
 * the input order, so the result is stable.
 */
export function dependencyOrder(
  nodes: readonly string[],
  deps: (node: string) => readonly string[],
): OrderResult {
  const known = new Set(nodes);
  const edges = new Map<string, string[]>();
  for (const n of nodes) edges.set(n, [...new Set(deps(n))].filter((d) => known.has(d)));
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const cycles: string[][] = [];
  const stack: string[] = [];
  const visit = (n: string): void => {
    const s = state.get(n);
    if (s === "done") return;
    if (s === "visiting") {
      cycles.push([...stack.slice(stack.indexOf(n)), n]);
      return;
    }
    state.set(n, "visiting");
    stack.push(n);
    for (const d of edges.get(n)!) visit(d);
    stack.pop();
    state.set(n, "done");
    order.push(n);
  };
  for (const n of nodes) visit(n);
  if (cycles.length > 0) return { order: undefined, cycles };
  return { order, cycles: [] };
}
