/**
 * Password hashes with PBKDF2-HMAC-SHA256 from WebCrypto (no native
 * dependency). The iteration count is stored in each hash, so the default
 * can rise later and old hashes keep verifying; 600,000 follows OWASP's
 * 2023 advice for this hash. Format: `pbkdf2-sha256$<iterations>$<salt>$<hash>`
 * with salt and hash in base64.
 *
 * @module
 */

/** Iterations for new hashes unless told otherwise (OWASP 2023, PBKDF2-HMAC-SHA256). */
export const DEFAULT_ITERATIONS = 600_000;

const PREFIX = "pbkdf2-sha256";
const enc = new TextEncoder();

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", enc.encode(password), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

function b64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function unb64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** Hash `password` with a fresh random salt. */
export async function hashPassword(
  password: string,
  iterations = DEFAULT_ITERATIONS,
): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `${PREFIX}$${iterations}$${b64(salt)}$${b64(await derive(password, salt, iterations))}`;
}

/** Whether `password` matches `stored`; false for a hash in an unknown format. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [prefix, iter, salt, hash] = stored.split("$");
  const iterations = Number(iter);
  if (prefix !== PREFIX || !Number.isInteger(iterations) || iterations < 1 || !salt || !hash) {
    return false;
  }
  const want = unb64(hash);
  const got = await derive(password, unb64(salt), iterations);
  // Compare every byte, so the time taken says nothing about where they differ.
  let diff = want.length ^ got.length;
  for (let i = 0; i < Math.min(want.length, got.length); i++) diff |= want[i] ^ got[i];
  return diff === 0;
}
