import assert from "node:assert/strict";
import { HttpError } from "./http_error.ts";
import { readBodyText, readJson } from "./request_body.ts";

const LIMITS = { maxBytes: 1_000_000, timeoutMs: 5_000 };

/** A request whose body is `chunks` chunks of `size` bytes, made as they are read; counts the reads. */
function streamed(chunks: number, size: number, headers: Record<string, string> = {}) {
  const seen = { pulls: 0 };
  let left = chunks;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulls++;
      if (left-- > 0) controller.enqueue(new Uint8Array(size).fill(0x20));
      else controller.close();
    },
  }, { highWaterMark: 0 });
  return { req: new Request("http://x/", { method: "POST", body, headers }), seen };
}

async function refused(p: Promise<unknown>, status: number, message: RegExp): Promise<void> {
  await assert.rejects(p, (e) => {
    assert.ok(e instanceof HttpError, String(e));
    assert.equal(e.status, status);
    assert.match(e.message, message);
    return true;
  });
}

const JSON_TYPE = { "content-type": "application/json" };

Deno.test("a declared content-length over the limit is refused before a byte is read", async () => {
  const { req, seen } = streamed(50, 1_000_000, { "content-length": "50000000" });
  await refused(readBodyText(req, LIMITS), 413, /larger than 1,000,000 bytes/);
  assert.equal(seen.pulls, 0);
});

Deno.test("a body without a length is counted as it comes and refused just past the limit", async () => {
  // 600 chunks of 1 MB: the old reader held all 600 MB before measuring.
  const { req, seen } = streamed(600, 1_000_000);
  await refused(readBodyText(req, LIMITS), 413, /larger than 1,000,000 bytes/);
  assert.ok(seen.pulls <= 3, `read ${seen.pulls} chunks`);
});

Deno.test("a body that stops arriving is a 408 after the time limit, naming what arrived", async () => {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"type":'));
    },
  });
  const req = new Request("http://x/", {
    method: "POST",
    body,
    headers: { "content-length": "100" },
  });
  await refused(
    readBodyText(req, { maxBytes: 1_000, timeoutMs: 50 }),
    408,
    /not received within 0\.05 s \(content-length 100, 8 bytes arrived\)/,
  );
});

Deno.test("bodies: UTF-8 text within the limit reads whole; bad UTF-8 and bad JSON are 400s", async () => {
  const text = JSON.stringify({ type: "start", comment: "é".repeat(1000) });
  const post = (body: BodyInit, headers: Record<string, string> = JSON_TYPE) =>
    new Request("http://x/", { method: "POST", body, headers });
  assert.equal(await readBodyText(post(text), LIMITS), text);
  assert.deepEqual(await readJson(post(text), LIMITS), JSON.parse(text));
  assert.deepEqual(await readJson(post(""), LIMITS, {}), {}, "an optional body");
  await refused(
    readBodyText(post(new Uint8Array([0x7b, 0xff, 0x7d])), LIMITS),
    400,
    /not valid UTF-8/,
  );
  await refused(readJson(post("{nope"), LIMITS), 400, /not valid JSON/);
  await refused(readJson(post(""), LIMITS), 400, /not valid JSON/);
  await refused(
    readJson(post("<a/>", { "content-type": "application/xml" }), LIMITS),
    415,
    /expected a JSON body/,
  );
});

Deno.test("bodies: only JSON is read as JSON; text and forms (what other sites can send) are 415s", async () => {
  const post = (headers: Record<string, string>) =>
    new Request("http://x/", { method: "POST", body: '{"type":"stop"}', headers });
  await refused(readJson(post({ "content-type": "text/plain" }), LIMITS), 415, /got "text\/plain"/);
  await refused(
    readJson(post({ "content-type": "application/x-www-form-urlencoded" }), LIMITS),
    415,
    /application\/json/,
  );
  assert.deepEqual(
    await readJson(post({ "content-type": "application/json; charset=utf-8" }), LIMITS),
    { type: "stop" },
  );
});
