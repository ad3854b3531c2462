/**
 * A twin's JSON for the SSE stream, written straight into UTF-8 bytes: the
 * same bytes as encoding `twin.json()` (or the point-filtered view), without
 * building the view's objects and the string first.
 *
 * Each plant step the hub serializes every twin some client watches; through
 * `Twin.view()` and `JSON.stringify` that is about 6 KB of short-lived heap
 * per twin (2 MB a step for the demo plant, twenty times the step's own
 * garbage), and the young-generation collections it brings land in the
 * fan-out. Here the parts that never change (point names, units, the keys)
 * are encoded once per twin and each step writes only values, qualities and
 * times. The format is `Twin.view()`'s; `twin_json_bytes_test.ts` holds the
 * two equal for every kind.
 *
 * @module
 */
import type { Twin } from "../twins/twin.ts";
import type { PointSpec } from "../twins/point.ts";

const encoder = new TextEncoder();
const enc = (s: string) => encoder.encode(s);

/** The constant parts of one point: `"name":{"value":` and `,"unit":"u","quality":`. */
interface PointParts {
  name: string;
  spec: PointSpec;
  head: Uint8Array;
  unit: Uint8Array;
}

/** A twin's constant parts, valid while its point specs stay the same objects. */
interface Template {
  kindPoints: Record<string, PointSpec>;
  extraNames: string[];
  extras: PointSpec[];
  points: PointParts[];
}

const K_ID = enc('{"id":');
const K_NAME = enc(',"name":');
const K_KIND = enc(',"kind":');
const K_MODE = enc(',"mode":');
const K_RUNNING_TRUE = enc(',"running":true');
const K_RUNNING_FALSE = enc(',"running":false');
const K_PARENT = enc(',"parent":');
const K_SOURCE = enc(',"source":');
const K_POINTS = enc(',"points":{');
const K_VERSION = enc('},"version":');
const K_TS = enc(',"ts":');
const GOOD = enc('"good"');
const BAD = enc('"bad"');
const NULL = enc("null");
const TRUE = enc("true");
const FALSE = enc("false");
const COMMA = 44, CLOSE = 125;
/** Keys JSON.stringify would move to the front of an object (array indices). */
const INDEX_LIKE = /^(0|[1-9][0-9]*)$/;

/** Writes twins' JSON into bytes; keeps each twin's constant parts between calls. */
export class TwinJsonWriter {
  #templates = new WeakMap<Twin, Template | null>();
  #buf = new Uint8Array(16 * 1024);
  #at = 0;

  /**
   * The UTF-8 of the twin's JSON with the points `want` admits (all without
   * a filter; `key` stands for the kind's key points), or undefined for a
   * twin whose points this cannot write in `view()`'s order (a point name
   * that is an array index, a name twice).
   */
  bytes(twin: Twin, want?: ReadonlySet<string>): Uint8Array | undefined {
    const template = this.#template(twin);
    if (!template) return undefined;
    this.#at = 0;
    this.#raw(K_ID);
    this.#string(twin.id);
    this.#raw(K_NAME);
    this.#string(twin.name);
    this.#raw(K_KIND);
    this.#string(twin.def.kind);
    this.#raw(K_MODE);
    this.#string(twin.mode);
    this.#raw(twin.running ? K_RUNNING_TRUE : K_RUNNING_FALSE);
    if (twin.parent) {
      this.#raw(K_PARENT);
      this.#string(twin.parent);
    }
    this.#raw(K_SOURCE);
    this.#string(twin.source?.type ?? "none");
    this.#raw(K_POINTS);
    const keys = want?.has("key") ?? false;
    let first = true;
    for (const p of template.points) {
      if (want && !want.has(p.name) && !(keys && p.spec.key)) continue;
      if (!first) this.#byte(COMMA);
      first = false;
      this.#raw(p.head);
      const value = twin.values[p.name];
      this.#value(value);
      this.#raw(p.unit);
      const quality = value === undefined ? "bad" : twin.quality[p.name] ?? "good";
      if (quality === "good") this.#raw(GOOD);
      else if (quality === "bad") this.#raw(BAD);
      else this.#string(quality);
      this.#raw(K_TS);
      this.#number(twin.pointTs(p.name));
      this.#byte(CLOSE);
    }
    this.#raw(K_VERSION);
    this.#number(twin.version);
    this.#byte(CLOSE);
    return this.#buf.slice(0, this.#at);
  }

  #template(twin: Twin): Template | null {
    const cached = this.#templates.get(twin);
    if (cached !== undefined && (cached === null || current(cached, twin))) return cached;
    const specs = twin.pointSpecs();
    const names = new Set(specs.map(([name]) => name));
    const template = names.size !== specs.length || specs.some(([name]) => INDEX_LIKE.test(name))
      ? null
      : {
        kindPoints: twin.def.points,
        extraNames: Object.keys(twin.extraPoints),
        extras: Object.values(twin.extraPoints),
        points: specs.map(([name, spec]) => ({
          name,
          spec,
          head: enc(`${JSON.stringify(name)}:{"value":`),
          // JSON.stringify leaves out a key whose value is undefined.
          unit: enc(
            spec.unit === undefined
              ? ',"quality":'
              : `,"unit":${JSON.stringify(spec.unit)},"quality":`,
          ),
        })),
      };
    this.#templates.set(twin, template);
    return template;
  }

  #value(v: unknown): void {
    if (typeof v === "number") this.#number(v);
    else if (typeof v === "string") this.#string(v);
    else if (v === true) this.#raw(TRUE);
    else if (v === false) this.#raw(FALSE);
    else if (v === undefined || v === null) this.#raw(NULL);
    else this.#utf8(JSON.stringify(v));
  }

  /** A number as JSON.stringify writes it: `null` unless finite. */
  #number(n: number): void {
    if (!Number.isFinite(n)) this.#raw(NULL);
    else this.#ascii(String(n));
  }

  #string(s: string): void {
    this.#utf8(JSON.stringify(s));
  }

  #ascii(s: string): void {
    this.#room(s.length);
    const buf = this.#buf;
    let at = this.#at;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.#at = at;
  }

  #utf8(s: string): void {
    this.#room(s.length * 3);
    this.#at += encoder.encodeInto(s, this.#buf.subarray(this.#at)).written;
  }

  #raw(bytes: Uint8Array): void {
    this.#room(bytes.byteLength);
    this.#buf.set(bytes, this.#at);
    this.#at += bytes.byteLength;
  }

  #byte(b: number): void {
    this.#room(1);
    this.#buf[this.#at++] = b;
  }

  #room(n: number): void {
    if (this.#at + n <= this.#buf.byteLength) return;
    const grown = new Uint8Array(Math.max(this.#buf.byteLength * 2, this.#at + n));
    grown.set(this.#buf.subarray(0, this.#at));
    this.#buf = grown;
  }
}

/** Whether `t` still describes the twin's points: the same names and spec objects, in order. */
function current(t: Template, twin: Twin): boolean {
  if (t.kindPoints !== twin.def.points) return false;
  let i = 0;
  for (const name in twin.extraPoints) {
    if (t.extraNames[i] !== name || t.extras[i] !== twin.extraPoints[name]) return false;
    i++;
  }
  return i === t.extras.length;
}
