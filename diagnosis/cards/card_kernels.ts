/**
 * The card classifier's WebAssembly kernels (card_kernels.wat), compiled
 * once when this module loads: compiled code holds no state, and every
 * runtime's classifiers then share the code V8 optimises as it runs (a
 * module compiled per classifier would start on baseline code each time).
 *
 * @module
 */
import { WASM_BYTES } from "./card_kernels_bytes.ts";

const KERNELS = new WebAssembly.Module(WASM_BYTES as Uint8Array<ArrayBuffer>);

/** The compiled kernels. */
export function cardKernels(): WebAssembly.Module {
  return KERNELS;
}

/** Bytes rounded up to a multiple of 16 (a SIMD lane group). */
export function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/** Grow `memory` to hold `bytes`. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const page = 65_536;
  const pages = Math.ceil(bytes / page) - memory.buffer.byteLength / page;
  if (pages > 0) memory.grow(pages);
}
