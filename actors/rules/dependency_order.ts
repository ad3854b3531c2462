/**
 * Evaluation order for values that depend on each other (calculated points
 * reading calculated points): a topological order, or the cycle that makes
 * one impossible, named node by node.
 *
 * @module
 */

const NONE: readonly string[] = [];

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
  const edges = new Map<string, readonly string[]>();
  for (const n of nodes) {
    // A node's dependencies are few (an expression's references): a scan
    // finds repeats without a set per node, which 100,000 nodes would notice.
    let kept: string[] | undefined;
    for (const d of deps(n)) {
      if (known.has(d) && !kept?.includes(d)) (kept ??= []).push(d);
    }
    edges.set(n, kept ?? NONE);
  }
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
