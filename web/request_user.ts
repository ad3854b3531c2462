/**
 * The user a request acts for: the `x-user` header (until authentication
 * lands), checked like every user name before it is stored in records. The
 * UI %-encodes names a header cannot carry (beyond Latin-1); those are
 * decoded here.
 *
 * @module
 */
import { USER_NAME_MAX, userNameProblem } from "../commands/user_name.ts";
import { HttpError } from "./http_error.ts";

/** The user named by `x-user`, or "anonymous" without one; throws a 400 naming the header. */
export function requestUser(req: Request): string {
  const raw = req.headers.get("x-user")?.trim();
  if (!raw) return "anonymous";
  // A %-encoded name is at most 9 header characters per character of the name.
  if (raw.length > USER_NAME_MAX * 9) {
    throw new HttpError(
      400,
      `header x-user is ${
        raw.length.toLocaleString("en-US")
      } characters long; at most ${USER_NAME_MAX} allowed`,
    );
  }
  return checkedUser(decoded(raw), "header x-user");
}

/** `name` when it may name a user; else a 400 naming `where` it came from. */
export function checkedUser(name: string, where: string): string {
  const problem = userNameProblem(name);
  if (problem) throw new HttpError(400, `${where} ${problem}`);
  return name;
}

function decoded(value: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
