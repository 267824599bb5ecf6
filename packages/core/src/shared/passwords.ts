import { hash, verify } from '@node-rs/argon2';

/** Argon2id, OWASP's recommended minimum: 19 MiB of memory, 2 passes, 1 lane. */
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Argon2 computations this process has started. They all share libuv's small thread pool, which
 * every sign-in needs: the attack tests read these counts to prove which paths do none, or one.
 */
export const argon2Work = { hashes: 0, verifications: 0 };

export function hashPassword(password: string): Promise<string> {
  argon2Work.hashes += 1;
  return hash(password, ARGON2_OPTIONS);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  argon2Work.verifications += 1;
  return verify(passwordHash, password).catch(() => false);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a hash of the same cost when there is no password to check (an unknown
 * username, a blocked account), so that every failed sign-in costs the same.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  // Made once per process and not counted: it is no request's work.
  dummyHash ??= hash('no-such-account-dummy-password', ARGON2_OPTIONS);
  await verifyPassword(await dummyHash, password);
  return false;
}
