import assert from "node:assert/strict";
import type { ApiReply } from "./api_client.ts";
import { BootFetch, bootPaths } from "./boot_fetch.ts";

/** A GET that records each path and answers from `status`. */
function recorder(status: (path: string, n: number) => number) {
  const sent: string[] = [];
  const get = (path: string): Promise<ApiReply<unknown>> => {
    sent.push(path);
    const s = status(path, sent.filter((p) => p === path).length);
    return Promise.resolve({ ok: s < 300, status: s, body: { path, n: sent.length } });
  };
  return { sent, get };
}

Deno.test("bootPaths adds the twin's detail only on a twin's page, its id encoded", () => {
  assert.deepEqual(bootPaths("/"), ["/api/kinds", "/api/plant", "/api/health"]);
  assert.deepEqual(bootPaths("/twins/a b").at(-1), "/api/twins/a%20b");
  assert.equal(bootPaths("/alarms").length, 3);
});

Deno.test("BootFetch sends every path at once and hands each early reply out once", async () => {
  const { sent, get } = recorder(() => 200);
  const boot = new BootFetch(["/api/kinds", "/api/plant"], get);
  assert.deepEqual(sent, ["/api/kinds", "/api/plant"]);
  const first = await boot.take<{ n: number }>("/api/kinds");
  assert.equal(first.body?.n, 1);
  assert.deepEqual(sent, ["/api/kinds", "/api/plant"]);
  // A second take asks again (a retry after an error must see fresh state).
  const second = await boot.take<{ n: number }>("/api/kinds");
  assert.equal(second.body?.n, 3);
  assert.deepEqual(sent, ["/api/kinds", "/api/plant", "/api/kinds"]);
});

Deno.test("BootFetch asks again when the early reply failed (a 401 before login)", async () => {
  const { sent, get } = recorder((_p, n) => (n === 1 ? 401 : 200));
  const boot = new BootFetch(["/api/kinds"], get);
  const r = await boot.take("/api/kinds");
  assert.equal(r.status, 200);
  assert.deepEqual(sent, ["/api/kinds", "/api/kinds"]);
});

Deno.test("BootFetch fetches a path it never sent early", async () => {
  const { sent, get } = recorder(() => 200);
  const boot = new BootFetch([], get);
  assert.equal((await boot.take("/api/twins/x")).status, 200);
  assert.deepEqual(sent, ["/api/twins/x"]);
});

Deno.test("BootFetch.takeNow hands out a settled success once, and nothing before it is in", async () => {
  let answer: (r: ApiReply<unknown>) => void = () => {};
  const sent: string[] = [];
  const get = (path: string) => {
    sent.push(path);
    return path === "/slow"
      ? new Promise<ApiReply<unknown>>((res) => (answer = res))
      : Promise.resolve({ ok: path !== "/bad", status: path === "/bad" ? 401 : 200, body: path });
  };
  const boot = new BootFetch(["/fast", "/bad", "/slow"], get);
  assert.equal(boot.takeNow("/fast"), undefined, "not settled before the promise runs");
  answer({ ok: true, status: 200, body: "/slow" });
  await boot.settled();
  assert.equal(boot.takeNow<string>("/fast")?.body, "/fast");
  assert.equal(boot.takeNow("/fast"), undefined, "handed out once");
  assert.equal(boot.takeNow("/bad"), undefined, "a failure is never handed out as-is");
  assert.equal((await boot.take("/bad")).status, 401, "take asks /bad again");
  assert.deepEqual(sent, ["/fast", "/bad", "/slow", "/bad"]);
  assert.equal(boot.takeNow<string>("/slow")?.body, "/slow");
});
