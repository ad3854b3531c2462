/**
 * Time-of-use energy tariffs: a price per kWh for each hour of the day, read
 * from a JSON file (an array of 24 prices, or `{ "prices": [...] }`).
 *
 * @module
 */

/** Prices per kWh for hours 0..23. */
export type Tariff = readonly number[];

/**
 * The default tariff: off-peak 0.08 from 22:00 to 06:00, shoulder 0.14,
 * peak 0.30 from 17:00 to 21:00 (per kWh, currency-free).
 */
export const DEFAULT_TARIFF: Tariff = Array.from(
  { length: 24 },
  (_, h) => h < 6 || h >= 22 ? 0.08 : h >= 17 && h < 21 ? 0.30 : 0.14,
);

/** Check 24 non-negative prices; throws a sentence naming `where` and the hour. */
export function checkTariff(prices: unknown, where = "tariff"): Tariff {
  if (!Array.isArray(prices)) throw new Error(`${where}: expected an array of 24 prices`);
  if (prices.length !== 24) {
    throw new Error(`${where}: expected 24 hourly prices, got ${prices.length}`);
  }
  prices.forEach((p, h) => {
    if (typeof p !== "number" || !Number.isFinite(p) || p < 0) {
      throw new Error(`${where}[${h}]: price must be a number >= 0, got ${JSON.stringify(p)}`);
    }
  });
  return prices as number[];
}

/** Parse a tariff file's text: `[p0, ..., p23]` or `{ "prices": [...] }`. */
export function parseTariff(text: string, file = "tariff"): Tariff {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`);
  }
  if (v && typeof v === "object" && !Array.isArray(v)) {
    return checkTariff((v as { prices?: unknown }).prices, `${file}: prices`);
  }
  return checkTariff(v, file);
}
