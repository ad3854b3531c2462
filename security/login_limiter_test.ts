import assert from "node:assert/strict";
import { LoginLimiter } from "./login_limiter.ts";

Deno.test("the sixth failure within the window waits out the window", () => {
  const l = new LoginLimiter({ maxFailures: 5, windowMs: 60_000 });
  for (let i = 0; i < 5; i++) {
    assert.equal(l.retryAfterS(["user:ann", "ip:1"], 1_000 * i), 0);
    l.fail(["user:ann", "ip:1"], 1_000 * i);
  }
  assert.equal(l.retryAfterS(["user:ann"], 5_000), 55);
  assert.equal(l.retryAfterS(["user:bob", "ip:1"], 5_000), 55, "the address is limited too");
  assert.equal(l.retryAfterS(["user:bob", "ip:2"], 5_000), 0);
  assert.equal(l.retryAfterS(["user:ann"], 60_001), 0, "the oldest failure left the window");
});

Deno.test("a success clears the user's count", () => {
  const l = new LoginLimiter({ maxFailures: 2, windowMs: 60_000 });
  l.fail(["user:ann"], 0);
  l.clear("user:ann");
  l.fail(["user:ann"], 1);
  assert.equal(l.retryAfterS(["user:ann"], 2), 0);
});
