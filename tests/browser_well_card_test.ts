/**
 * Browser test of a well's page against the real runtime and server, in
 * Debian's chromium, on virtual time: the surface card and the Gibbs
 * downhole card drawn on one plot with every point the API gives, and the
 * card diagnosis in the operator's words with its confidence, following
 * the well when a fault changes its card.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browserTestOptions, withPage } from "./browser_harness.ts";

const plant = { name: "Well card test plant", seed: 3, twins: [{ id: "well-01", kind: "well" }] };

interface Card {
  position: number[];
  load: number[];
}

interface WellJson {
  points: Record<string, { value: unknown }>;
  detail: { card: Card; gibbsDownholeCard: Card | null; diagnosis: { class: string } | null };
}

async function wellJson(url: string): Promise<WellJson> {
  const res = await fetch(`${url}/api/twins/well-01`);
  assert.equal(res.status, 200);
  return await res.json();
}

/** Points drawn in the path of class `cls`: its data attribute, checked against its `d`. */
async function pathPoints(page: Page, cls: string): Promise<number> {
  const path = page.locator(`svg.dyno-card path.${cls}`);
  const n = Number(await path.getAttribute("data-points"));
  const d = (await path.getAttribute("d"))!;
  assert.equal(d.split("L").length, n, `${cls}: one move and n-1 lines`);
  return n;
}

Deno.test({
  name: "well page: both cards on one plot and the diagnosis in words, following a fault",
  ...browserTestOptions,
  fn: () =>
    withPage(plant, async (page, server) => {
      const rt = server.runtime;
      rt.runFor(60_000);
      const api = await wellJson(server.url);
      assert.equal(api.points.diagnosis.value, "REGULAR_WORK", "a healthy well pumps normally");
      assert.ok(api.detail.gibbsDownholeCard, "the API gives the Gibbs downhole card");

      await page.goto(`${server.url}/twins/well-01`);
      const diag = page.locator("#card-diagnosis");
      await diag.waitFor();
      await page.locator("svg.dyno-card path.series-downhole").waitFor();
      assert.equal(await pathPoints(page, "series-surface"), api.detail.card.position.length);
      assert.equal(
        await pathPoints(page, "series-downhole"),
        api.detail.gibbsDownholeCard.position.length,
      );
      assert.deepEqual(
        await page.locator("svg.dyno-card text.axis-label").allTextContents(),
        ["Polished-rod position (m)", "Load (kN)"],
      );
      assert.deepEqual(await page.locator("figcaption .legend").allTextContents(), [
        "surface card",
        "downhole card (Gibbs)",
        "rod now",
      ]);

      assert.equal(await diag.getAttribute("data-class"), "REGULAR_WORK");
      assert.equal(await diag.locator(".diagnosis-words").textContent(), "normal pumping");
      const conf = api.points.diagnosis_confidence.value as number;
      assert.equal(Number(await diag.getAttribute("data-confidence")), conf);
      assert.equal(
        await diag.locator(".diagnosis-confidence").textContent(),
        `${Math.round(conf)}%`,
      );

      // A parted rod changes the card; the next card diagnosed says so on the page.
      const res = await fetch(`${server.url}/api/twins/well-01/commands`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "inject_fault", args: { fault: "rod_parted" } }),
      });
      assert.equal(res.status, 200, await res.text());
      rt.runFor(30_000);
      const after = await wellJson(server.url);
      assert.equal(after.points.diagnosis.value, "ROD_BROKEN");
      await page.locator('#card-diagnosis[data-class="ROD_BROKEN"]').waitFor({ timeout: 10_000 });
      assert.equal(await diag.locator(".diagnosis-words").textContent(), "parted rods");
      const confAfter = after.points.diagnosis_confidence.value as number;
      assert.equal(
        await diag.locator(".diagnosis-confidence").textContent(),
        `${Math.round(confAfter)}%`,
      );
      assert.match(
        (await diag.getAttribute("class"))!,
        /card-diagnosis-fault/,
        "a fault stands out",
      );
      // The plot follows too: the surface card drawn is the one the fault made.
      await page.waitForFunction(
        (peak) => {
          const label = document.querySelector("svg.dyno-card")?.getAttribute("aria-label") ?? "";
          const m = /load [-\d.]+ to ([-\d.]+) kN/.exec(label);
          return m !== null && Math.abs(Number(m[1]) - peak) < 0.06;
        },
        Math.max(...after.detail.card.load),
        { timeout: 10_000 },
      );
      await page.screenshot({ path: "/tmp/fieldtwin_well_card.png", fullPage: true });
    }, { virtual: true }),
});
