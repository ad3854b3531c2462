import assert from "node:assert/strict";
import { alarmTimes } from "./alarm_times.ts";

const last = { action: "raise", user: null, comment: null, time: 1_000 };

Deno.test("alarm times: an unacknowledged alarm shows its activation only", () => {
  assert.deepEqual(
    alarmTimes({ state: "unacknowledged", since: 1_000, activeSince: 1_000, last }),
    { activated: 1_000, active: true, acknowledged: null },
  );
});

Deno.test("alarm times: acknowledging keeps the activation beside the acknowledge time", () => {
  assert.deepEqual(
    alarmTimes({
      state: "acknowledged",
      since: 5_000,
      activeSince: 1_000,
      last: { action: "ack", user: "ann", comment: null, time: 5_000 },
    }),
    { activated: 1_000, active: true, acknowledged: 5_000 },
  );
  // A later non-ack cause (a comment-free change) still leaves the state's start as the ack time.
  assert.equal(
    alarmTimes({ state: "acknowledged", since: 6_000, activeSince: 1_000, last }).acknowledged,
    6_000,
  );
});

Deno.test("alarm times: a cleared alarm shows when it returned", () => {
  assert.deepEqual(
    alarmTimes({ state: "returned_unacknowledged", since: 9_000, activeSince: null, last }),
    { activated: 9_000, active: false, acknowledged: null },
  );
});
