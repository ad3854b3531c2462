import assert from "node:assert/strict";
import { retryableStatus, retryAfterMs } from "./retry_policy.ts";

Deno.test("only 408, 429 and 5xx are retried; other 4xx are final", () => {
  const retried = [400, 401, 403, 404, 405, 408, 409, 410, 413, 422, 429, 500, 502, 503, 504, 599]
    .filter(retryableStatus);
  assert.deepEqual(retried, [408, 429, 500, 502, 503, 504, 599]);
  assert.equal(retryableStatus(301), false);
});

Deno.test("Retry-After: delay-seconds, HTTP dates (IMF-fixdate, RFC 850, asctime), junk", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(retryAfterMs("3", now), 3000);
  assert.equal(retryAfterMs(" 0 ", now), 0);
  assert.equal(retryAfterMs("Thu, 01 Jan 2026 00:00:07 GMT", now), 7000);
  assert.equal(retryAfterMs("Thursday, 01-Jan-26 00:00:02 GMT", now), 2000);
  assert.equal(retryAfterMs("Thu Jan  1 00:00:05 2026", now), 5000);
  assert.equal(retryAfterMs("Wed, 31 Dec 2025 23:59:00 GMT", now), 0, "a past date means now");
  assert.equal(retryAfterMs(null, now), undefined);
  assert.equal(retryAfterMs("soon", now), undefined);
  assert.equal(retryAfterMs("-5", now), undefined);
  assert.equal(retryAfterMs("1.5", now), undefined);
  assert.equal(
    retryAfterMs("2026-01-01T00:00:09Z", now),
    undefined,
    "ISO 8601 is not an HTTP date",
  );
});
