import assert from "node:assert/strict";
import { handleRequest } from "./handle_request.ts";
import { HttpError, json } from "./http_error.ts";
import { Router } from "./router.ts";

function router(): Router {
  return new Router()
    .on("GET", "/api/things/:id", ({ params }) => {
      if (params.id === "bug") throw new TypeError("secret internals: db at 10.0.0.7");
      if (params.id === "gone") throw new HttpError(404, `no thing "${params.id}"`);
      return json({ id: params.id });
    })
    .on("POST", "/api/things/:id", () => json({ ok: true }));
}

Deno.test("an unexpected failure is logged with a request id and answered 500 with only that id", async () => {
  const logs: [string, unknown][] = [];
  const res = await handleRequest(router(), new Request("http://x/api/things/bug"), {
    log: (message, error) => logs.push([message, error]),
  });
  assert.equal(res.status, 500);
  const body = await res.json();
  const id = res.headers.get("x-request-id")!;
  assert.match(id, /^[0-9a-f]{8}$/);
  assert.equal(body.error, `internal error (request id ${id}); the server log has the details`);
  assert.doesNotMatch(JSON.stringify(body), /secret|TypeError/);
  assert.equal(logs.length, 1);
  assert.match(logs[0][0], new RegExp(`^request ${id}: GET /api/things/bug failed:`));
  assert.match(String(logs[0][1]), /secret internals/);
});

Deno.test("refusals keep their status and message; a malformed percent escape is a 400", async () => {
  const r = router();
  let res = await handleRequest(r, new Request("http://x/api/things/gone"));
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { error: 'no thing "gone"' });
  res = await handleRequest(r, new Request("http://x/api/things/%E0%A4%A"));
  assert.equal(res.status, 400);
  assert.match((await res.json()).error, /malformed percent escape in the path: "%E0%A4%A"/);
  res = await handleRequest(r, new Request("http://x/api/things/caf%C3%A9"));
  assert.deepEqual(await res.json(), { id: "café" });
});

Deno.test("HEAD answers like GET with its content-length and no body; 405 lists HEAD beside GET", async () => {
  const r = router();
  const get = await handleRequest(r, new Request("http://x/api/things/a"));
  const getBody = await get.arrayBuffer();
  const head = await handleRequest(r, new Request("http://x/api/things/a", { method: "HEAD" }));
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("content-type"), get.headers.get("content-type"));
  assert.equal(head.headers.get("content-length"), String(getBody.byteLength));
  assert.equal((await head.arrayBuffer()).byteLength, 0);
  const missing = await handleRequest(
    r,
    new Request("http://x/api/things/gone", { method: "HEAD" }),
  );
  assert.equal(missing.status, 404);
  const wrong = await handleRequest(r, new Request("http://x/api/things/a", { method: "DELETE" }));
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.get("allow"), "GET, HEAD, POST");
  await wrong.body?.cancel();
});

Deno.test("the UI shell answers HEAD on / like GET", async () => {
  const res = await handleRequest(new Router(), new Request("http://x/", { method: "HEAD" }));
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /text\/html/);
  assert.ok(Number(res.headers.get("content-length")) > 100);
});

Deno.test("no path reaches a file outside the UI folder", async () => {
  // The repo's own files, as a traversal would aim at them.
  const secrets = [/"nodeModulesDir"/, /root:x:0:0/, /export function handleRequest/];
  for (
    const path of [
      "/../deno.json",
      "/twins/../../deno.json",
      "/%2e%2e/deno.json",
      "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
      "/..%2f..%2fweb%2fhandle_request.ts",
      "/main-ABCDEFGH.js/../../../deno.json",
      "/twins/..%5c..%5cdeno.json",
      "/app.css/..%2f..%2fdeno.json",
    ]
  ) {
    const res = await handleRequest(router(), new Request(`http://x${path}`));
    const body = await res.text();
    for (const s of secrets) assert.doesNotMatch(body, s, path);
    // Either not found, or the UI shell a client-side route gets.
    assert.ok(res.status === 404 || body.includes("<!doctype html>"), `${path}: ${res.status}`);
  }
});
