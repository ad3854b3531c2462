import assert from "node:assert/strict";
import type { ApiReply } from "./api_client.ts";
import { SparklineStore } from "./sparkline_store.ts";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 30);
const FROM = Date.UTC(2026, 0, 1, 11, 1);

/** A fake history API answering every named series with one bucket (the twin's number as mean). */
function fakeApi(status = 200) {
  const paths: string[] = [];
  const fetchJson = <T>(path: string): Promise<ApiReply<T>> => {
    paths.push(path);
    const u = new URL(path, "http://x");
    const series = u.searchParams.get("series")!.split(",").map((k) => {
      const [twin, point] = k.split(":");
      return { twin, point, unit: "", truncated: false, rows: [[FROM, 0, 0, Number(twin), 0, 1]] };
    });
    const body = {
      from: Number(u.searchParams.get("from")),
      to: 0,
      resolution: "1m",
      step: null,
      columns: [],
      series,
    };
    return Promise.resolve({ ok: status === 200, status, body: body as T });
  };
  return { paths, fetchJson };
}

Deno.test("sparkline store: the visible keys are read in batches, each once per refresh period", async () => {
  const api = fakeApi();
  const store = new SparklineStore({ now: () => NOW, fetchJson: api.fetchJson, settleMs: 1e9 });
  const heard: string[] = [];
  for (let i = 0; i < 70; i++) {
    store.watch(`${i}:p`, {} as Element, () => heard.push(`${i}:p`));
  }
  for (let i = 0; i < 60; i++) store.setVisible(`${i}:p`, true);
  await store.load();
  assert.equal(api.paths.length, 2, "60 visible points in two requests");
  assert.equal(store.get("7:p")![0], 7);
  assert.equal(store.get("65:p"), undefined, "off screen, not read");
  assert.equal(heard.length, 60);
  await store.load();
  assert.equal(api.paths.length, 2, "fresh values are not read again");
  store.setVisible("65:p", true);
  await store.load();
  assert.equal(api.paths.length, 3);
  assert.equal(new URL(api.paths[2], "http://x").searchParams.get("series"), "65:p");
  await store.load(true);
  assert.equal(api.paths.length, 5, "the minute's refresh reads all 61 again");
  store.stop();
});

Deno.test("sparkline store: a card that comes on screen during a read is read right after", async () => {
  const api = fakeApi();
  const store = new SparklineStore({ now: () => NOW, fetchJson: api.fetchJson, settleMs: 1e9 });
  store.setVisible("1:p", true);
  const first = store.load();
  store.setVisible("2:p", true);
  await store.load(); // on its way already: returns at once
  await first;
  assert.equal(store.get("2:p")![0], 2);
  assert.deepEqual(
    api.paths.map((p) => new URL(p, "http://x").searchParams.get("series")),
    ["1:p", "2:p"],
  );
  store.stop();
});

Deno.test("sparkline store: a plant without history is asked once", async () => {
  const api = fakeApi(404);
  const store = new SparklineStore({ now: () => NOW, fetchJson: api.fetchJson, settleMs: 1e9 });
  store.setVisible("1:p", true);
  await store.load();
  await store.load(true);
  assert.equal(store.disabled, true);
  assert.equal(api.paths.length, 1);
  store.stop();
});
