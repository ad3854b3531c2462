/**
 * The demo plant scaled up: every `count` of plants/demo.json multiplied,
 * the booster station and its RTU repeated, so a plant of any size keeps the
 * demo's mix of kinds, its calculated points and its alarm definitions. The
 * Modbus loop (two Modbus-fed twins, a simulated slave on a fixed port) is
 * left out: a benchmark must not bind ports.
 *
 * @module
 */

/** Twins in one copy of the demo mix (without the Modbus loop). */
export const DEMO_UNIT_TWINS = 346;

interface TwinEntry {
  id: string;
  kind: string;
  count?: number;
  from?: number;
  name?: string;
  params?: Record<string, unknown>;
  source?: { type: string };
}

/**
 * The demo plant (the parsed plants/demo.json) scaled to about `twins`
 * twins: `Math.max(1, Math.round(twins / 346))` copies of its mix.
 */
export function scaledDemo(demo: Record<string, unknown>, twins: number): Record<string, unknown> {
  const copies = Math.max(1, Math.round(twins / DEMO_UNIT_TWINS));
  const entries = demo.twins as TwinEntry[];
  const out: TwinEntry[] = [];
  for (const e of entries) {
    if (e.source && e.source.type !== "simulator") continue;
    if (e.count !== undefined) {
      // A group `from` f, `count` c becomes `from` 1 + (f - 1) * copies: groups
      // of one id pattern (the demo's well groups) stay disjoint.
      out.push({ ...e, count: e.count * copies, from: 1 + ((e.from ?? 1) - 1) * copies });
      continue;
    }
    // A single twin (the station, its RTU): one per copy, ids numbered.
    // The demo's single twins are the station and its RTU; each copy's
    // station id gets the copy number, and so do the RTU's references to it.
    const number = (s: string) =>
      s.includes("station") ? s.replace("station", "station-{i:04}") : `${s}-{i:04}`;
    out.push({
      ...e,
      id: number(e.id),
      ...(e.name ? { name: `${e.name} {i}` } : {}),
      count: copies,
      ...(e.params?.assets
        ? { params: { ...e.params, assets: (e.params.assets as string[]).map(number) } }
        : {}),
    });
  }
  const { modbus_servers: _servers, devices: _devices, ...rest } = demo;
  return { ...rest, name: `demo-x${copies}`, twins: out };
}
