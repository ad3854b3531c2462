/**
 * What a page needs the stream to carry. A twin's page needs the twin, the
 * children it draws (a station's pumps) and the assets its register map
 * reads (an RTU's sites), nothing else. The overview and the wall need
 * every twin but only a few of its points: the key values, the well
 * diagnosis and the points the plant figures sum. The other pages, which
 * list or pick any twin and any point, take everything. The alarm banner on
 * every page is the plant's either way.
 *
 * @module
 */
import type { TwinDetail } from "./api_types.ts";
import { KIND_KPIS } from "./fleet_kpis.ts";
import type { StreamScope } from "./live_store.ts";
import type { Route } from "./route.ts";

/**
 * The points the overview and the wall show of each twin: `key` (each
 * kind's key points, on the cards and tiles), the card diagnosis and
 * every point a plant figure sums or maximizes.
 */
export const OVERVIEW_POINTS: readonly string[] = [
  ...new Set([
    "key",
    "diagnosis",
    "diagnosis_confidence",
    ...Object.values(KIND_KPIS).flatMap((specs) =>
      specs.flatMap((k) => "sum" in k ? [k.sum] : "max" in k ? [k.max] : [])
    ),
  ]),
];

/** What a route's first view needs: its twin on a twin's page, a few points on the overview and wall, else all. */
export function routeScope(route: Route): StreamScope | undefined {
  if (route.page === "twin") return { ids: [route.id] };
  if (route.page === "fleet" || route.page === "wall") return { points: OVERVIEW_POINTS };
  return undefined;
}

/**
 * The twins a twin's page shows once its detail is in: the twin, its
 * children and the assets of its register map (`assets`), each once.
 */
export function twinPageScope(
  id: string,
  detail: Pick<TwinDetail, "children"> | undefined,
  assets: readonly string[] = [],
): string[] {
  return [...new Set([id, ...(detail?.children ?? []), ...assets])];
}
