/**
 * The browser tab's title.
 *
 * @module
 */

/**
 * The title: the unacknowledged alarm count first, so an operator sees it
 * from another tab or the task bar.
 */
export function pageTitle(plant: string, unacked: number): string {
  return `${unacked > 0 ? `(${unacked}) ` : ""}${plant} · fieldtwin`;
}
