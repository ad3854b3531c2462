/**
 * What may name a user in a command or an alarm action: a short line of
 * printable text. The name is stored in every record the user makes (up to
 * 10,000 command records and the alarm journal), so its size is bounded.
 *
 * @module
 */

/** Longest user name, in characters (the UI cuts names to this length too). */
export const USER_NAME_MAX = 100;

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]+$/u;

/** Why `name` cannot name a user (a phrase to follow the name's source), or undefined when it can. */
export function userNameProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (name.length > USER_NAME_MAX) {
    return `is ${
      name.length.toLocaleString("en-US")
    } characters long; at most ${USER_NAME_MAX} allowed`;
  }
  if (!PRINTABLE.test(name)) {
    return "holds control or invisible characters; letters, digits, spaces and punctuation only";
  }
  return undefined;
}
