/**
 * Reading and writing the card model file, and the committed model the
 * runtime uses.
 *
 * @module
 */
import type { CardModel } from "./card_classifier.ts";
import committed from "./card_model.json" with { type: "json" };

/** The model as written: JSON indented as deno fmt leaves it, and a newline (stable bytes for a stable model). */
export function modelJson(model: CardModel): string {
  return JSON.stringify(model, null, 2) + "\n";
}

/** The committed model (diagnosis/cards/card_model.json). */
export function committedModel(): CardModel {
  return committed as CardModel;
}

/** Read a model file; throws naming the file when it is not a card model. */
export async function readModel(path: string | URL): Promise<CardModel> {
  const text = await Deno.readTextFile(path);
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not JSON: ${e instanceof Error ? e.message : e}`);
  }
  const o = m as Partial<CardModel>;
  if (!o || o.version !== 2 || !Array.isArray(o.classes) || typeof o.weights !== "string") {
    throw new Error(`${path}: not a card model (version 2 with classes and weights)`);
  }
  return o as CardModel;
}
