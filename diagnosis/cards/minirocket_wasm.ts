/**
 * MiniRocket features through the WebAssembly SIMD kernel (card_kernels.wat):
 * the same features as {@linkcode miniRocketTransform}, bit for bit, about
 * five times faster, since two convolution outputs are computed and counted
 * against a bias at once. Each instance owns its memory, laid out once for
 * one fitted transform: the biases, the features, the series and the
 * scratch rows.
 *
 * @module
 */
import type { MiniRocketParams } from "./minirocket.ts";
import { align16, cardKernels, ensureMemory } from "./card_kernels.ts";

interface KernelExports {
  memory: WebAssembly.Memory;
  transform(
    n: number,
    dilations: number,
    dil: number,
    nf: number,
    bias: number,
    out: number,
    x: number,
    g: number,
    c: number,
  ): void;
}

/** One fitted transform, ready to run in WebAssembly. */
export class MiniRocketWasm {
  /** The transform it runs. */
  readonly params: MiniRocketParams;
  readonly #kernel: KernelExports;
  readonly #x: Float64Array;
  readonly #out: Float32Array;
  readonly #at: {
    dil: number;
    nf: number;
    bias: number;
    out: number;
    x: number;
    g: number;
    c: number;
  };

  /** Lay out memory for `p`; throws if the series length is odd (the kernel takes outputs in pairs). */
  constructor(p: MiniRocketParams) {
    const n = p.length, d = p.dilations.length, total = p.biases.length;
    if (n % 2 !== 0) {
      throw new Error(`MiniRocket in WebAssembly needs an even series length, not ${n}`);
    }
    this.params = p;
    this.#kernel = new WebAssembly.Instance(cardKernels()).exports as unknown as KernelExports;
    const dil = 0, nf = align16(dil + 4 * d), bias = align16(nf + 4 * d);
    const out = align16(bias + 8 * total), x = align16(out + 4 * total);
    const g = align16(x + 8 * n), c = align16(g + 80 * n), end = c + 8 * n;
    this.#at = { dil, nf, bias, out, x, g, c };
    ensureMemory(this.#kernel.memory, end);
    const buffer = this.#kernel.memory.buffer;
    new Int32Array(buffer, dil, d).set(p.dilations);
    new Int32Array(buffer, nf, d).set(p.featuresPerDilation);
    new Float64Array(buffer, bias, total).set(p.biases);
    this.#x = new Float64Array(buffer, x, n);
    this.#out = new Float32Array(buffer, out, total);
  }

  /** Write the features of `x` into `out` from `offset`, as {@linkcode miniRocketTransform} would. */
  transform(x: ArrayLike<number>, out: Float32Array, offset = 0): void {
    const p = this.params, at = this.#at;
    if (x.length !== p.length) {
      throw new Error(`MiniRocket: series of ${x.length} points, not ${p.length}`);
    }
    this.#x.set(x);
    this.#kernel.transform(
      p.length,
      p.dilations.length,
      at.dil,
      at.nf,
      at.bias,
      at.out,
      at.x,
      at.g,
      at.c,
    );
    out.set(this.#out, offset);
  }
}
