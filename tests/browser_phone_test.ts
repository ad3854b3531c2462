/**
 * The UI at phone width (390 px) with alarms active: no page is wider than
 * the screen (wide tables scroll inside themselves), and the alarm banner
 * stays on screen. Saves a screenshot of each page under tests/screenshots/.
 *
 * @module
 */
import assert from "node:assert/strict";
import { browserTestOptions, withPage } from "./browser_harness.ts";

const plant = {
  name: "Phone width test plant",
  seed: 3,
  twins: [
    { id: "site-{i}", count: 3, kind: "cooling_site" },
    { id: "rtu-1", kind: "rtu", params: { assets: ["site-1"] } },
  ],
  alarms: {
    definitions: [{
      name: "always",
      kind: "cooling_site",
      priority: "high",
      description: "Supply temperature above a limit no site can stay under (for the test)",
      condition: { type: "limit", point: "supply_temp", h: -100 },
    }],
  },
};

const PAGES = ["/", "/alarms", "/alarms/journal", "/twins/site-1", "/alarms/site-1/always"];

Deno.test({
  name: "browser: at 390 px with alarms active no page scrolls sideways and the banner shows",
  ...browserTestOptions,
  fn: () =>
    withPage(plant, async (page, server) => {
      server.runtime.runFor(5_000);
      await page.setViewportSize({ width: 390, height: 844 });
      await Deno.mkdir("tests/screenshots", { recursive: true });
      const wide: string[] = [];
      for (const path of PAGES) {
        await page.goto(`${server.url}${path}`);
        await page.locator("#connection-state").filter({ hasText: "live" }).waitFor();
        await page.locator(".alarm-banner").first().waitFor();
        await page.waitForTimeout(300); // layout after the first frames
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 390) wide.push(`${path}: ${width} px`);
        const name = path === "/" ? "fleet" : path.slice(1).replaceAll("/", "_");
        await page.screenshot({ path: `tests/screenshots/phone_${name}.png`, fullPage: true });
      }
      assert.deepEqual(wide, []);
    }, { virtual: true }),
});
