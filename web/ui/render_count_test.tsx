/**
 * Real Preact renders, counted: components fed by the stores through
 * `useStoreRevision` re-render once a frame during a burst of stream
 * messages (each in a task of its own, as the browser hands them over), and
 * a component of another store not at all. Preact renders into a small
 * stand-in for the DOM (the few node calls it makes), so no browser or DOM
 * library is needed.
 *
 * @module
 */
import assert from "node:assert/strict";
import { render } from "preact";
import type { TwinView } from "./api_types.ts";
import { AlarmStore } from "./alarm_store.ts";
import { LiveStore } from "./live_store.ts";
import { type FrameScheduler, useStoreRevision } from "./use_store.ts";
import { FakeStreamSource } from "./fake_stream_source.ts";

/** The node calls Preact makes when it renders elements and text. */
class FakeNode {
  childNodes: FakeNode[] = [];
  parentNode: FakeNode | null = null;
  constructor(readonly nodeType: number, readonly localName = "", public data = "") {}
  attributes: Record<string, string> = {};
  style: Record<string, string> = {};
  get firstChild(): FakeNode | null {
    return this.childNodes[0] ?? null;
  }
  get nextSibling(): FakeNode | null {
    const siblings = this.parentNode?.childNodes ?? [];
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }
  get textContent(): string {
    return this.nodeType === 3 ? this.data : this.childNodes.map((c) => c.textContent).join("");
  }
  appendChild(c: FakeNode): FakeNode {
    return this.insertBefore(c, null);
  }
  insertBefore(c: FakeNode, ref: FakeNode | null): FakeNode {
    c.parentNode?.removeChild(c);
    const at = ref ? this.childNodes.indexOf(ref) : -1;
    if (at < 0) this.childNodes.push(c);
    else this.childNodes.splice(at, 0, c);
    c.parentNode = this;
    return c;
  }
  removeChild(c: FakeNode): FakeNode {
    this.childNodes = this.childNodes.filter((n) => n !== c);
    c.parentNode = null;
    return c;
  }
  remove(): void {
    this.parentNode?.removeChild(this);
  }
  setAttribute(name: string, value: string): void {
    this.attributes[name] = String(value);
  }
  removeAttribute(name: string): void {
    delete this.attributes[name];
  }
  addEventListener(): void {}
  removeEventListener(): void {}
}

const site = (value: number, ts: number): TwinView => ({
  id: "site-1",
  name: "Cooling site 1",
  kind: "cooling_site",
  mode: "running",
  running: true,
  source: "simulator",
  version: ts,
  points: { supply_temp: { value, unit: "degC", quality: "good", ts } },
});

/** A task of its own, as each stream message is in a browser. */
const nextTask = () => new Promise((r) => setTimeout(r, 0));

/** Render a value view and an alarm view, send a burst, and count their renders. */
async function burst(frame: FrameScheduler, paint: () => void) {
  let source!: FakeStreamSource;
  const store = new LiveStore({ open: () => (source = new FakeStreamSource()) });
  const alarms = new AlarmStore(store, {
    fetcher: () => Promise.resolve(new Response("{}", { status: 503 })),
    every: () => () => {},
    later: () => () => {},
  });
  store.start();
  source.emit("snapshot", [site(40, 1000)]);
  const renders = { values: 0, alarms: 0 };
  function Values() {
    useStoreRevision(store, frame);
    renders.values++;
    return <span>{`value ${store.get("site-1")?.points.supply_temp.value}; `}</span>;
  }
  function Banner() {
    useStoreRevision(alarms, frame);
    renders.alarms++;
    return <span>{`${alarms.summary().total} alarms`}</span>;
  }
  const g = globalThis as { document?: unknown };
  const before = g.document;
  g.document = {
    createElement: (t: string) => new FakeNode(1, t),
    createElementNS: (_: string, t: string) => new FakeNode(1, t),
    createTextNode: (d: string) => new FakeNode(3, "", d),
  };
  const root = new FakeNode(1, "main");
  try {
    render(
      <>
        <Values />
        <Banner />
      </>,
      root as unknown as HTMLElement,
    );
    // Preact runs effects (the subscriptions) after its paint timer.
    await new Promise((r) => setTimeout(r, 50));
    paint();
    await nextTask();
    renders.values = renders.alarms = 0;
    for (let i = 1; i <= 50; i++) {
      source.emit("twins", [site(40 + i / 10, 1000 + i)]);
      await nextTask();
      source.emit("clock", { now: 1000 + i });
      await nextTask();
    }
    paint();
    await nextTask();
    return { renders, text: root.textContent };
  } finally {
    render(null, root as unknown as HTMLElement);
    g.document = before;
    store.stop();
  }
}

Deno.test("100 stream messages, one render of the value view, none of the alarm view", async () => {
  const queue: (() => void)[] = [];
  const frame: FrameScheduler = (fn) => {
    queue.push(fn);
    return () => queue.splice(queue.indexOf(fn) >>> 0, 1);
  };
  const { renders, text } = await burst(frame, () => {
    for (const fn of queue.splice(0)) fn();
  });
  assert.deepEqual(renders, { values: 1, alarms: 0 });
  assert.equal(text, "value 45; 0 alarms", "the last value, drawn once");
});

Deno.test("the same burst re-rendered per message without the frame (what it replaced)", async () => {
  const now: FrameScheduler = (fn) => {
    fn();
    return () => {};
  };
  const { renders } = await burst(now, () => {});
  assert.deepEqual(renders, { values: 100, alarms: 0 });
});
