/**
 * Build the WebAssembly kernels from their text sources: each `.wat` named
 * in {@linkcode WASM_KERNELS} becomes a TypeScript module that exports its
 * bytes, so the runtime loads them without a file read or a build step.
 *
 *   deno task build:wasm           write the modules
 *   deno task build:wasm --check   exit 1 if a module is not its source's build
 *
 * @module
 */
import wabtInit from "wabt";

/** Each kernel's text source and the module its bytes go to, from the repository root. */
export const WASM_KERNELS = [
  { source: "diagnosis/cards/card_kernels.wat", module: "diagnosis/cards/card_kernels_bytes.ts" },
] as const;

/** Assemble WebAssembly text (SIMD on) into a binary module; throws with wabt's message on an error. */
export async function assembleWat(name: string, text: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat(name, text, { simd: true });
  try {
    parsed.resolveNames();
    parsed.validate();
    return new Uint8Array(parsed.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    parsed.destroy();
  }
}

/** The TypeScript module that carries `bytes`, built from `source`. */
export function bytesModule(source: string, bytes: Uint8Array): string {
  const b64 = btoa(String.fromCharCode(...bytes));
  return `// Built from ${source} by \`deno task build:wasm\`; do not edit.\n` +
    `/** The WebAssembly binary of ${source}. */\n` +
    `export const WASM_BYTES: Uint8Array = Uint8Array.fromBase64(\n  "${b64}",\n);\n`;
}

if (import.meta.main) {
  const root = new URL("..", import.meta.url);
  const check = Deno.args.includes("--check");
  let stale = 0;
  for (const k of WASM_KERNELS) {
    const text = await Deno.readTextFile(new URL(k.source, root));
    const want = bytesModule(k.source, await assembleWat(k.source, text));
    const path = new URL(k.module, root);
    if (!check) await Deno.writeTextFile(path, want);
    else if ((await Deno.readTextFile(path).catch(() => "")) !== want) {
      console.error(`${k.module} is not the build of ${k.source}; run deno task build:wasm`);
      stale++;
    }
  }
  if (stale > 0) Deno.exit(1);
}
