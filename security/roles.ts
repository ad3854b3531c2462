/**
 * Roles, each including the rights of the ones before it: a viewer reads;
 * an operator also acknowledges and shelves alarms and sends commands; an
 * engineer also runs what-ifs and replays, changes plant parameters and
 * stops or starts twins; an admin also manages users and reads the audit log.
 *
 * @module
 */

/** Every role, least rights first. */
export const ROLES = ["viewer", "operator", "engineer", "admin"] as const;

/** A user's role. */
export type Role = typeof ROLES[number];

/** Whether `role` has at least the rights of `needed`. */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Whether `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
