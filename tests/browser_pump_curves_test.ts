/**
 * Browser test of a pump's page against the real runtime and server, in
 * Debian's chromium, on virtual time: after the pump has run at several
 * speeds the curves panel shows a fitted head curve whose coefficients are
 * the API's, and the operating-point marker moves to the new operating
 * point when a `set_speed` command changes the pump's speed. Saves
 * tests/screenshots/pump_curves.png.
 *
 * @module
 */
import assert from "node:assert/strict";
import { browserTestOptions, withPage } from "./browser_harness.ts";

const SHOTS = new URL("./screenshots/", import.meta.url);

const plant = {
  name: "pump curves",
  seed: 5,
  twins: [{
    id: "p1",
    kind: "pump",
    params: {
      initial_status: "running",
      vfd: true,
      efficiency_pct: [
        { flow_lps: 0, efficiency_pct: 30 },
        { flow_lps: 25, efficiency_pct: 65 },
        { flow_lps: 50, efficiency_pct: 78 },
        { flow_lps: 75, efficiency_pct: 70 },
        { flow_lps: 100, efficiency_pct: 45 },
      ],
      system: { static_head_m: 20, friction_head_m: 25, at_flow_lps: 50 },
    },
  }],
};

const setSpeed = (url: string, pct: number) =>
  fetch(`${url}/api/twins/p1/commands`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "set_speed", args: { pct } }),
  });

Deno.test({
  name:
    "pump page: fitted curves with the API's coefficients; the operating point follows a speed change",
  ...browserTestOptions,
  fn: () =>
    withPage(plant, async (page, server) => {
      const rt = server.runtime;
      for (const pct of [100, 90, 80, 70, 75, 85, 95]) {
        const r = await setSpeed(server.url, pct);
        assert.equal(r.status, 200, await r.text());
        rt.runFor(20_000);
      }
      const api = await (await fetch(`${server.url}/api/twins/p1/curves`)).json();
      assert.ok(api.fit, `no fit: ${api.reason}`);

      await page.goto(`${server.url}/twins/p1`);
      const head = page.locator("#curve-fit-head");
      await head.waitFor();
      for (const k of ["a", "b", "c"]) {
        assert.equal(Number(await head.getAttribute(`data-${k}`)), api.fit.head[k], k);
        assert.equal(
          Number(await page.locator("#fit-head").getAttribute(`data-${k}`)),
          api.fit.head[k],
          `drawn curve ${k}`,
        );
      }
      const text = (await head.textContent())!;
      assert.ok(text.includes(`R² ${api.fit.head.r2.toFixed(4)}`), text);
      assert.ok(Number(await page.locator("#fit-head").getAttribute("data-points")) > 10);
      assert.ok(Number(await page.locator("#design-head").getAttribute("data-points")) > 10);
      assert.equal(await page.locator("#curve-head .curve-data").count(), api.n);
      assert.ok(await page.locator("#fit-efficiency").count() === 1, "efficiency fitted too");

      const marker = page.locator("#curve-head-op");
      const before = Number(await marker.getAttribute("data-flow"));
      const flowBefore = rt.twins.get("p1")!.values.flow as number;
      assert.ok(Math.abs(before - flowBefore / 3.6) < 1e-6, `${before} vs ${flowBefore / 3.6}`);
      const cxBefore = Number(await marker.getAttribute("cx"));

      // A command slows the pump: the marker moves to the new, lower flow.
      const r = await setSpeed(server.url, 70);
      assert.equal(r.status, 200, await r.text());
      rt.runFor(10_000);
      const flowAfter = (rt.twins.get("p1")!.values.flow as number) / 3.6;
      assert.ok(flowAfter < before - 5, `flow ${before} -> ${flowAfter}`);
      await page.waitForFunction(
        (want) => {
          const el = document.querySelector("#curve-head-op");
          return el !== null && Math.abs(Number(el.getAttribute("data-flow")) - want) < 1e-6;
        },
        flowAfter,
        { timeout: 10_000 },
      );
      assert.ok(Number(await marker.getAttribute("cx")) < cxBefore, "moved left");
      // Off nominal speed, the fitted curve is drawn at the pump's speed too.
      await page.locator("#fit-head-speed").waitFor();
      await Deno.mkdir(SHOTS, { recursive: true });
      await page.locator("#pump-curves").screenshot({
        path: new URL("pump_curves.png", SHOTS).pathname,
      });
    }, { virtual: true }),
});
