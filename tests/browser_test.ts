/**
 * Browser tests of the web UI against the real runtime and server, driven
 * with playwright-core through Debian's chromium (never a downloaded
 * browser). They prove that live values reach the page through SSE, that
 * commands sent from the detail page change the twin, and that the server's
 * error for a bad argument is shown beside the form that caused it.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { loadKinds } from "../twins/registry.ts";
import type { TestServer } from "./test_server.ts";
import { browserTestOptions, withPage } from "./browser_harness.ts";

const opts = browserTestOptions;

/** RTUs always, plus one twin of every other kind that runs on default params. */
async function testPlant() {
  const twins: Record<string, unknown>[] = [
    { id: "rtu-{i:02}", kind: "rtu", count: 3, params: { stale_after_s: 2, offline_after_s: 120 } },
    { id: "rtu-hub", kind: "rtu", name: "Hub RTU", params: { assets: ["rtu-01", "rtu-02"] } },
  ];
  for (const [name, def] of await loadKinds()) {
    if (name === "rtu" || !def.params.safeParse({}).success) continue;
    twins.push({ id: `${name.replaceAll("_", "-")}-1`, kind: name });
  }
  return { name: "Browser test plant", seed: 7, twins };
}

const plant = await testPlant();

const card = (page: Page, id: string) => page.locator(`li.card[data-twin="${id}"]`);

Deno.test({
  name: "fleet page: every twin shown, SSE moves values without a reload, a lost stream recovers",
  ...opts,
  fn: () =>
    withPage(plant, async (page, server) => {
      const twinListRequests: string[] = [];
      page.on("request", (r) => {
        if (new URL(r.url()).pathname === "/api/twins") twinListRequests.push(r.url());
      });
      await page.goto(server.url);
      await page.locator("#connection-state", { hasText: "live" }).waitFor();
      await page.locator("li.card").nth(server.runtime.twins.size - 1).waitFor();

      assert.equal(await page.locator("li.card").count(), server.runtime.twins.size);
      for (const id of server.runtime.twins.keys()) {
        assert.equal(await card(page, id).count(), 1, `card for ${id}`);
      }
      const plantName = await page.locator(".plant-name").textContent();
      assert.equal(plantName, "Browser test plant");

      // Freeze rtu-02's image from outside the page: its data age then grows
      // every second, and only the stream can tell the page.
      await page.evaluate(() => ((globalThis as Record<string, unknown>).notReloaded = true));
      const age = card(page, "rtu-02").locator('[data-point="data_age"] dd');
      const before = await age.textContent();
      const res = await fetch(`${server.url}/api/twins/rtu-02/commands`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "inject_fault", args: { fault: "stale" } }),
      });
      assert.equal(res.status, 200, await res.text());
      await page.waitForFunction(
        ([sel, text]) => {
          const el = document.querySelector(sel);
          return el && el.textContent !== text && parseFloat(el.textContent ?? "") >= 2;
        },
        [`li.card[data-twin="rtu-02"] [data-point="data_age"] dd`, before] as const,
        { timeout: 8_000 },
      );
      // stale_after_s is 2: the mode badge follows the machine.
      await card(page, "rtu-02").locator(".badge", { hasText: "stale" }).waitFor({
        timeout: 8_000,
      });
      assert.equal(
        await page.evaluate(() => (globalThis as Record<string, unknown>).notReloaded),
        true,
      );
      assert.deepEqual(twinListRequests, [], "values must come from SSE, not from polling");

      // Filter by mode: only the stale RTU stays.
      await page.locator('[aria-label="Filter by mode"] button', { hasText: "stale" }).click();
      await page.waitForFunction(() => document.querySelectorAll("li.card").length === 1);
      assert.equal(await card(page, "rtu-02").count(), 1);
      assert.match(page.url(), /mode=stale/);
      await page.locator("button", { hasText: "Clear filters" }).click();
      await page.locator("#twin-search").fill("hub");
      await page.waitForFunction(() => document.querySelectorAll("li.card").length === 1);
      assert.equal(await card(page, "rtu-hub").count(), 1);
      await page.locator("#twin-search").fill("");

      // The table view lists the same twins, one row each.
      await page.locator('[aria-label="Show as"] button', { hasText: "table" }).click();
      const rows = page.locator("table.fleet-table tbody tr");
      await rows.nth(server.runtime.twins.size - 1).waitFor();
      assert.equal(await rows.count(), server.runtime.twins.size);
      assert.match(page.url(), /view=table/);
      await page.locator('[aria-label="Show as"] button', { hasText: "cards" }).click();

      await page.screenshot({ path: "/tmp/fieldtwin_fleet.png", fullPage: true });

      // Drop every stream and refuse new ones: the page says so. Let them
      // through again: the browser reconnects and a snapshot makes it live.
      await page.route("**/api/stream*", (route) => route.abort());
      server.app.hub.close();
      await page.locator("#connection-state", { hasText: "reconnecting" }).waitFor();
      assert.equal(await page.locator("main").getAttribute("data-connection"), "reconnecting");
      await page.unroute("**/api/stream*");
      await page.locator("#connection-state", { hasText: "live" }).waitFor({ timeout: 10_000 });
      assert.equal(await page.locator("li.card").count(), server.runtime.twins.size);
    }),
});

Deno.test({
  name: "detail page: a command from the form changes the twin's mode and is listed",
  ...opts,
  fn: () =>
    withPage(plant, async (page, server) => {
      await page.goto(server.url);
      await card(page, "rtu-03").locator("a.card-title").click();
      assert.equal(new URL(page.url()).pathname, "/twins/rtu-03");
      const badge = page.locator(".twin-head .badge");
      await badge.filter({ hasText: "online" }).waitFor();

      const form = page.locator('form[data-command="inject_fault"]');
      await form.locator("select").selectOption("comm_loss");
      await page.locator("#command-comment").fill("browser test");
      await form.locator('button[type="submit"]').click();
      await form.locator('[data-status="executed"]').waitFor();
      // comm_ok goes false on the next step, and the machine goes offline.
      await badge.filter({ hasText: "offline" }).waitFor({ timeout: 5_000 });
      await page.locator("#mode-meaning", { hasText: "offline" }).waitFor();
      await page.locator('#points-table tr[data-point="comm_ok"] td.value', { hasText: "no" })
        .waitFor();
      const row = page.locator("#command-history tbody tr").first();
      await row.filter({ hasText: "inject fault" }).waitFor();
      assert.match((await row.textContent())!, /fault=comm_loss.*browser test.*executed/s);
      await page.locator('[data-fact="faults"] dd', { hasText: "comm loss" }).waitFor();

      await page.screenshot({ path: "/tmp/fieldtwin_detail.png", fullPage: true });

      const clear = page.locator('form[data-command="clear_fault"]');
      await clear.locator('button[type="submit"]').click();
      await clear.locator('[data-status="executed"]').waitFor();
      await badge.filter({ hasText: "online" }).waitFor({ timeout: 5_000 });

      // Stop the twin from the page: its mode becomes "stopped", and its
      // commands are disabled with the reason beside them.
      await page.locator("button", { hasText: "Stop twin" }).click();
      await page.locator('.lifecycle [data-confirm="yes"]').click();
      await badge.filter({ hasText: "stopped" }).waitFor({ timeout: 5_000 });
      assert.equal(server.runtime.twins.get("rtu-03")!.running, false);
      const refusal = form.locator("[data-refused]");
      await refusal.waitFor();
      assert.equal(await refusal.textContent(), "the twin is stopped; start it first");
      assert.equal(await form.locator('button[type="submit"]').isDisabled(), true);
      await page.locator("button", { hasText: "Start twin" }).click();
      await badge.filter({ hasText: "online" }).waitFor({ timeout: 5_000 });
      assert.equal(server.runtime.twins.get("rtu-03")!.running, true);
    }),
});

interface ArgSchema {
  type?: string;
  maximum?: number;
  exclusiveMaximum?: number;
}

/** A twin and a command with a bounded number arg, and a value outside the bound. */
async function boundedArg(server: TestServer) {
  const kinds = await (await fetch(`${server.url}/api/kinds`)).json() as {
    kind: string;
    commands: Record<string, { args: { properties?: Record<string, ArgSchema> } }>;
  }[];
  for (const k of kinds) {
    const twin = [...server.runtime.twins.values()].find((t) => t.def.kind === k.kind);
    if (!twin) continue;
    for (const [type, c] of Object.entries(k.commands)) {
      for (const [arg, p] of Object.entries(c.args.properties ?? {})) {
        if (p.type !== "number" && p.type !== "integer") continue;
        const max = p.maximum ?? p.exclusiveMaximum;
        if (max !== undefined && max < Number.MAX_SAFE_INTEGER) {
          return { twin: twin.id, type, arg, value: String(max + 1) };
        }
      }
    }
  }
  return undefined;
}

Deno.test({
  name: "detail page: a bad command argument shows the server's error beside the form",
  ...opts,
  fn: () =>
    withPage(plant, async (page, server) => {
      const bounded = await boundedArg(server);
      // With only RTUs in the tree there is no number to push out of range;
      // an out-of-list fault (as from a stale page) is then the bad argument.
      const c = bounded ??
        { twin: "rtu-01", type: "inject_fault", arg: "fault", value: "meltdown" };
      await page.goto(`${server.url}/twins/${c.twin}`);
      const form = page.locator(`form[data-command="${c.type}"]`);
      const input = form.locator(`#cmd-${c.type}-${c.arg}`);
      await input.waitFor();
      if (bounded) {
        await input.fill(c.value);
      } else {
        await input.evaluate((el, v) => {
          const option = document.createElement("option");
          option.value = option.textContent = v;
          el.append(option);
        }, c.value);
        await input.selectOption(c.value);
      }
      const sent = page.waitForRequest((r) =>
        r.method() === "POST" && r.url().endsWith("/commands")
      );
      await form.locator('button[type="submit"]').click();
      const alert = form.locator('[role="alert"]');
      await alert.waitFor();

      // The page's own request, sent again straight to the API, gives the
      // sentence the page must show.
      const body = (await sent).postData()!;
      assert.equal(String(JSON.parse(body).args[c.arg]), c.value);
      const res = await fetch(`${server.url}/api/twins/${c.twin}/commands`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      assert.equal(res.status, 400);
      const { error } = await res.json();
      assert.match(error, new RegExp(`args\\.${c.arg}`));
      assert.equal(await alert.textContent(), error);
      assert.equal(
        await page.locator("#command-history tbody tr").count(),
        0,
        "a rejected command is not recorded",
      );
    }),
});

const hasWell = (await loadKinds()).has("well");

/** The peak load (kN) named in a dynamometer plot's label. */
function peakOf(label: string): number {
  const m = /load [-\d.]+ to ([-\d.]+) kN/.exec(label);
  assert.ok(m, `no load range in "${label}"`);
  return Number(m[1]);
}

Deno.test({
  name: "detail page: a well draws its dynamometer card, and a fault reshapes it",
  ignore: !hasWell,
  ...opts,
  fn: () =>
    withPage(plant, async (page, server) => {
      await page.goto(`${server.url}/twins/well-1`);
      const plot = page.locator("svg.dyno-card");
      await plot.waitFor();
      const labels = await plot.locator("text.axis-label").allTextContents();
      assert.deepEqual(labels, ["Polished-rod position (m)", "Load (kN)"]);
      const surface = plot.locator("path.series-surface");
      const before = (await surface.getAttribute("d"))!;
      const labelBefore = (await plot.getAttribute("aria-label"))!;
      assert.ok(before.split("L").length > 50, "a card has many points per stroke");

      // A parted rod drops the load to the rods above the break: the drawn
      // card must change without a reload.
      const res = await fetch(`${server.url}/api/twins/well-1/commands`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "inject_fault", args: { fault: "rod_parted" } }),
      });
      assert.equal(res.status, 200, await res.text());
      // The plot's label carries the card's load range; wait for the peak to fall by a fifth.
      const peakBefore = peakOf(labelBefore);
      const handle = await page.waitForFunction(
        (limit) => {
          const label = document.querySelector("svg.dyno-card")?.getAttribute("aria-label") ?? "";
          const m = /load [-\d.]+ to ([-\d.]+) kN/.exec(label);
          return m && Number(m[1]) < limit ? label : false;
        },
        0.8 * peakBefore,
        { timeout: 10_000 },
      );
      const peakAfter = peakOf(await handle.jsonValue() as string);
      assert.ok(peakAfter < 0.8 * peakBefore, `peak load fell: ${peakBefore} -> ${peakAfter} kN`);
      assert.notEqual(await surface.getAttribute("d"), before);
    }),
});
