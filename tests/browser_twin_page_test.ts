/**
 * Browser tests of a twin's page against the real runtime and server, in
 * Debian's chromium: each value's age read on the runtime clock (virtual
 * time here, far from the browser's own clock) and visibly stale once the
 * server calls it so; the source detail fetched again while the page is
 * open and shown with its time; command forms that open on the twin's
 * current setting and keep the user's choice; commands the twin's state
 * refuses disabled with the reason.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browserTestOptions, withPage } from "./browser_harness.ts";

const opts = browserTestOptions;

const plant = {
  name: "Twin page test plant",
  seed: 11,
  twins: [
    { id: "site-1", kind: "cooling_site" },
    { id: "rtu-1", kind: "rtu", params: { assets: ["site-1"] } },
    { id: "station-1", kind: "pump_station" },
    // Fed by nothing but what a driver writes into it (here the test itself).
    { id: "remote-1", kind: "cooling_site", source: { type: "none" } },
  ],
};

const ageCell = (page: Page, point: string) =>
  page.locator(`#points-table tr[data-point="${point}"] td.age`);

/** Wait until `#facts-time` says the source detail was read at or after `ms` (runtime clock). */
async function detailReadSince(page: Page, ms: number): Promise<number> {
  const handle = await page.waitForFunction(
    (since) => {
      const at = Number(document.querySelector("#facts-time")?.getAttribute("data-at"));
      return at >= since ? at : false;
    },
    ms,
    { timeout: 10_000 },
  );
  return await handle.jsonValue() as number;
}

Deno.test({
  name: "twin page: each value's age runs on the runtime clock and turns visibly stale",
  ...opts,
  fn: () =>
    withPage(plant, async (page, server) => {
      const rt = server.runtime;
      rt.runFor(10_000);
      const sampledAt = rt.clock.now();
      await page.goto(`${server.url}/twins/site-1`);
      await ageCell(page, "supply_temp").filter({ hasText: "now" }).waitFor();
      assert.equal(await ageCell(page, "supply_temp").getAttribute("data-age-ms"), "0");

      // A stopped twin keeps its last samples while the plant runs on: its
      // values age on the plant's (virtual) clock, which is far from the
      // browser's own, so an age from Date.now would read in months.
      rt.stopTwin("site-1");
      rt.runFor(90_000);
      await ageCell(page, "supply_temp").filter({ hasText: "1 min ago" }).waitFor();
      assert.equal(
        Number(await ageCell(page, "supply_temp").getAttribute("data-age-ms")),
        rt.clock.now() - sampledAt,
      );
      assert.match(
        (await page.locator("#points-table caption").textContent())!,
        /^Runtime clock 2026-01-01 00:01:40 UTC/,
      );

      // A driver-fed point that gets no new sample goes stale (uncertain) on
      // the server, and its age turns to the warning style.
      const remote = rt.twins.get("remote-1")!;
      remote.update({ supply_temp: 31.5 }, rt.clock.now());
      await page.goto(`${server.url}/twins/remote-1`);
      const remoteAge = ageCell(page, "supply_temp");
      await remoteAge.filter({ hasText: "now" }).waitFor();
      assert.equal(await remoteAge.getAttribute("class"), "age age-good");
      assert.equal(await ageCell(page, "return_temp").textContent(), "never");
      rt.runFor(30_000);
      await remoteAge.filter({ hasText: "30 s ago" }).waitFor();
      await page.locator('#points-table tr[data-point="supply_temp"] .quality-uncertain').waitFor();
      assert.equal(await remoteAge.getAttribute("class"), "age age-uncertain");
      const style = await remoteAge.evaluate((el) => getComputedStyle(el).fontWeight);
      assert.equal(style, "700", "a stale age stands out");
      await page.screenshot({ path: "/tmp/fieldtwin_twin_ages.png", fullPage: true });
    }, { virtual: true }),
});

Deno.test({
  name: "twin page: the source detail is fetched again while open and shows when it was read",
  ...opts,
  fn: () =>
    withPage(plant, async (page, server) => {
      const rt = server.runtime;
      rt.runFor(5_000);
      await page.goto(`${server.url}/twins/site-1`);
      const first = await detailReadSince(page, rt.clock.now());
      const fact = page.locator('[data-fact="stored_energy_kj"] dd');
      const before = await fact.textContent();
      assert.match(
        (await page.locator("#facts-time").textContent())!,
        /^Read at 00:00:05 UTC/,
      );
      // An hour later the site is in another part of its day, in the same mode.
      rt.runFor(3_600_000);
      assert.equal(rt.twins.get("site-1")!.mode, "running");
      const second = await detailReadSince(page, rt.clock.now());
      assert.equal(second - first, 3_600_000);
      assert.match(
        (await page.locator("#facts-time").textContent())!,
        /^Read at 01:00:05 UTC/,
      );
      assert.notEqual(await fact.textContent(), before, "the detail's numbers follow the plant");
    }, { virtual: true }),
});

Deno.test({
  name: "twin page: a command form keeps the user's choice and reopens on the twin's setting",
  ...opts,
  fn: () =>
    withPage(plant, async (page, server) => {
      const rt = server.runtime;
      rt.runFor(2_000);
      await page.goto(`${server.url}/twins/station-1`);
      const form = page.locator('form[data-command="set_mode"]');
      const select = form.locator("select");
      await select.waitFor();
      assert.equal(await select.inputValue(), "auto", "the station starts in auto");

      await select.selectOption("manual");
      await form.locator('button[type="submit"]').click();
      await form.locator('[data-status="executed"]').waitFor();
      rt.runFor(2_000);
      await page.locator('#points-table tr[data-point="mode"] td.value', { hasText: "manual" })
        .waitFor();
      // Several refreshes of the page's data later, the form still says manual.
      await detailReadSince(page, rt.clock.now());
      assert.equal(await select.inputValue(), "manual");

      // A fresh page opens on the station's own setting, not the schema's first option.
      await page.reload();
      await page.locator('#points-table tr[data-point="mode"] td.value', { hasText: "manual" })
        .waitFor();
      assert.equal(await select.inputValue(), "manual");

      // A setting changed elsewhere shows on a form the user has not touched.
      const res = await fetch(`${server.url}/api/twins/station-1/commands`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "set_mode", args: { mode: "off" } }),
      });
      assert.equal(res.status, 200, await res.text());
      rt.runFor(2_000);
      await page.waitForFunction(() =>
        (document.querySelector('form[data-command="set_mode"] select') as HTMLSelectElement)
          ?.value === "off"
      );
    }, { virtual: true }),
});

Deno.test({
  name: "twin page: commands the twin's state refuses are disabled, with the reason",
  ...opts,
  fn: () =>
    withPage(plant, async (page, server) => {
      const rt = server.runtime;
      rt.runFor(2_000);
      await page.goto(`${server.url}/twins/site-1`);
      const start = page.locator('form[data-command="start"]');
      const stop = page.locator('form[data-command="stop"]');
      await start.locator("[data-refused]").waitFor();
      assert.equal(await start.locator("button").isDisabled(), true, "start on a running site");
      assert.equal(
        await start.locator("[data-refused]").textContent(),
        "not available while running",
      );
      assert.equal(await stop.locator("button").isDisabled(), false);
      assert.equal(
        await page.locator('form[data-command="inject_fault"] button').isDisabled(),
        false,
      );

      await stop.locator("button").click();
      await stop.locator('[data-confirm="yes"]').click();
      await stop.locator('[data-status="executed"]').waitFor();
      rt.runFor(2_000);
      await page.locator(".twin-head .badge", { hasText: "stopped" }).waitFor();
      await stop.locator("[data-refused]").waitFor();
      assert.equal(await stop.locator("button").isDisabled(), true);
      assert.equal(await start.locator("button").isDisabled(), false);
      assert.equal(await start.locator("[data-refused]").count(), 0);

      // A twin stopped in the runtime takes no command at all.
      await page.locator("button", { hasText: "Stop twin" }).click();
      await page.locator('.lifecycle [data-confirm="yes"]').click();
      await page.locator("button", { hasText: "Start twin" }).waitFor();
      await start.locator("[data-refused]", { hasText: "the twin is stopped; start it first" })
        .waitFor();
      assert.equal(await start.locator("button").isDisabled(), true);
      await page.screenshot({ path: "/tmp/fieldtwin_twin_refused.png", fullPage: true });
    }, { virtual: true }),
});
