/**
 * SSE frames as bytes, assembled from pieces encoded once.
 *
 * A plant step changes hundreds of twins and the hub sends a frame to each
 * filter group. Building each group's frame as a string (the twins' JSON
 * joined, wrapped, concatenated with events and the clock) and encoding it
 * copies every twin's JSON three or four times per group and leaves that
 * much garbage per step; the young-generation collections it causes land in
 * the middle of the fan-out and set the delay's tail. Here each changed
 * twin's JSON is encoded once per step (per point filter) and a group's
 * frame is one allocation the size of the frame, filled by copying bytes.
 *
 * @module
 */

const encoder = new TextEncoder();

/** `event: twins\ndata: [` */
const TWINS_HEAD = encoder.encode("event: twins\ndata: [");
/** `]` and the blank line that ends a frame. */
const TWINS_TAIL = encoder.encode("]\n\n");
const COMMA = encoder.encode(",");
/** Nothing: a frame part that is absent. */
export const NO_BYTES: Uint8Array = new Uint8Array(0);

/**
 * Each twin's JSON bytes made once per flush and point filter, shared by
 * every group frame that carries it.
 */
export class TwinBytes {
  #memo = new Map<string, Uint8Array>();

  /** The JSON bytes of twin `id` under the point filter `pointsKey`: `make()`'s, on first use. */
  get(id: string, pointsKey: string, make: () => Uint8Array): Uint8Array {
    const key = pointsKey ? `${pointsKey}\u0000${id}` : id;
    let bytes = this.#memo.get(key);
    if (!bytes) {
      bytes = make();
      this.#memo.set(key, bytes);
    }
    return bytes;
  }

  /** Forget every twin: their versions move on after a flush. */
  clear(): void {
    this.#memo.clear();
  }
}

/**
 * One frame chunk: `head` (published event frames), a `twins` frame of
 * `twins` when there are any, then `tail` (the clock frame). Empty when all
 * three are.
 */
export function frameBytes(
  head: Uint8Array,
  twins: readonly Uint8Array[],
  tail: Uint8Array,
): Uint8Array {
  let size = head.byteLength + tail.byteLength;
  if (twins.length) {
    size += TWINS_HEAD.byteLength + TWINS_TAIL.byteLength + twins.length - 1;
    for (const t of twins) size += t.byteLength;
  }
  if (size === 0) return NO_BYTES;
  const out = new Uint8Array(size);
  let at = 0;
  out.set(head, at);
  at += head.byteLength;
  if (twins.length) {
    out.set(TWINS_HEAD, at);
    at += TWINS_HEAD.byteLength;
    for (let i = 0; i < twins.length; i++) {
      if (i > 0) out.set(COMMA, at++);
      out.set(twins[i], at);
      at += twins[i].byteLength;
    }
    out.set(TWINS_TAIL, at);
    at += TWINS_TAIL.byteLength;
  }
  out.set(tail, at);
  return out;
}

/** The UTF-8 of `text`; {@linkcode NO_BYTES} for the empty string. */
export function utf8(text: string): Uint8Array {
  return text ? encoder.encode(text) : NO_BYTES;
}
