/**
 * The what-if page in a real browser against the real server: a spec error
 * caught before sending and one the server names by JSON path, then a study
 * of one variant (demand x1.2) on the running plant, from now, run to the end with a
 * progress bar, its KPI table (the variant's energy above the baseline's,
 * with a signed delta), the chart of the chosen KPI, the CSV download and
 * the study in the recent list; at 390 px nothing overflows. Screenshots
 * land in tests/screenshots/.
 *
 * @module
 */
import assert from "node:assert/strict";
import { logInThroughPage, memoryAuth } from "./auth_fixture.ts";
import { browserTestOptions, withPage } from "./browser_harness.ts";

const SHOTS = new URL("./screenshots/", import.meta.url);

const plant = {
  name: "whatif-browser",
  step_s: 10,
  twins: [{ id: "ps1", kind: "pump_station", params: { model: "epanet" } }],
};

Deno.test({
  name: "browser: what-if page runs a study and compares it with the baseline",
  ...browserTestOptions,
  fn: async () => {
    await withPage(plant, async (page, server) => {
      await page.goto(`${server.url}/whatif`);
      const editor = page.locator("#whatif-variants");
      // The example fits the plant: a pump station gets a demand change.
      await page.waitForFunction(() =>
        (document.querySelector("#whatif-variants") as HTMLTextAreaElement | null)?.value
          .includes("demand x1.2")
      );
      const example = JSON.parse(await editor.inputValue());
      assert.deepEqual(example, [{ name: "demand x1.2", overrides: { demand: { scale: 1.2 } } }]);

      // Caught in the page: not JSON, with the line.
      await editor.fill('[{ "name": "a", }]');
      await page.click("#whatif-run");
      await page.locator("#whatif-variants-error").filter({ hasText: /not JSON at line 1/ })
        .waitFor();
      // Named by the server: an unknown twin, by JSON path.
      await editor.fill(
        '[{ "name": "a", "overrides": { "params": [{ "twin": "ps9", "set": {} }] } }]',
      );
      await page.click("#whatif-run");
      await page.locator("#whatif-variants-error")
        .filter({ hasText: 'variants[0].overrides.params[0].twin: unknown twin "ps9"' }).waitFor();

      await editor.fill(JSON.stringify(example));
      // The quick control writes into the first variant.
      await page.locator("#whatif-demand").fill("1.3");
      assert.equal(JSON.parse(await editor.inputValue())[0].overrides.demand.scale, 1.3);
      await page.locator("#whatif-demand").fill("1.2");
      await page.fill("#whatif-duration", "2h");
      await page.fill("#whatif-name", "busier day");
      // From now: the runs start from the running plant's state, which needs one step done.
      assert.ok(await page.locator("#whatif-from-initial").isChecked(), "the default stays");
      await page.check("#whatif-from-now");
      server.runtime.runFor(60_000); // the plant runs on virtual time here
      await page.click("#whatif-run");
      await page.locator("#whatif-progress").waitFor();
      assert.match(
        await page.locator("#whatif-study-title").innerText(),
        /running plant, from now/,
      );
      assert.equal(await page.locator(".whatif-progress progress[data-run]").count(), 2);
      await page.locator("#whatif-status[data-status=done]").waitFor({ timeout: 120_000 });
      assert.equal(await page.locator("#whatif-progress").getAttribute("value"), "100");

      const row = page.locator("#whatif-results tr[data-kpi=energy_kwh]");
      const base = Number(await row.locator("td[data-run=baseline]").getAttribute("data-value"));
      const variant = row.locator('td[data-run="demand x1.2"]');
      const value = Number(await variant.getAttribute("data-value"));
      assert.ok(base > 0, `baseline energy ${base}`);
      assert.ok(value > base, `variant ${value} kWh, baseline ${base} kWh`);
      assert.match(await variant.locator(".kpi-delta").innerText(), /^\+[\d.]+ kWh \(\+[\d.]+%\)$/);

      const chart = page.locator("figure.whatif-chart");
      assert.equal(await chart.getAttribute("data-kpi"), "energy_kwh");
      assert.deepEqual(
        (await chart.getAttribute("data-values"))!.split(",").map(Number),
        [base, value],
      );
      assert.equal(await chart.locator("canvas").count(), 1);
      await page.selectOption("#whatif-kpi", "pump_starts");
      await page.locator("figure.whatif-chart[data-kpi=pump_starts]").waitFor();
      await page.selectOption("#whatif-kpi", "energy_kwh");
      await page.locator("figure.whatif-chart[data-kpi=energy_kwh]").waitFor();

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.click("#whatif-csv"),
      ]);
      const csv = await Deno.readTextFile((await download.path())!);
      const lines = csv.trim().split("\n");
      assert.equal(lines[0], "run,kpi,unit,value,baseline,delta,delta_pct");
      assert.ok(lines.some((l) => l.startsWith(`demand x1.2,energy_kwh,kWh,${value},${base},`)));

      await page.locator("#whatif-list li").filter({ hasText: "busier day" })
        .filter({ hasText: "done" }).waitFor();

      await page.screenshot({
        path: new URL("whatif_desktop.png", SHOTS).pathname,
        fullPage: true,
      });
      // A phone: nothing sticks out sideways (the table scrolls inside its box).
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForFunction(() =>
        (document.querySelector(".whatif-plot canvas") as HTMLCanvasElement).clientWidth <= 390
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(overflow <= 390, `page is ${overflow} px wide at 390`);
      await page.screenshot({ path: new URL("whatif_phone.png", SHOTS).pathname, fullPage: true });
    }, { virtual: true });
  },
});

Deno.test({
  name: "browser: what-if page shows the server's refusal to a viewer",
  ...browserTestOptions,
  fn: async () => {
    const { auth, security, close } = memoryAuth();
    await auth.createUser("setup", "vera", "viewer", "vera-password-1");
    try {
      await withPage(plant, async (page, server) => {
        await page.goto(`${server.url}/whatif`);
        await logInThroughPage(page, "vera", "vera-password-1");
        await page.locator("#whatif-run").waitFor();
        await page.click("#whatif-run");
        await page.locator("#whatif-variants-error").filter({
          hasText: 'user "vera" (role viewer) may not POST /api/whatif; it needs the engineer role',
        }).waitFor();
        assert.equal(await page.locator("#whatif-status").count(), 0, "nothing started");
      }, {
        virtual: true,
        web: { security },
      });
    } finally {
      close();
    }
  },
});
