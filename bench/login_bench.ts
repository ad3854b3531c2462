/**
 * Logins per second through the auth service at the production KDF cost
 * (PBKDF2-HMAC-SHA256, 600,000 iterations) and token verifications per
 * second, each beside its floor in the same run: bare WebCrypto PBKDF2
 * derivations of the same cost, and bare `jose` verifications. A login is
 * meant to be slow (that is the KDF's job); the figure says how many a
 * server can take, and the ratio how much the service adds.
 *
 *   deno run --allow-read --allow-write bench/login_bench.ts
 *
 * @module
 */
import { jwtVerify } from "jose";
import { DatabaseSync } from "node:sqlite";
import { AuditLog } from "../security/audit_log.ts";
import { AuthService } from "../security/auth_service.ts";
import { DEFAULT_ITERATIONS } from "../security/password_hash.ts";
import { UserStore } from "../security/user_store.ts";
import { type BenchResult, benchResult } from "./bench_result.ts";

async function rate(n: number, once: () => Promise<unknown>): Promise<number> {
  await once();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await once();
  return n / ((performance.now() - t0) / 1000);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Run the login and verification benchmarks. */
export async function runLoginBench(runs = 3): Promise<BenchResult[]> {
  const db = new DatabaseSync(":memory:");
  const users = new UserStore(db);
  const auth = new AuthService(users, new AuditLog(db), { limits: { maxFailures: 1e9 } });
  await auth.createUser("bench", "ann", "operator", "a-long-enough-password");
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode("a-long-enough-password"),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const derive = () =>
    crypto.subtle.deriveBits(
      { name: "PBKDF2", hash: "SHA-256", salt, iterations: DEFAULT_ITERATIONS },
      key,
      256,
    );
  const logins: number[] = [];
  const floors: number[] = [];
  for (let r = 0; r < runs; r++) {
    logins.push(await rate(5, () => auth.login("ann", "a-long-enough-password")));
    floors.push(await rate(5, derive));
  }
  const token = (await auth.login("ann", "a-long-enough-password")).access_token;
  const signing = users.signingKey();
  const verifies: number[] = [];
  const bare: number[] = [];
  for (let r = 0; r < runs; r++) {
    verifies.push(await rate(5_000, () => auth.verify(token)));
    bare.push(await rate(5_000, () => jwtVerify(token, signing, { algorithms: ["HS256"] })));
  }
  db.close();
  return [
    benchResult(
      "logins_per_s",
      median(logins),
      "logins/s",
      median(floors),
      `PBKDF2-SHA256 ${DEFAULT_ITERATIONS} iterations; baseline: bare WebCrypto derivations of the same cost; medians of ${runs} runs`,
    ),
    benchResult(
      "token_verifications_per_s",
      median(verifies),
      "verifications/s",
      median(bare),
      "auth service (JWT + session and user lookups) vs bare jose jwtVerify",
    ),
  ];
}

if (import.meta.main) {
  for (const r of await runLoginBench()) console.log(JSON.stringify(r));
}
