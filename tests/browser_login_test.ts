/**
 * Logging in through the browser against the real server with auth on:
 * the login page first, a wrong password refused with the server's reason,
 * a viewer's live fleet over the token-carrying stream, commands shown as
 * not for a viewer (and why), and logging out back to the login page.
 *
 * @module
 */
import assert from "node:assert/strict";
import { logInThroughPage, memoryAuth } from "./auth_fixture.ts";
import { browserTestOptions, withPage } from "./browser_harness.ts";

const plant = {
  name: "Login test plant",
  seed: 5,
  twins: [{ id: "site-1", kind: "cooling_site" }, { id: "rtu-1", kind: "rtu" }],
};

Deno.test({
  name: "browser: log in, watch live values as a viewer, see why commands are not offered, log out",
  ...browserTestOptions,
  fn: async () => {
    const { auth, audit, security, close } = memoryAuth();
    await auth.createUser("setup", "vera", "viewer", "vera-password-1");
    try {
      await withPage(plant, async (page, server) => {
        await page.goto(server.url);
        await page.locator("#login-user").waitFor();
        assert.equal(await page.locator(".fleet-grid, #fleet").count(), 0, "nothing before login");

        await logInThroughPage(page, "vera", "not-her-password");
        await page.locator("#login-error").filter({ hasText: "wrong user name or password" })
          .waitFor();

        await page.fill("#login-password", "vera-password-1");
        await page.click("form.login-form button[type=submit]");
        await page.locator("#user-menu").filter({ hasText: "vera" }).waitFor();
        assert.match(await page.locator("#user-menu").innerText(), /viewer/);
        await page.locator("#connection-state").filter({ hasText: "live" }).waitFor();

        // A live value: the clock the stream carries moves with the plant.
        const clock = page.locator("#clock");
        const before = await clock.getAttribute("datetime");
        server.runtime.runFor(60_000);
        await page.waitForFunction(
          (b) => document.querySelector("#clock")?.getAttribute("datetime") !== b,
          before,
          { timeout: 10_000 },
        );

        await page.goto(`${server.url}/twins/site-1`);
        const reason = page.locator(".refused-reason").first();
        await reason.waitFor();
        assert.match(await reason.innerText(), /your role \(viewer\) may only watch/);

        await page.click("#user-menu button");
        await page.locator("#login-user").waitFor();
        const me = await page.evaluate(() => sessionStorage.getItem("fieldtwin.session"));
        assert.equal(me, null, "the session is gone from the tab");
        assert.deepEqual(
          audit.query({ user: "vera" }).map((e) => [e.action, e.status]).reverse(),
          [["login", 401], ["login", 200], ["logout", 200]],
        );
      }, {
        virtual: true,
        web: {
          security,
        },
      });
    } finally {
      close();
    }
  },
});

Deno.test({
  name: "browser: an admin adds a user, who shows in the audit log; the audit CSV downloads",
  ...browserTestOptions,
  fn: async () => {
    const { auth, security, close } = memoryAuth();
    await auth.createUser("setup", "ada", "admin", "ada-password-1");
    try {
      await withPage(plant, async (page, server) => {
        await page.goto(`${server.url}/admin/users`);
        await logInThroughPage(page, "ada", "ada-password-1");
        await page.locator("#users-table tr[data-user=ada]").waitFor();

        await page.fill("#new-user-name", "otto");
        await page.selectOption("#new-user-role", "operator");
        await page.fill("#new-user-password", "otto-password-1");
        await page.click("form.new-user button[type=submit]");
        await page.locator("#users-table tr[data-user=otto]").waitFor();
        assert.equal(
          await page.locator("#users-table tr[data-user=otto] select").inputValue(),
          "operator",
        );
        assert.equal((await auth.login("otto", "otto-password-1")).role, "operator");

        await page.click("nav >> text=Audit");
        const row = page.locator("#audit-table tr", { hasText: "create_user" }).first();
        await row.waitFor();
        assert.match(await row.innerText(), /ada\s+create_user\s+otto/);
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.click("#audit-csv"),
        ]);
        const csv = await Deno.readTextFile((await download.path())!);
        assert.match(csv, /^id,time,user,action,target,args,status,outcome\n/);
        assert.match(csv, /,ada,create_user,otto,/);
      }, {
        virtual: true,
        web: {
          security,
        },
      });
    } finally {
      close();
    }
  },
});
