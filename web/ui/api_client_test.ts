import assert from "node:assert/strict";
import { getJson, headerSafe, postJson } from "./api_client.ts";

const reply = (status: number, body: string) => () =>
  Promise.resolve(new Response(body, { status, headers: { "content-type": "application/json" } }));

Deno.test("a 2xx reply is ok and carries the parsed body", async () => {
  const r = await getJson<{ name: string }>("/api/plant", reply(200, '{"name":"demo"}'));
  assert.equal(r.ok, true);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { name: "demo" });
  assert.equal(r.error, undefined);
});

Deno.test("a 4xx reply surfaces the server's own error sentence", async () => {
  const msg = "args.spm: Too big: expected number to be <=12";
  const r = await postJson(
    "/api/twins/w/commands",
    { type: "set_spm" },
    reply(400, JSON.stringify({ error: msg })),
  );
  assert.equal(r.ok, false);
  assert.equal(r.status, 400);
  assert.equal(r.error, msg);
});

Deno.test("a 409 failed command keeps both the reason and the record", async () => {
  const body = { error: "not allowed", command: { id: "cmd-1", status: "failed" } };
  const r = await postJson<typeof body>("/x", {}, reply(409, JSON.stringify(body)));
  assert.equal(r.error, "not allowed");
  assert.equal(r.body?.command.status, "failed");
});

Deno.test("a non-JSON error body is reported with status and text", async () => {
  const r = await getJson("/app.js", reply(503, "bundle missing"));
  assert.equal(r.ok, false);
  assert.match(r.error!, /^503 .*bundle missing$/);
});

Deno.test("an unreachable server gives status 0 and says so", async () => {
  const r = await getJson("/api/plant", () => Promise.reject(new TypeError("Failed to fetch")));
  assert.equal(r.status, 0);
  assert.equal(r.error, "cannot reach the server: Failed to fetch");
});

Deno.test("postJson sends a JSON body with the POST method", async () => {
  let seen: RequestInit | undefined;
  await postJson("/x", { type: "stop" }, (_p, init) => {
    seen = init;
    return Promise.resolve(new Response("{}", { status: 200 }));
  });
  assert.equal(seen?.method, "POST");
  assert.equal(seen?.body, '{"type":"stop"}');
});

Deno.test("postJson sends the operator as x-user, %-encoding what a header cannot carry", async () => {
  const seen: Headers[] = [];
  const fetcher = (_p: string, init?: RequestInit) => {
    seen.push(new Headers(init?.headers));
    return Promise.resolve(new Response("{}", { status: 200 }));
  };
  await postJson("/x", {}, fetcher, "ann");
  await postJson("/x", {}, fetcher, "Jürgen");
  await postJson("/x", {}, fetcher, "操作员");
  assert.deepEqual(seen.map((h) => h.get("x-user")), [
    "ann",
    "Jürgen",
    encodeURIComponent("操作员"),
  ]);
  assert.equal(headerSafe("o'brien 2"), "o'brien 2");
});
