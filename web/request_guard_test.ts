import assert from "node:assert/strict";
import { HttpError } from "./http_error.ts";
import { allowedHostsFor, guardRequest, isJsonType } from "./request_guard.ts";

const LOCAL = { allowedHosts: allowedHostsFor("127.0.0.1") };

function refusal(req: Request, opts = LOCAL): number | undefined {
  try {
    guardRequest(req, new URL(req.url), opts);
    return undefined;
  } catch (e) {
    assert.ok(e instanceof HttpError);
    return e.status;
  }
}

/** A POST as fetch sends it: a string body without a content type goes as text/plain. */
function post(url: string, headers: Record<string, string>, body = "{}"): Request {
  return new Request(url, { method: "POST", headers, body });
}

Deno.test("same-origin JSON POST and curl-style POST pass", () => {
  const url = "http://127.0.0.1:8000/api/twins/p1/commands";
  assert.equal(
    refusal(post(url, { origin: "http://127.0.0.1:8000", "content-type": "application/json" })),
    undefined,
  );
  assert.equal(
    refusal(post(url, { "content-type": "application/json; charset=utf-8" })),
    undefined,
  );
  assert.equal(refusal(new Request(url, { method: "POST" })), undefined);
});

Deno.test("a cross-origin POST is refused whatever its body", () => {
  const url = "http://127.0.0.1:8000/api/twins/p1/stop";
  assert.equal(refusal(post(url, { origin: "http://evil.example" })), 403);
  assert.equal(refusal(post(url, { origin: "http://127.0.0.1:9999" })), 403);
  assert.equal(refusal(post(url, { origin: "null" })), 403);
  assert.equal(refusal(post(url, { "sec-fetch-site": "cross-site" })), 403);
});

Deno.test("a text/plain or form body is refused even from the same origin", () => {
  const url = "http://127.0.0.1:8000/api/twins/p1/commands";
  const origin = "http://127.0.0.1:8000";
  assert.equal(refusal(post(url, { origin, "content-type": "text/plain" })), 415);
  assert.equal(
    refusal(post(url, { origin, "content-type": "application/x-www-form-urlencoded" })),
    415,
  );
  assert.equal(refusal(post(url, { origin, "content-type": "multipart/form-data; b=x" })), 415);
});

Deno.test("a foreign Host (DNS rebinding) is refused, reads included", () => {
  assert.equal(refusal(new Request("http://attacker.example:8000/api/twins")), 403);
  assert.equal(refusal(new Request("http://localhost:8000/api/twins")), undefined);
  assert.equal(refusal(new Request("http://[::1]:8000/api/twins")), undefined);
});

Deno.test("allowed origins and hosts extend the defaults", () => {
  const opts = {
    allowedHosts: allowedHostsFor("0.0.0.0", ["plant.example"]),
    allowedOrigins: ["https://scada.example"],
  };
  assert.equal(refusal(new Request("http://plant.example/api/twins"), opts), undefined);
  assert.equal(refusal(new Request("http://other.example/api/twins"), opts), 403);
  assert.equal(
    refusal(
      post("http://plant.example/api/x", {
        origin: "https://scada.example",
        "content-type": "application/json",
      }),
      opts,
    ),
    undefined,
  );
  assert.equal(allowedHostsFor("0.0.0.0"), "any");
});

Deno.test("JSON content types", () => {
  assert.ok(isJsonType("application/json"));
  assert.ok(isJsonType("Application/JSON; charset=UTF-8"));
  assert.ok(isJsonType("application/merge-patch+json"));
  assert.ok(!isJsonType("text/plain"));
  assert.ok(!isJsonType("application/jsonp"));
});
