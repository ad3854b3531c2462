/**
 * Splitting a Server-Sent Events byte stream into frames, for the tests
 * that read `/api/stream` by hand.
 *
 * @module
 */

/** One SSE frame: its event name and parsed JSON data. */
export interface SseFrame {
  /** Event name (`message` when the frame names none). */
  event: string;
  /** The frame's `data`, parsed as JSON. */
  data: unknown;
}

/**
 * Move every complete frame (ended by a blank line) at the start of
 * `buffer` into `frames`; returns what is left of `buffer`, an unfinished
 * frame, to prepend to the next chunk.
 */
export function takeSseFrames(buffer: string, frames: SseFrame[]): string {
  let cut;
  while ((cut = buffer.indexOf("\n\n")) >= 0) {
    const block = buffer.slice(0, cut);
    buffer = buffer.slice(cut + 2);
    let event = "message", data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data += line.slice(6);
    }
    if (data) frames.push({ event, data: JSON.parse(data) });
  }
  return buffer;
}
