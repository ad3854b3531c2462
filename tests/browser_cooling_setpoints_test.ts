/**
 * Browser test of a cooling site's page against the real runtime and
 * server, in Debian's chromium, on virtual time: a setpoint proposal asked
 * for from the page, shown beside the present setpoints with its saving and
 * the rigs' margin, and applied with the Apply button after confirmation,
 * after which the site runs the proposed setpoints.
 *
 * @module
 */
import assert from "node:assert/strict";
import { browserTestOptions, withPage } from "./browser_harness.ts";

const plant = {
  name: "cooling-setpoints-ui",
  seed: 3,
  twins: [{
    id: "site-1",
    kind: "cooling_site",
    params: { ambient_mean_c: 15, ambient_amplitude_c: 0, ambient_noise_c: 0 },
  }],
};

Deno.test({
  name: "cooling site page: propose setpoints, see them beside the present ones, apply them",
  ...browserTestOptions,
  fn: () =>
    withPage(plant, async (page, server) => {
      server.runtime.runFor(60_000);
      await page.goto(`${server.url}/twins/site-1`);
      await page.locator("#cooling-setpoints").getByText("No proposal yet.").waitFor();
      await page.locator("#propose-setpoints").click();
      await page.locator("#setpoint-proposal").waitFor();

      const list = await (await fetch(`${server.url}/api/twins/site-1/cooling_setpoints`)).json();
      assert.equal(list.length, 1);
      const v = list[0], p = v.proposal;
      assert.equal(await page.locator("#setpoint-proposal").getAttribute("data-proposal"), v.id);
      const summary = (await page.locator("#setpoint-summary").textContent())!;
      assert.ok(summary.includes(`saves ${p.savingKw.toFixed(2)} kW`), summary);
      assert.ok(summary.includes(`${p.outletMarginK.toFixed(1)} K below the 55 °C limit`), summary);
      const rows = page.locator("#setpoint-table tbody tr");
      assert.equal(await rows.count(), 6);
      assert.deepEqual(await rows.nth(1).locator("td").allTextContents(), [
        "40.0 °C supply",
        `${p.proposed.supplyC.toFixed(1)} °C supply`,
      ]);
      assert.deepEqual(await rows.nth(2).locator("td").allTextContents(), [
        "80.0 %",
        `${p.proposed.pumpPct.toFixed(1)} %`,
      ]);

      await page.locator("#apply-setpoints").click();
      await page.getByRole("button", { name: "Yes, apply" }).click();
      await page.locator("#cooling-setpoints").getByText(`applied ${v.id}: 2 commands executed`)
        .waitFor();
      const records = await (await fetch(`${server.url}/api/twins/site-1/commands`)).json();
      assert.deepEqual(
        records.slice(0, 2).map((r: { type: string; comment: string }) => [r.type, r.comment]),
        [
          ["set_pump_setpoint", `cooling setpoints ${v.id}`],
          ["set_supply_setpoint", `cooling setpoints ${v.id}`],
        ],
      );
      server.runtime.runFor(60_000);
      const values = server.runtime.twins.get("site-1")!.values;
      assert.equal(values.supply_setpoint, p.proposed.supplyC);
      assert.equal(values.pump_speed, p.proposed.pumpPct);
      await page.screenshot({ path: "/tmp/fieldtwin_cooling_setpoints.png", fullPage: true });
    }, { virtual: true }),
});
