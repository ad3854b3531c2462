/**
 * Trends on a twin's page in Debian's chromium, against a plant that records
 * history on virtual time: the chart draws what history holds for the last
 * hour (every sample, counted), a live sample is appended at the seam
 * without a duplicate, the 24 h preset reads buckets, a drag across the
 * chart zooms and reads raw samples again, and the page fits a phone. The
 * fleet card's sparklines read the last hour in one request.
 * Screenshots land in tests/screenshots/.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browserTestOptions, withPage } from "./browser_harness.ts";

const T0 = Date.UTC(2026, 0, 1);
const STEP = 5_000;
const H = 3_600_000;
const SHOTS = new URL("./screenshots/", import.meta.url);

const plant = {
  name: "trends-test",
  seed: 3,
  start: new Date(T0).toISOString(),
  step_s: STEP / 1000,
  twins: [{ id: "site-1", kind: "cooling_site" }],
  // Every sample stored, so the chart's rows can be counted.
  history: { defaults: { max_interval_s: 0 } },
};

const chart = (page: Page, point: string) => page.locator(`figure.trend[data-point="${point}"]`);

/** Wait until the chart of `point` plots `n` rows; return its data attributes. */
async function plotted(page: Page, point: string, n: number): Promise<Record<string, string>> {
  const read = (p: string) => {
    const el = document.querySelector(`figure.trend[data-point="${p}"]`) as HTMLElement | null;
    return el ? { ...el.dataset } : undefined;
  };
  try {
    const handle = await page.waitForFunction(
      ([p, want]) => {
        const el = document.querySelector(`figure.trend[data-point="${p}"]`) as HTMLElement | null;
        return el && Number(el.dataset.plotted) === want ? { ...el.dataset } : false;
      },
      [point, n] as const,
      { timeout: 15_000 },
    );
    return await handle.jsonValue() as Record<string, string>;
  } catch (e) {
    const seen = JSON.stringify(await page.evaluate(read, point));
    throw new Error(`the ${point} chart never plotted ${n} rows; it shows ${seen}`, { cause: e });
  }
}

/**
 * Wait until the trends have sent their `n`th history read and drawn its answer (the
 * range's buttons change the range at once, and the read follows after the render).
 */
async function settled(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const el = document.querySelector(".trends") as HTMLElement | null;
      return el && Number(el.dataset.fetches) >= want && el.dataset.state === "ready";
    },
    n,
  );
}

/** Samples at multiples of the step within `from`..`to`, both included (the plant starts on one). */
function samplesIn(from: number, to: number): number {
  return Math.floor((to - T0) / STEP) - Math.ceil((from - T0) / STEP) + 1;
}

Deno.test({
  name: "trends: history joined with live values, presets, drag to zoom, phone width",
  ...browserTestOptions,
  fn: () =>
    withPage(plant, async (page, server) => {
      await Deno.mkdir(SHOTS, { recursive: true });
      // Wide enough that 24 h reads 1-minute buckets with room to spare (a scroll bar coming
      // or going must not move the chart across the width where it would read 5-minute ones).
      await page.setViewportSize({ width: 1440, height: 900 });
      const rt = server.runtime;
      rt.runFor(3 * H);
      server.recorder!.flush();
      const now = rt.clock.now();
      const requests: URL[] = [];
      page.on("request", (r) => {
        if (r.url().includes("/api/history")) requests.push(new URL(r.url()));
      });

      // The fleet card: a sparkline per key value, the last hour's 60 minutes, in one read.
      await page.goto(server.url);
      const spark = page.locator('li.card[data-twin="site-1"] [data-point="supply_temp"] canvas');
      await spark.and(page.locator('[data-values="60"]')).waitFor({ timeout: 15_000 });
      assert.equal(requests.length, 1, "one history read for every sparkline on screen");
      assert.equal(requests[0].searchParams.get("step"), "1m");
      assert.deepEqual(
        requests[0].searchParams.get("series")!.split(",").sort(),
        ["site-1:fan_speed", "site-1:hashrate", "site-1:pue", "site-1:supply_temp"],
      );
      requests.length = 0;

      await page.goto(`${server.url}/twins/site-1`);
      // The last hour, every stored sample: 721 five-second samples, the
      // latest of which is also the live value, drawn once.
      const first = await plotted(page, "supply_temp", samplesIn(now - H, now));
      assert.equal(first.historyRows, "721");
      assert.equal(first.liveSamples, "0", "the live value history already holds is not repeated");
      assert.equal(first.lastTs, String(now));
      assert.equal(Number(first.last), rt.twins.get("site-1")!.values.supply_temp);
      assert.equal(first.bucketed, "false");
      const trends = page.locator(".trends");
      assert.equal(await trends.getAttribute("data-step"), "raw");
      assert.equal(requests.length, 1);
      assert.equal(requests[0].searchParams.get("from"), String(now - H));
      assert.equal(requests[0].searchParams.has("step"), false);
      // The cooling site's key points are charted, each with its unit.
      const shown = await page.locator("figure.trend").evaluateAll((els) =>
        els.map((e) => (e as HTMLElement).dataset.point)
      );
      assert.ok(shown.includes("supply_temp") && shown.length >= 2, `charts: ${shown}`);
      assert.match(
        (await chart(page, "supply_temp").locator("figcaption").textContent())!,
        /supply temp \(°C\)supply temp, 2026-01-01 02:00:00 to 2026-01-01 03:00:00 UTC: 721 recorded samples; from [\d.]+ °C to [\d.]+ °C, latest [\d.]+ °C\./,
      );
      // A step later the stream brings a new sample, appended after history.
      rt.runFor(STEP);
      const live = await plotted(page, "supply_temp", 722);
      assert.equal(live.liveSamples, "1");
      assert.equal(live.lastTs, String(now + STEP));
      assert.equal(Number(live.last), rt.twins.get("site-1")!.values.supply_temp);
      assert.equal(requests.length, 1, "live values need no new read");
      await page.locator(".trends").screenshot({
        path: new URL("trends_desktop_1h.png", SHOTS).pathname,
      });

      // 24 h: buckets of a width fitting the chart; three hours of them hold data.
      await page.locator("button", { hasText: "24 h" }).click();
      await page.waitForFunction(() =>
        document.querySelector(".trends")?.getAttribute("data-state") === "ready" &&
        (document.querySelector('figure.trend[data-point="supply_temp"]') as HTMLElement)
            ?.dataset.bucketed === "true"
      );
      const day = await chart(page, "supply_temp").evaluate((e) => ({
        ...(e as HTMLElement).dataset,
      }));
      const step = Number(await trends.getAttribute("data-step"));
      assert.equal(step, 60_000, "24 h on a wide screen reads 1-minute buckets");
      assert.equal(day.step, String(step));
      const buckets = Number(day.historyRows);
      assert.ok(
        Math.abs(buckets - 3 * H / step) <= 2,
        `${buckets} buckets of ${step} ms over 3 h of data`,
      );
      assert.equal(requests.length, 2);
      assert.equal(requests[1].searchParams.get("step"), "1m");
      await page.locator(".trends").screenshot({
        path: new URL("trends_desktop_24h.png", SHOTS).pathname,
      });

      // Ten minutes on, the live 24 h range is read again, so its live tail becomes buckets.
      rt.runFor(10 * 60_000);
      server.recorder!.flush();
      await page.waitForFunction(() =>
        Number(document.querySelector(".trends")?.getAttribute("data-fetches")) >= 3 &&
        document.querySelector(".trends")?.getAttribute("data-state") === "ready"
      ).catch(async (e) => {
        const state = await trends.evaluate((el) => ({ ...(el as HTMLElement).dataset }));
        throw new Error(
          `no re-read: ${JSON.stringify(state)}, clock ${rt.clock.now()}, ` +
            `requests ${requests.map(String)}`,
          { cause: e },
        );
      });
      assert.equal(requests.length, 3, `requests ${requests.map(String)}`);
      assert.equal(requests[2].searchParams.get("step"), "1m");
      await page.waitForFunction(
        (before) =>
          Number(
            (document.querySelector('figure.trend[data-point="supply_temp"]') as HTMLElement)
              ?.dataset.historyRows,
          ) >= before + 10,
        buckets,
      );

      // Drag across the last 90 minutes: a fixed range, read again as raw samples.
      const [from, to] = [
        Number(await trends.getAttribute("data-from")),
        Number(await trends.getAttribute("data-to")),
      ];
      const over = chart(page, "supply_temp").locator(".u-over");
      const box = (await over.boundingBox())!;
      const x = (t: number) => box.x + box.width * (t - from) / (to - from);
      const y = box.y + box.height / 2;
      await page.mouse.move(x(now - 100 * 60_000), y);
      await page.mouse.down();
      await page.mouse.move(x(now - 40 * 60_000), y, { steps: 5 });
      await page.mouse.move(x(now - 10 * 60_000), y, { steps: 5 });
      await page.mouse.up();
      await settled(page, 4);
      assert.equal(await trends.getAttribute("data-live"), "false");
      assert.equal(requests.length, 4);
      assert.equal(requests[3].searchParams.has("step"), false, "90 minutes read raw samples");
      const zf = Number(await trends.getAttribute("data-from"));
      const zt = Number(await trends.getAttribute("data-to"));
      assert.ok(
        Math.abs(zf - (now - 100 * 60_000)) < 3 * 60_000,
        `zoom from ${new Date(zf).toISOString()}`,
      );
      assert.ok(
        Math.abs(zt - (now - 10 * 60_000)) < 3 * 60_000,
        `zoom to ${new Date(zt).toISOString()}`,
      );
      const zoomed = await plotted(page, "supply_temp", samplesIn(zf, zt));
      assert.equal(zoomed.bucketed, "false");
      assert.equal(zoomed.liveSamples, "0", "a range in the past takes no live values");
      // A fixed range stays put while the plant runs on.
      rt.runFor(STEP);
      const clock = new Date(rt.clock.now()).toISOString().slice(11, 19);
      await page.locator("#points-table caption", { hasText: `${clock} UTC` }).waitFor();
      assert.equal(Number(await trends.getAttribute("data-to")), zt);
      await page.locator(".trends").screenshot({
        path: new URL("trends_desktop_zoomed.png", SHOTS).pathname,
      });

      // Earlier, by keyboard: half a span back, read again.
      await page.locator("button", { hasText: "Earlier" }).focus();
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        (before) => Number(document.querySelector(".trends")?.getAttribute("data-from")) < before,
        zf,
      );
      assert.equal(requests.length, 5);

      // Shift-drag moves the range with the pointer: dragging right shows what came before.
      const [pf, pt] = [
        Number(await trends.getAttribute("data-from")),
        Number(await trends.getAttribute("data-to")),
      ];
      const pbox = (await over.boundingBox())!;
      await page.keyboard.down("Shift");
      await page.mouse.move(pbox.x + pbox.width * 0.25, y);
      await page.mouse.down();
      await page.mouse.move(pbox.x + pbox.width * 0.75, y, { steps: 5 });
      await page.mouse.up();
      await page.keyboard.up("Shift");
      await page.waitForFunction(
        (before) => Number(document.querySelector(".trends")?.getAttribute("data-from")) < before,
        pf,
      );
      const moved = pf - Number(await trends.getAttribute("data-from"));
      assert.ok(
        Math.abs(moved - (pt - pf) / 2) < (pt - pf) * 0.05,
        `half the range earlier: ${moved} ms of ${pt - pf}`,
      );
      assert.equal(
        Number(await trends.getAttribute("data-to")) -
          Number(await trends.getAttribute("data-from")),
        pt - pf,
        "the same width",
      );
      assert.equal(requests.length, 6);
      // Phone width: nothing overflows, the chart fits the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator("button", { hasText: "1 h" }).click();
      await settled(page, 7);
      assert.equal(await trends.getAttribute("data-live"), "true");
      await page.waitForFunction(() => {
        const c = document.querySelector("figure.trend canvas") as HTMLCanvasElement | null;
        return c && c.getBoundingClientRect().right <= 390;
      });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(overflow <= 390, `the page is ${overflow} px wide at 390 px`);
      await page.locator(".trends").screenshot({
        path: new URL("trends_phone_1h.png", SHOTS).pathname,
      });
      await page.screenshot({
        path: new URL("twin_page_phone.png", SHOTS).pathname,
        fullPage: true,
      });
    }, { virtual: true, recordHistory: true, recorder: { flushSteps: 100 } }),
});
