/**
 * Durations as engineers write them in a what-if spec: `24h`, `90m`,
 * `1h30m`, `45s`, `2d`, `500ms`. The parser is strict (no spaces inside a
 * part, no repeated or out-of-order units, no negative or empty values) so a
 * typo is an error rather than a guess.
 *
 * @module
 */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
const ORDER = ["d", "h", "m", "s", "ms"] as const;
const PART = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/y;

/**
 * Parse a duration into milliseconds; throws an Error saying what is wrong.
 *
 * @example
 * ```ts
 * parseDuration("1h30m"); // 5_400_000
 * ```
 */
export function parseDuration(text: string): number {
  const s = text.trim();
  if (s === "") throw new Error(`empty duration; write it like "24h", "90m" or "1h30m"`);
  let at = 0;
  let total = 0;
  let last = -1;
  while (at < s.length) {
    PART.lastIndex = at;
    const m = PART.exec(s);
    if (!m) {
      throw new Error(
        `bad duration "${text}" at "${
          s.slice(at)
        }"; write it like "24h", "90m", "1h30m" (units d, h, m, s, ms)`,
      );
    }
    const unit = m[2] as keyof typeof UNIT_MS;
    const rank = ORDER.indexOf(unit);
    if (rank <= last) {
      throw new Error(`bad duration "${text}": units must go from days down to ms, each once`);
    }
    last = rank;
    total += Number(m[1]) * UNIT_MS[unit];
    at = PART.lastIndex;
  }
  return Math.round(total);
}

/** Format milliseconds as the shortest duration {@linkcode parseDuration} reads back. */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let rest = Math.round(ms);
  let out = "";
  for (const unit of ORDER) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * UNIT_MS[unit];
  }
  return out;
}
