import assert from "node:assert/strict";
import { assembleWat, bytesModule } from "../../tools/build_wasm.ts";

Deno.test("card kernels: the committed binary is the build of card_kernels.wat", async () => {
  const source = "diagnosis/cards/card_kernels.wat";
  const text = await Deno.readTextFile(new URL("./card_kernels.wat", import.meta.url));
  const built = bytesModule(source, await assembleWat(source, text));
  const committed = await Deno.readTextFile(new URL("./card_kernels_bytes.ts", import.meta.url));
  assert.equal(committed, built, "run deno task build:wasm");
  await assert.rejects(() => assembleWat("bad.wat", "(module (func (result i32)))"), /bad\.wat/);
});
