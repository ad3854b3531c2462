import assert from "node:assert/strict";
import { leastSquares } from "./least_squares.ts";

Deno.test("leastSquares recovers an exact line and rejects too few points", () => {
  const xs = [0, 1, 2, 3];
  const beta = leastSquares(xs.map((x) => [1, x]), xs.map((x) => 2 + 3 * x));
  assert.ok(Math.abs(beta[0] - 2) < 1e-9 && Math.abs(beta[1] - 3) < 1e-9);
  assert.throws(() => leastSquares([[1, 0, 0]], [1]), /1 points cannot fix 3/);
  assert.throws(() => leastSquares([[1, 1], [2, 2], [3, 3]], [1, 2, 3]), /do not fix/);
});
