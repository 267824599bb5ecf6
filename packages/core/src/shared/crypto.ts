import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits, URL-safe: for session, challenge, browser and API key secrets. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens have full entropy, so a plain SHA-256 is the right storage hash (no salt, no stretching). */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The one-time code of a challenge at a given generation, HOTP-style (RFC 4226 dynamic
 * truncation over HMAC-SHA-256). Derived from the application secret, so the code itself
 * is never stored: the worker recomputes it to send it, the server to check it.
 */
export function oneTimeCode(appSecret: string, challengeId: string, generation: number, digits = 6): string {
  const key = createHmac('sha256', appSecret).update(`sign-in-code:${challengeId}`).digest();
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(generation));
  const mac = createHmac('sha256', key).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}
