/**
 * Which twins a page needs the stream to carry. The overview, the wall and
 * the pages that list or pick any twin need every twin; a twin's page needs
 * the twin, the children it draws (a station's pumps) and the assets its
 * register map reads (an RTU's sites), nothing else. The alarm banner on
 * every page is the plant's either way: a narrowed stream still carries
 * every alarm.
 *
 * @module
 */
import type { TwinDetail } from "./api_types.ts";
import type { Route } from "./route.ts";

/** The twins a route's first view needs: the twin alone on its page, else undefined (all). */
export function routeScope(route: Route): string[] | undefined {
  return route.page === "twin" ? [route.id] : undefined;
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
