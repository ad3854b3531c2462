/**
 * Browser tests of the process displays at the top of a twin's page,
 * against the real runtime on virtual time in Debian's chromium: the
 * drawing shows the value the API gives and follows the plant as it runs;
 * a pump or unit stopped by command is drawn stopped; an element leads to
 * its detail (a pump to its own page, a value to its point's row, the card
 * thumbnail to the card), by mouse and by keyboard; the drawing fits a
 * 390 px phone. Screenshots at desktop and phone width land in
 * tests/screenshots/.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browserTestOptions, withPage } from "./browser_harness.ts";
import type { TestServer } from "./test_server.ts";
import { formatWithUnit } from "../web/ui/display_format.ts";

const opts = browserTestOptions;
const SHOTS = new URL("./screenshots/", import.meta.url);

const plant = {
  name: "Process display test plant",
  seed: 5,
  twins: [
    {
      id: "station-1",
      kind: "pump_station",
      // Lead and lag on the level control, and a VFD pump outside it (as in the demo plant).
      params: {
        pumps: [
          {
            suffix: "p1",
            initial_status: "running",
            control: { start_below_m: 3, stop_above_m: 5.5 },
          },
          { suffix: "p2", control: { start_below_m: 2, stop_above_m: 4.5 } },
          { suffix: "p3", vfd: true, speed_pct: 90 },
        ],
      },
    },
    { id: "site-1", kind: "cooling_site" },
    { id: "well-1", kind: "well" },
    // Fed by nothing but what a driver writes into it (here the test itself).
    { id: "remote-1", kind: "cooling_site", source: { type: "none" } },
  ],
  // Named as the demo plant names it: singular, where the point is plural.
  alarms: {
    definitions: [{
      name: "fan_failed",
      kind: "cooling_site",
      priority: "medium",
      description: "A dry-cooler fan drive reports a fault.",
      condition: { type: "limit", point: "fans_failed", h: 0 },
    }],
  },
};

/** A point's value and unit as the API gives them now, formatted as the UI formats them. */
async function apiText(server: TestServer, twin: string, point: string): Promise<string> {
  const res = await fetch(`${server.url}/api/twins/${twin}`);
  const body = await res.json();
  const p = body.points[point];
  return formatWithUnit(p.value, p.unit);
}

/** Send a command through the HTTP API. */
async function command(server: TestServer, twin: string, type: string, args = {}) {
  const res = await fetch(`${server.url}/api/twins/${twin}/commands`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type, args }),
  });
  assert.equal(res.status, 200, await res.text());
}

/** The text of the value `point` shows on the drawing. */
const valueText = (page: Page, point: string) =>
  page.locator(`.pd-svg a[data-point="${point}"] [data-value-text]`);

/** Wait until the drawing shows `text` for `point`. */
async function showsValue(page: Page, point: string, text: string): Promise<void> {
  await valueText(page, point).filter({ hasText: new RegExp(`^${escapeRe(text)}$`) }).waitFor({
    timeout: 10_000,
  });
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Screenshots at desktop width and at 390 px, where the drawing must not overflow. */
async function shots(page: Page, name: string): Promise<void> {
  await Deno.mkdir(SHOTS, { recursive: true });
  const display = page.locator("#process-display");
  await display.screenshot({ path: new URL(`process_${name}_desktop.png`, SHOTS).pathname });
  await page.setViewportSize({ width: 390, height: 844 });
  // The section holds its drawing without scrolling sideways (the page's own header is not ours).
  await page.waitForFunction(() => {
    const el = document.querySelector("#process-display")!;
    return el.getBoundingClientRect().right <= 390 && el.scrollWidth <= el.clientWidth;
  });
  const box = await page.locator("#process-display .pd-svg").boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `drawing within 390 px: ${box}`);
  // The drawing's smallest value text stays readable on a phone.
  const px = await page.locator("#process-display .pd-svg .pd-num").first().evaluate((el) =>
    (el as SVGGraphicsElement).getBoundingClientRect().height
  );
  assert.ok(px >= 10, `value text ${px} px high at phone width`);
  await display.screenshot({ path: new URL(`process_${name}_phone.png`, SHOTS).pathname });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The station schematic. */
async function stationSteps(page: Page, server: TestServer): Promise<void> {
  const rt = server.runtime;
  rt.runFor(10_000);
  await page.goto(`${server.url}/twins/station-1`);
  await page.locator('.pd-svg[data-display="pump_station"]').waitFor();
  const first = await apiText(server, "station-1", "tank_level");
  await showsValue(page, "tank_level", first);

  // The level control runs both pumps in auto: bands solid, each pump says its band.
  const p1 = page.locator('g[data-pump="station-1-p1"]');
  await p1.locator("[data-control]", { hasText: "level ctl 3–5.5 m" }).waitFor();
  assert.equal(
    await page.locator('g[data-pump="station-1-p2"] [data-control]').textContent(),
    "level ctl 2–4.5 m",
  );
  assert.equal(
    await page.locator('g[data-pump="station-1-p3"] [data-control]').textContent(),
    "not in level ctl",
  );
  assert.equal(await page.locator(".pd-band:not(.pd-band-idle)").count(), 2);
  assert.equal(await page.locator('.pd-band[data-band="station-1-p3"]').count(), 0);

  // The level follows the plant on virtual time.
  rt.runFor(180_000);
  const later = await apiText(server, "station-1", "tank_level");
  assert.notEqual(later, first, "three minutes on, the level has moved");
  await showsValue(page, "tank_level", later);

  // Manual mode, then p1 stopped by command: drawn hollow and saying so.
  await command(server, "station-1", "set_mode", { mode: "manual" });
  if (rt.twins.get("station-1-p1")!.mode !== "running") {
    await command(server, "station-1-p1", "start");
    rt.runFor(30_000);
  }
  await p1.locator('.pd-machine[data-fill="solid"]').waitFor();
  await command(server, "station-1-p1", "stop");
  rt.runFor(10_000);
  await p1.locator('.pd-machine[data-fill="hollow"][data-state="stopped"]').waitFor();
  assert.equal(await p1.locator("[data-state-text]").textContent(), "stopped");
  assert.equal(await p1.locator("[data-control]").textContent(), "manual");
  assert.equal(await page.locator(".pd-band.pd-band-idle").count(), 2);
  const link = page.locator('a.pd-twin[data-twin="station-1-p1"]');
  assert.match((await link.getAttribute("aria-label"))!, /^Pump p1: stopped, speed /);

  // An overloaded pump trips: hollow, crossed, in the alarm colour, and its name says so.
  await command(server, "station-1-p3", "start");
  rt.runFor(30_000);
  await command(server, "station-1-p3", "inject_fault", { fault: "motor_overload", severity: 1 });
  rt.runFor(30_000);
  assert.equal(rt.twins.get("station-1-p3")!.mode, "tripped");
  const p3 = page.locator('g[data-pump="station-1-p3"]');
  await p3.locator('.pd-machine.pd-abnormal[data-state="tripped"]').waitFor();
  assert.equal(await p3.locator(".pd-cross").count(), 1);
  assert.match(
    (await page.locator('a.pd-twin[data-twin="station-1-p3"]').getAttribute("aria-label"))!,
    /^Pump p3: tripped, .*, in alarm\. Open the pump's page$/,
  );

  await shots(page, "station");

  // The tank leads to its level's row in the points table.
  await page.locator('.pd-svg [data-area="tank_level"]').click();
  await page.waitForFunction(() =>
    document.activeElement?.tagName === "TR" &&
    document.activeElement.getAttribute("data-point") === "tank_level"
  );

  // A pump leads to its own page, by keyboard too.
  await link.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(`${server.url}/twins/station-1-p1`);
  await page.locator("article.twin-page[data-twin='station-1-p1']").waitFor();
  await page.goBack();
  await page.locator('a.pd-twin[data-twin="station-1-p2"]').click();
  await page.waitForURL(`${server.url}/twins/station-1-p2`);
}

/** The cooling loop. */
async function coolingSteps(page: Page, server: TestServer): Promise<void> {
  const rt = server.runtime;
  rt.runFor(10_000);
  await page.goto(`${server.url}/twins/site-1`);
  await page.locator('.pd-svg[data-display="cooling_site"]').waitFor();
  const fans = page.locator(".pd-svg g[data-fan] .pd-machine");
  await page.locator('.pd-svg g[data-fan="9"]').waitFor();
  assert.equal(await fans.count(), 10, "the site's ten fans");
  assert.equal(await page.locator('.pd-svg g[data-fan] [data-state="running"]').count(), 10);
  const supply = await apiText(server, "site-1", "supply_temp");
  await showsValue(page, "supply_temp", supply);
  await showsValue(page, "return_temp", await apiText(server, "site-1", "return_temp"));

  // Two fans fail: drawn last, crossed and in the alarm colour.
  await command(server, "site-1", "inject_fault", { fault: "fan_failure", severity: 0.2 });
  rt.runFor(5_000);
  const failed = Number(
    (await (await fetch(`${server.url}/api/twins/site-1`)).json()).points.fans_failed.value,
  );
  assert.ok(failed >= 1, `fans failed: ${failed}`);
  await page.locator(`.pd-svg g[data-fan] [data-state="failed"]`).nth(failed - 1).waitFor();
  assert.equal(await page.locator(".pd-svg g[data-fan] .pd-abnormal").count(), failed);
  assert.equal(
    await page.locator(`.pd-svg g[data-fan="9"] .pd-machine`).getAttribute("data-state"),
    "failed",
  );
  // The alarm on fans_failed marks its value with the alarm shape and colour, and says so.
  const failedValue = page.locator('.pd-svg a.pd-alarm[data-point="fans_failed"]');
  await failedValue.waitFor();
  assert.match((await failedValue.getAttribute("aria-label"))!, /, in alarm: show the point$/);
  assert.equal(await failedValue.locator(".pd-alarm-mark").count(), 1);
  assert.equal(await page.locator(".pd-svg a.pd-alarm").count(), 1, "only the alarming value");
  await shots(page, "cooling");

  // Stopped by command: every fan and pump stands still (hollow), the values follow.
  await command(server, "site-1", "clear_fault", {});
  await command(server, "site-1", "stop");
  rt.runFor(10_000);
  await page.locator('.pd-svg g[data-site-pump] [data-state="stopped"][data-fill="hollow"]')
    .waitFor();
  assert.equal(await page.locator('.pd-svg g[data-fan] [data-state="stopped"]').count(), 10);
  await showsValue(page, "supply_temp", await apiText(server, "site-1", "supply_temp"));

  // A value leads to its point's row.
  await page.locator('.pd-svg a[data-point="supply_temp"]').click();
  await page.waitForFunction(() =>
    document.activeElement?.getAttribute("data-point") === "supply_temp" &&
    document.activeElement.tagName === "TR"
  );
}

/** A driver-fed site whose values go stale. */
async function staleSteps(page: Page, server: TestServer): Promise<void> {
  const rt = server.runtime;
  rt.twins.get("remote-1")!.update(
    { supply_temp: 31.5, fan_speed: 40, pump_speed: 80, running: true },
    rt.clock.now(),
  );
  await page.goto(`${server.url}/twins/remote-1`);
  await showsValue(page, "supply_temp", "31.50 °C");
  assert.equal(await page.locator(".pd-svg g[data-fan] .pd-stale").count(), 0);
  // No sample for a few scan periods: the server calls it uncertain, the drawing marks it.
  rt.runFor(30_000);
  await showsValue(page, "supply_temp", "31.50 °C ?");
  const supply = page.locator('.pd-svg a[data-point="supply_temp"]');
  assert.match((await supply.getAttribute("class"))!, /\bq-uncertain\b/);
  assert.match((await supply.getAttribute("aria-label"))!, /stale, quality uncertain/);
  // Fans drawn from a stale speed are hatched and faded.
  await page.locator(".pd-svg g[data-fan] .pd-machine.pd-stale").first().waitFor();
  assert.equal(await page.locator(".pd-svg g[data-fan] .pd-stale").count(), 10);
}

/** The well display. */
async function wellSteps(page: Page, server: TestServer): Promise<void> {
  const rt = server.runtime;
  rt.runFor(30_000);
  await page.goto(`${server.url}/twins/well-1`);
  await page.locator('.pd-svg[data-display="well"]').waitFor();
  const unit = page.locator(".pd-svg .pd-unit");
  assert.equal(await unit.getAttribute("data-state"), "pumping");
  await page.locator(".pd-svg [data-card-link] path.pd-card-path").waitFor();
  const level = await apiText(server, "well-1", "fluid_level");
  await showsValue(page, "fluid_level", level);
  await page.locator(".pd-svg [data-diagnosis]", { hasText: /\w/ }).waitFor();

  // The beam follows the rod through the stroke.
  const tilts = new Set<string>();
  for (let i = 0; i < 4; i++) {
    rt.runFor(2_500);
    await showsValue(
      page,
      "polished_rod_load",
      await apiText(server, "well-1", "polished_rod_load"),
    );
    tilts.add((await unit.getAttribute("data-tilt"))!);
  }
  assert.ok(tilts.size >= 2, `the beam moved: ${[...tilts]}`);
  await shots(page, "well");

  // Shut in by command: the unit is drawn stopped (hollow), the level builds back.
  await command(server, "well-1", "shut_in");
  rt.runFor(120_000);
  await page.locator('.pd-svg .pd-unit[data-state="stopped"].pd-hollow').waitFor();
  const after = await apiText(server, "well-1", "fluid_level");
  assert.notEqual(after, level);
  await showsValue(page, "fluid_level", after);

  // The card thumbnail leads to the card, by keyboard.
  await page.locator(".pd-svg [data-card-link]").focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.id === "card-title");
}

Deno.test({
  name:
    "process displays: station, cooling loop and well live on the drawing, by mouse and keyboard",
  ...opts,
  fn: () =>
    withPage(plant, async (page, server) => {
      // One server and one browser for the three displays: each start costs more than a display.
      await stationSteps(page, server);
      await coolingSteps(page, server);
      await staleSteps(page, server);
      await wellSteps(page, server);
    }, { virtual: true }),
});
