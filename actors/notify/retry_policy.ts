/**
 * Which failed webhook deliveries are worth another attempt, and how long an
 * endpoint asked us to wait. A 4xx other than 408 and 429 says the request
 * itself is wrong (bad URL, refused token, rejected body): sending it again
 * cannot succeed, so it only delays the notifications behind it.
 *
 * @module
 */

/** Whether an HTTP status is transient: 408 (timeout), 429 (rate limit) and every 5xx. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Milliseconds a `Retry-After` header asks for: delay-seconds (`120`) or an
 * HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`, counted from `nowMs`, wall
 * clock). Undefined when absent or unreadable; a date in the past is 0.
 *
 * @example
 * ```ts
 * retryAfterMs("3", Date.now()); // 3000
 * ```
 */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only the date forms RFC 9110 allows: a weekday name first, then digits.
  if (!/^[A-Za-z]{3,9},? /.test(value)) return undefined;
  // HTTP dates are always GMT; asctime's form does not say so.
  const at = Date.parse(/GMT|UTC/.test(value) ? value : `${value} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
