/**
 * The security of a started server, from its command-line choices: whether
 * logins are needed, which host names and origins it answers to, and where
 * users and the audit log live (the plant's database in the data
 * directory). Safe by default: auth is on whenever the server listens on
 * anything but loopback, and the first admin's password is generated and
 * shown once, never a fixed default.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { openPlantDatabase, plantDatabasePath } from "../history/plant_database.ts";
import { AuditLog } from "../security/audit_log.ts";
import { type AuthOptions, AuthService } from "../security/auth_service.ts";
import { UserStore } from "../security/user_store.ts";
import type { RequestSecurity } from "../web/handle_request.ts";
import { allowedHostsFor } from "../web/request_guard.ts";

/** How the server should be secured. */
export interface SecurityChoice {
  /** "on", "off", or "auto" (on unless bound to loopback). */
  auth: "on" | "off" | "auto";
  /** The bind address. */
  host: string;
  /** Extra host names the server answers to. */
  allowedHosts?: readonly string[];
  /** Extra origins allowed to send mutating requests. */
  allowedOrigins?: readonly string[];
  /** Data directory, or undefined to keep no users or audit log (auth must be off). */
  data?: string;
  /** Auth tuning (token lifetimes, KDF cost). */
  authOptions?: AuthOptions;
}

/** The opened security: what the web app needs, and what to tell the user. */
export interface OpenedSecurity {
  /** Pass to `createWebApp`. */
  security: RequestSecurity;
  /** The first admin's generated password, to print once. */
  firstAdminPassword?: string;
  /** Where users and the audit log are kept. */
  path?: string;
  /** Close the database. */
  close(): void;
}

/** Whether `host` is a loopback address. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** Open users and audit log per `choice`; throws an Error with a hint when it cannot. */
export async function openSecurity(
  choice: SecurityChoice,
  plantName: string,
): Promise<OpenedSecurity> {
  const authOn = choice.auth === "on" || (choice.auth === "auto" && !isLoopback(choice.host));
  const guard = {
    allowedHosts: allowedHostsFor(choice.host, choice.allowedHosts),
    allowedOrigins: choice.allowedOrigins,
  };
  if (choice.data === undefined) {
    if (authOn) {
      throw new Error(
        "auth needs a data directory for users and the audit log (drop --no-records, or use --auth off on loopback)",
      );
    }
    return { security: { guard }, close() {} };
  }
  const path = plantDatabasePath(choice.data, plantName);
  let db: DatabaseSync | undefined;
  try {
    const opened = db = openPlantDatabase(choice.data, plantName);
    const close = () => opened.close();
    const audit = new AuditLog(opened);
    if (!authOn) return { security: { guard, audit }, path, close };
    const auth = new AuthService(new UserStore(opened), audit, choice.authOptions);
    const firstAdminPassword = await auth.bootstrapAdmin();
    return { security: { guard, auth, audit }, firstAdminPassword, path, close };
  } catch (e) {
    db?.close();
    throw new Error(`cannot open users and audit log in ${path}: ${(e as Error).message}`);
  }
}
