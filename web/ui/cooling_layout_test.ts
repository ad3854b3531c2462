import assert from "node:assert/strict";
import { COOLER_BOX, fanSlots, pumpSlots, unitLooks } from "./cooling_layout.ts";

Deno.test("fanSlots: any count fits the cooler box without overlap", () => {
  for (const n of [1, 4, 10, 24, 60]) {
    const s = fanSlots(n);
    assert.equal(s.length, n);
    for (const f of s) {
      assert.ok(f.cx - f.r >= COOLER_BOX.x && f.cx + f.r <= COOLER_BOX.x + COOLER_BOX.w, `n=${n}`);
      assert.ok(f.cy - f.r >= COOLER_BOX.y + 20 && f.cy + f.r <= COOLER_BOX.y + COOLER_BOX.h);
    }
    for (let i = 1; i < s.length; i++) {
      for (let j = 0; j < i; j++) {
        const d = Math.hypot(s[i].cx - s[j].cx, s[i].cy - s[j].cy);
        assert.ok(d >= s[i].r + s[j].r, `n=${n}: fans ${i} and ${j} overlap`);
      }
    }
  }
  assert.deepEqual(fanSlots(0), []);
  // Ten fans make two rows of five at full size.
  const ten = fanSlots(10);
  assert.equal(new Set(ten.map((f) => f.cy)).size, 2);
  assert.equal(ten[0].r, 16);
});

Deno.test("pumpSlots: centred on the line", () => {
  assert.deepEqual(pumpSlots(1, 170, 280), [{ cx: 170, cy: 280, r: 15 }]);
  assert.deepEqual(pumpSlots(2, 170, 280).map((s) => s.cx), [150, 190]);
});

Deno.test("unitLooks: failed units last and abnormal, the rest turn only while running", () => {
  const looks = unitLooks(5, 2, 40, true);
  assert.deepEqual(looks.map((l) => l.words), [
    "running",
    "running",
    "running",
    "failed",
    "failed",
  ]);
  assert.deepEqual(looks.map((l) => l.abnormal), [false, false, false, true, true]);
  assert.ok(unitLooks(3, 0, 40, false).every((l) => l.fill === "hollow" && l.words === "stopped"));
  assert.ok(unitLooks(3, 0, 0, true).every((l) => l.words === "stopped"));
  assert.equal(unitLooks(2, 9, 50, true).filter((l) => l.abnormal).length, 2);
});
