import assert from "node:assert/strict";
import {
  levelControls,
  levelY,
  pumpControlText,
  STATION_W,
  stationGeometry,
} from "./station_layout.ts";

Deno.test("station geometry: every pump, band and text column fits the drawing", () => {
  for (const n of [1, 2, 4, 8]) {
    const g = stationGeometry(n);
    assert.equal(g.width, STATION_W);
    assert.equal(g.pumps.length, n);
    const last = g.pumps[n - 1];
    // The pump's text lines end 26 below its centre; the summary lines sit below the sump.
    assert.ok(last.cy + 26 < g.height - 30, `n=${n}: pumps end inside the drawing`);
    assert.ok(g.sump.y + g.sump.h < g.height - 40, `n=${n}: the sump clears the summary`);
    for (let i = 1; i < n; i++) assert.ok(g.pumps[i].cy - g.pumps[i - 1].cy >= 2 * last.r + 20);
    // Bands fit between the tank and the right edge.
    assert.ok(g.bands.x + n * g.bands.step <= g.width, `n=${n}: bands fit`);
    assert.ok(g.bands.x > g.tank.x + g.tank.w);
    assert.equal(g.header.y2, last.cy);
    assert.ok(g.tank.y + g.tank.h < g.height);
  }
  // One pump still gets a drawing tall enough for the tank and the demand text.
  assert.ok(
    stationGeometry(1).height >= stationGeometry(1).tank.y + stationGeometry(1).tank.h + 80,
  );
  assert.equal(stationGeometry(0).pumps.length, 1);
});

Deno.test("levelY: tank bottom at 0, top at max, clamped outside", () => {
  const tank = { y: 40, h: 170 };
  assert.equal(levelY(tank, 0, 6), 210);
  assert.equal(levelY(tank, 6, 6), 40);
  assert.equal(levelY(tank, 3, 6), 125);
  assert.equal(levelY(tank, 9, 6), 40);
  assert.equal(levelY(tank, -1, 6), 210);
  assert.equal(levelY(tank, 3, 0), 210);
});

Deno.test("pumpControlText: who runs the pump now", () => {
  const c = { pump: "s-p1", start_below_m: 3, stop_above_m: 5.5 };
  assert.equal(pumpControlText("auto", c, false), "level ctl 3–5.5 m");
  assert.equal(pumpControlText("auto", undefined, false), "not in level ctl");
  assert.equal(pumpControlText("manual", c, false), "manual");
  assert.equal(pumpControlText("off", c, false), "station off");
  assert.equal(pumpControlText("manual", c, true), "schedule");
  assert.equal(pumpControlText(undefined, c, false), "");
});

Deno.test("levelControls: the pumps with both levels; a pump outside the control is left out", () => {
  const p1 = { pump: "a-p1", start_below_m: 1, stop_above_m: 2 };
  assert.deepEqual(levelControls([p1, { pump: "a-p4" }]), [p1]);
  assert.deepEqual(levelControls([]), []);
  assert.deepEqual(levelControls([{ pump: "a", start_below_m: "1", stop_above_m: 2 }]), []);
  assert.deepEqual(levelControls({ pump: "a" }), []);
  assert.deepEqual(levelControls([null]), []);
  assert.deepEqual(levelControls(undefined), []);
});
