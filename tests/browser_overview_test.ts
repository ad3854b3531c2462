/**
 * The operator overview, the wall display, the audible alarm and colour
 * contrast, in Debian's chromium against the real runtime on virtual time.
 * An RTU that loses communication (critical) and a site over a supply limit
 * (high) lead the grid and the "Needs attention" list, their cards say the
 * alarm in words with units and outline the alarming value, and the plant
 * figures add up to what the API reports. The wall shows the group holding
 * the alarm first, moves on by itself, and holds still under the pointer
 * and while the keyboard focus is in it.
 * The alarm sound, once switched on, plays for a new critical alarm (the
 * page shows **Silence**) and is remembered. Every text on the overview,
 * a twin page, the alarm list and the wall passes WCAG 2.1 contrast.
 * Screenshots at desktop and phone width land in tests/screenshots/.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browserTestOptions, withPage } from "./browser_harness.ts";
import { checkContrast } from "./contrast_check.ts";
import type { TestServer } from "./test_server.ts";

const SHOTS = new URL("./screenshots/", import.meta.url);
const T0 = Date.UTC(2026, 0, 1);

const plant = {
  name: "overview-browser",
  start: new Date(T0).toISOString(),
  step_s: 1,
  seed: 11,
  twins: [
    { id: "site-{i:02}", name: "Cooling site {i}", kind: "cooling_site", count: 24 },
    { id: "well-{i}", name: "Well {i}", kind: "well", count: 2 },
    { id: "rtu-{i}", name: "RTU {i}", kind: "rtu", count: 3 },
  ],
  alarms: {
    definitions: [
      {
        name: "comm",
        kind: "rtu",
        priority: "critical",
        condition: { type: "state", point: "comm_ok", in: [false] },
      },
      {
        name: "supply_temp",
        twin: "site-17",
        priority: "high",
        condition: { type: "limit", point: "supply_temp", h: 1 },
      },
    ],
  },
};

async function command(server: TestServer, twin: string, type: string, args = {}) {
  const res = await fetch(`${server.url}/api/twins/${twin}/commands`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type, args }),
  });
  assert.equal(res.status, 200, await res.text());
}

async function assertContrast(page: Page, where: string) {
  const { checked, failures } = await checkContrast(page);
  assert.ok(checked > 10, `${where}: only ${checked} texts judged`);
  assert.deepEqual(failures, [], `${where}: texts below WCAG contrast`);
}

Deno.test({
  name:
    "overview and wall: abnormal twins first, alarms in words, figures, sound, cycling, contrast",
  ...browserTestOptions,
  fn: () =>
    withPage(plant, async (page, server) => {
      await command(server, "rtu-2", "inject_fault", { fault: "comm_loss" });
      server.runtime.runFor(30_000);
      await page.emulateMedia({ reducedMotion: "reduce" });
      await page.goto(server.url);
      await page.locator("li.card").nth(server.runtime.twins.size - 1).waitFor();

      // Abnormal first: the critical RTU, then the site in high alarm.
      await page.waitForFunction(() =>
        document.querySelector("li.card")?.getAttribute("data-twin") === "rtu-2"
      );
      const firstTwo = await page.locator("li.card").evaluateAll((els) =>
        els.slice(0, 2).map((e) => e.getAttribute("data-twin"))
      );
      assert.deepEqual(firstTwo, ["rtu-2", "site-17"]);
      const attention = await page.locator(".attention-list li").evaluateAll((els) =>
        els.map((e) => e.getAttribute("data-twin"))
      );
      assert.deepEqual(attention.slice(0, 2), ["rtu-2", "site-17"]);

      // Their cards: the alarm in words with units, and the alarming value outlined.
      const site = page.locator('li.card[data-twin="site-17"]');
      const words = await site.locator(".card-alarm-text").textContent();
      const api = await (await fetch(`${server.url}/api/alarms/site-17/supply_temp_h`)).json();
      assert.equal(api.point, "supply_temp");
      assert.match(words!, /^Cooling site 17 supply temperature high: \d+\.\d+ °C \(limit 1 °C\)$/);
      assert.equal(await site.locator(".card-alarm .prio").textContent(), "▲high");
      assert.equal(await site.locator('[data-point="supply_temp"].kv-alarm').count(), 1);
      assert.equal(await site.locator('[data-point="fan_speed"].kv-alarm').count(), 0);
      assert.equal(
        await page.locator('li.card[data-twin="rtu-2"] .card-alarm-text').textContent(),
        "RTU 2 communication OK: no (alarm at no)",
      );
      assert.equal(await page.locator('li.card[data-twin="site-03"] .card-alarm').count(), 0);

      // Figures by kind agree with the twins the API lists.
      const twins = await (await fetch(`${server.url}/api/twins`)).json() as {
        kind: string;
        mode: string;
      }[];
      const online = twins.filter((t) => t.kind === "rtu" && t.mode === "online").length;
      assert.equal(
        await page.locator('.kpi-panel[data-kind="rtu"] [data-kpi="online"] dd').textContent(),
        `${online} / 3`,
      );
      assert.equal(online, 2);
      const running = twins.filter((t) => t.kind === "cooling_site" && t.mode === "running");
      assert.equal(
        await page.locator('.kpi-panel[data-kind="cooling_site"] [data-kpi="running"] dd')
          .textContent(),
        `${running.length} / 24`,
      );
      assert.match(
        (await page.locator('.kpi-panel[data-kind="cooling_site"] [data-kpi="max supply"] dd')
          .textContent())!,
        /^\d+\.\d+ °C$/,
      );

      await Deno.mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: new URL("overview_desktop.png", SHOTS).pathname });
      await assertContrast(page, "overview");

      // The alarm sound: off until switched on; a new critical alarm sounds once.
      const toggle = page.locator("#alarm-sound");
      assert.equal(await toggle.isChecked(), false);
      await toggle.check();
      assert.equal(await page.evaluate(() => localStorage.getItem("fieldtwin.alarmSound")), "on");
      await command(server, "rtu-3", "inject_fault", { fault: "comm_loss" });
      server.runtime.runFor(2_000);
      await page.locator("#alarm-silence").click();
      await page.locator("#alarm-silence").waitFor({ state: "detached" });

      // A phone: nothing overflows.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: new URL("overview_phone.png", SHOTS).pathname });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `the overview is ${width} px wide at 390`);
      await page.setViewportSize({ width: 1280, height: 900 });

      // A twin page and the alarm list pass contrast too; the sound choice is remembered.
      await page.goto(`${server.url}/twins/site-17`);
      await page.locator("#clock").waitFor();
      await page.locator("#points-title").waitFor();
      assert.equal(await page.locator("#alarm-sound").isChecked(), true);
      await assertContrast(page, "twin page");
      await page.goto(`${server.url}/alarms`);
      await page.locator("tbody tr").first().waitFor();
      await assertContrast(page, "alarm list");

      // The wall: one page of big tiles per group, the group with the alarm first.
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.goto(`${server.url}/wall?per=8&every=3`);
      const grid = page.locator(".wall-grid");
      await grid.locator("li.wall-tile").nth(7).waitFor();
      assert.equal(await page.locator(".app-header").count(), 0, "no app chrome");
      // Sites 17-24 hold the alarm, so that group comes first.
      assert.equal(await grid.getAttribute("data-group-start"), "16");
      assert.match((await page.locator("#wall-group").textContent())!, /^group 1 of 3 · 17–24/);
      assert.equal(
        await page.locator("#alarm-sound").isChecked(),
        true,
        "the sound is on here too",
      );
      const tile = grid.locator('li.wall-tile[data-twin="site-17"]');
      assert.match((await tile.getAttribute("class"))!, /concern-alarm/);
      const size = await tile.locator(".wall-value").evaluate((e) =>
        parseFloat(getComputedStyle(e).fontSize)
      );
      assert.ok(size >= 30, `the key value is ${size} px on a 1920 px wall`);
      await page.screenshot({ path: new URL("wall_desktop.png", SHOTS).pathname });
      await assertContrast(page, "wall");

      // It moves on by itself, to the next group in plant order.
      await page.mouse.move(5, 5);
      await page.waitForFunction(() =>
        document.querySelector(".wall-grid")?.getAttribute("data-group-start") === "0"
      );
      // Under the pointer it holds: two periods later it still shows the same group.
      await grid.hover();
      await page.locator(".wall[data-paused]").waitFor();
      const held = await grid.getAttribute("data-group-start");
      await page.waitForTimeout(4_500);
      assert.equal(await grid.getAttribute("data-group-start"), held);
      // Keyboard focus holds it too, and the keyboard steps it.
      await page.mouse.move(5, 5);
      await page.locator(".wall:not([data-paused])").waitFor();
      await page.getByRole("button", { name: "Next group" }).focus();
      await page.locator(".wall[data-paused]").waitFor();
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        (h) => document.querySelector(".wall-grid")?.getAttribute("data-group-start") !== h,
        held,
      );

      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: new URL("wall_phone.png", SHOTS).pathname });
      const wallWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wallWidth <= 390, `the wall is ${wallWidth} px wide at 390`);
    }, { virtual: true }),
});
