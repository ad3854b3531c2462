/**
 * Browser test of a pump station's page against the real runtime and
 * server, in Debian's chromium, on virtual time: a schedule computed over
 * the API (a small search) listed, its hourly plan shown with its cost and
 * saving, and, once applied through the command path, beside the schedule
 * the station runs with the current hour marked; the periodic plan shown
 * once its `station_plan` event arrives, beside the applied schedule.
 *
 * @module
 */
import assert from "node:assert/strict";
import { browserTestOptions, withPage } from "./browser_harness.ts";

const plant = {
  ...JSON.parse(
    await Deno.readTextFile(new URL("../plants/station_epanet.json", import.meta.url)),
  ),
  // Re-planned every hour with a small search, so a periodic plan arrives in the run.
  optimization: {
    stations: { every: "1h", solver: "pso", population: 8, generations: 3, epanet: false },
  },
};

const post = (url: string, body: unknown) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** Speed ratio as the page writes it. */
const speed = (r: number) => r <= 0 ? "off" : `${Math.round(100 * r)}%`;

Deno.test({
  name: "station page: the newest schedule's hourly plan beside the applied one, with cost",
  ...browserTestOptions,
  fn: () =>
    withPage(plant, async (page, server) => {
      const rt = server.runtime;
      rt.runFor(60_000);
      const res = await post(`${server.url}/api/twins/ps1/schedules`, {
        solver: "pso",
        population: 8,
        generations: 3,
        epanet: false,
      });
      assert.equal(res.status, 202);
      const job = await res.json();
      await page.goto(`${server.url}/twins/ps1`);
      await page.locator(`#schedule-jobs li[data-job="${job.id}"]`).waitFor();
      assert.match(
        (await page.locator("#periodic-plan").textContent())!,
        /No periodic plan yet · next \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
      );

      // The plan appears when the job is done.
      await page.locator(`#schedule-plan[data-job="${job.id}"]`).waitFor({ timeout: 60_000 });
      const view = await (await fetch(`${server.url}/api/twins/ps1/schedules/${job.id}`)).json();
      assert.equal(view.status, "done");
      const r = view.result;
      const table = page.locator("#schedule-table tbody tr");
      const applied = page.locator("#schedule-table td.plan-applied");
      assert.equal(await table.count(), 24);
      for (const h of [0, 7, 18, 23]) {
        assert.deepEqual(
          await table.nth(h).locator("td.plan-proposed").allTextContents(),
          r.schedule[h].map(speed),
          `hour ${h}`,
        );
      }
      const cost = (await page.locator("#schedule-cost").textContent())!;
      assert.ok(cost.includes(`cost ${r.cost.toFixed(2)}`), cost);
      assert.ok(cost.includes(`saving ${r.saving_pct.toFixed(1)}%`), cost);
      assert.match((await page.locator("#pumps-now").textContent())!, /no schedule applied/);
      assert.equal(await applied.count(), 0);

      // Applied through the command path, the plan sits beside what the station runs.
      const apply = await post(`${server.url}/api/twins/ps1/commands`, {
        type: "apply_schedule",
        args: { schedule: r.schedule },
      });
      assert.equal(apply.status, 200, await apply.text());
      rt.runFor(2 * 3_600_000 + 60_000);
      await page.locator("#schedule-table tr.plan-now").waitFor({ timeout: 10_000 });
      const detail = await (await fetch(`${server.url}/api/twins/ps1`)).json();
      const hour = detail.detail.schedule.hour as number;
      await page.locator(`#schedule-table tr.plan-now[data-hour="${hour}"]`).waitFor();
      assert.deepEqual(
        await table.nth(hour).locator("td.plan-applied").allTextContents(),
        detail.detail.schedule.rows[hour].map(speed),
      );
      assert.equal(
        await page.locator("#schedule-table td.differs").count(),
        0,
        "the applied plan is this one",
      );
      const now = (await page.locator("#pumps-now").textContent())!;
      assert.match(now, new RegExp(`applied schedule, hour ${hour}`));

      // The periodic plans that fell due meanwhile came from a worker; the newest is shown.
      let periodic;
      for (const end = Date.now() + 60_000;;) {
        periodic = await (await fetch(`${server.url}/api/twins/ps1/plan`)).json();
        if (periodic.plan && !periodic.busy) break;
        if (Date.now() > end) throw new Error(`no periodic plan: ${JSON.stringify(periodic)}`);
        await new Promise((res) => setTimeout(res, 100));
      }
      const p = periodic.plan;
      await page.locator(`#periodic-plan[data-job="${p.job}"]`).waitFor({ timeout: 10_000 });
      const pc = (await page.locator("#periodic-plan-cost").textContent())!;
      assert.ok(pc.includes(`cost ${p.result.cost.toFixed(2)}`), pc);
      assert.ok(pc.includes(`saving ${p.result.saving_pct.toFixed(1)}%`), pc);
      assert.ok(pc.includes(p.result.feasible ? "keeps every limit" : "breaks:"), pc);
      const when = new Date(p.planned_at).toISOString().slice(0, 16).replace("T", " ");
      const whenText = (await page.locator("#periodic-plan-when").textContent())!;
      assert.ok(whenText.includes(when), whenText);
      // A rolling plan says which 24 h it covers.
      const from = `${String(p.result.start_hour).padStart(2, "0")}:00`;
      assert.ok(whenText.includes(`for the 24 h from ${from}`), whenText);
      const prow = page.locator(`#periodic-plan-table tbody tr[data-hour="${hour}"]`);
      assert.deepEqual(
        await prow.locator("td.plan-periodic").allTextContents(),
        p.result.schedule[hour].map(speed),
      );
      assert.deepEqual(
        await prow.locator("td.plan-applied").allTextContents(),
        detail.detail.schedule.rows[hour].map(speed),
      );
      await page.screenshot({ path: "/tmp/fieldtwin_station_schedule.png", fullPage: true });
    }, { virtual: true }),
});
