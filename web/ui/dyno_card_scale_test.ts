import assert from "node:assert/strict";
import { cardAxes, cardPath } from "./dyno_card_scale.ts";

const surface = { position: [0, 1.5, 3, 1.5], load: [40, 80, 75, 35] };
const downhole = { position: [0.2, 1.4, 2.6, 1.4], load: [-2, 30, 28, 0] };

Deno.test("card axes: hold both cards, load from zero or below", () => {
  const { x, y } = cardAxes([surface, downhole]);
  assert.ok(x.lo <= 0 && x.hi >= 3, `x ${x.lo}..${x.hi}`);
  assert.ok(y.lo <= -2 && y.hi >= 80, `y ${y.lo}..${y.hi}`);
  for (const t of x.ticks) assert.ok(t >= x.lo && t <= x.hi);
  // The surface card alone still starts its load axis at zero.
  assert.equal(cardAxes([surface]).y.lo, 0);
});

Deno.test("card path: one move, a line per further point, closed", () => {
  const d = cardPath(surface, (m) => 10 * m, (kn) => 100 - kn);
  assert.equal(d, "M0.0,60.0L15.0,20.0L30.0,25.0L15.0,65.0Z");
  assert.equal(d.split("L").length, surface.position.length);
});
