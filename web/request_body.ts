/**
 * Reads request bodies within bounds: a declared `content-length` over the
 * limit is refused before a byte is read, a body is read chunk by chunk with
 * a running count and refused the moment it passes the limit (never held
 * whole in memory first), and a body that does not arrive in time (a client
 * that sends less than it declared) is answered 408 instead of holding the
 * connection.
 *
 * @module
 */
import type { z } from "zod";
import { describe } from "../commands/command_path.ts";
import { HttpError } from "./http_error.ts";
import { isJsonType } from "./request_guard.ts";

/** Bounds on one request body. */
export interface BodyLimits {
  /** Largest body, in bytes. */
  maxBytes: number;
  /** Longest wait for the whole body, in milliseconds. */
  timeoutMs: number;
}

/** The bounds every request body is read under unless the app is told otherwise. */
export const BODY_LIMITS: Readonly<BodyLimits> = { maxBytes: 1_000_000, timeoutMs: 10_000 };

/** Read the body as UTF-8 text under `limits`; throws {@linkcode HttpError} 400, 408 or 413. */
export async function readBodyText(
  req: Request,
  limits: BodyLimits = BODY_LIMITS,
): Promise<string> {
  const tooLarge = () =>
    new HttpError(413, `request body larger than ${limits.maxBytes.toLocaleString("en-US")} bytes`);
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limits.maxBytes) {
    throw tooLarge();
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), limits.timeoutMs);
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timeout]);
      if (next === "timeout") {
        throw new HttpError(
          408,
          `request body not received within ${limits.timeoutMs / 1000} s` +
            (declared === null ? "" : ` (content-length ${declared}, ${size} bytes arrived)`),
        );
      }
      if (next.done) break;
      size += next.value.byteLength;
      if (size > limits.maxBytes) throw tooLarge();
      chunks.push(next.value);
    }
  } catch (e) {
    reader.cancel().catch(() => {});
    if (e instanceof HttpError) throw e;
    throw new HttpError(400, `request body could not be read: ${(e as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, "request body is not valid UTF-8");
  }
}

/**
 * Read a JSON request body, or throw a 4xx naming the problem. An empty body
 * is `empty` when given (actions whose body is optional), else an error.
 */
export async function readJson(
  req: Request,
  limits: BodyLimits = BODY_LIMITS,
  empty?: unknown,
): Promise<unknown> {
  const type = req.headers.get("content-type");
  const text = await readBodyText(req, limits);
  if (empty !== undefined && !text.trim()) return empty;
  // Only JSON: form and text bodies are what a cross-site page can send
  // without asking, so accepting them would let any page act here.
  if (type === null || !isJsonType(type)) {
    throw new HttpError(
      415,
      `expected a JSON body with content-type application/json, got ${
        type === null ? "no content-type" : `"${type.slice(0, 100)}"`
      }`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** `body` checked against `schema`, or a 400 naming each problem's JSON path. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new HttpError(400, describe(r.error));
  return r.data;
}
