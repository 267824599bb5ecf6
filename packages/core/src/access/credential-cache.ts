import { listenToChannel } from '@trajectoire/db';

/** The channel the database notifies on every change to what a credential acts as (migration 0007). */
export const CREDENTIALS_CHANGED_CHANNEL = 'credentials_changed';

export interface CredentialCacheStats {
  hits: number;
  misses: number;
  invalidations: number;
}

/**
 * What API keys act as (key, account, habilitations), kept in memory between requests: reading
 * it cost every call of an internal tool a round trip to Postgres (0.7 ms of a 3 ms search).
 *
 * Only while the database's notifications are heard: every change to those rows notifies on
 * commit and empties the cache, and a notification connection lost or gone silent (see
 * listenToChannel's heartbeat) empties it and stops it from filling until it is heard again.
 * A read that began before a change and ends after its notification is not kept (the
 * generation moved on). Entries also expire after `ttlMs`, should a
 * notification ever be lost some other way. What each request decides from an entry (the
 * secret, the dates of each habilitation, today) is still decided on every request.
 */
export class CredentialCache<Value extends object> {
  readonly #entries = new Map<string, { value: Value; storedAt: number }>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  #generation = 0;
  #live = false;
  readonly stats: CredentialCacheStats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(options: { maxEntries?: number; ttlMs?: number } = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#ttlMs = options.ttlMs ?? 30_000;
  }

  /** Whether changes are being heard; while not, nothing is kept. */
  setLive(live: boolean): void {
    this.#live = live;
    this.invalidateAll();
  }

  invalidateAll(): void {
    this.#generation += 1;
    this.#entries.clear();
    this.stats.invalidations += 1;
  }

  async get(key: string, load: () => Promise<Value | undefined>): Promise<Value | undefined> {
    const entry = this.#entries.get(key);
    if (entry && performance.now() - entry.storedAt < this.#ttlMs) {
      this.stats.hits += 1;
      return entry.value;
    }
    this.stats.misses += 1;
    const generation = this.#generation;
    const value = await load();
    // Unknown keys are not kept: a stranger's guesses must not fill the memory.
    if (value !== undefined && this.#live && generation === this.#generation) {
      this.#entries.delete(key);
      this.#entries.set(key, { value, storedAt: performance.now() });
      if (this.#entries.size > this.#maxEntries) {
        const oldest = this.#entries.keys().next().value;
        if (oldest !== undefined) this.#entries.delete(oldest);
      }
    }
    return value;
  }
}

/** A cache that follows the database's change notifications, for as long as it is not stopped. */
export async function startCredentialCache<Value extends object>(
  databaseUrl: string,
  options: { maxEntries?: number; ttlMs?: number; retryMs?: number; heartbeatMs?: number } = {},
) {
  const cache = new CredentialCache<Value>(options);
  const { retryMs, heartbeatMs } = options;
  const listener = await listenToChannel(
    databaseUrl,
    CREDENTIALS_CHANGED_CHANNEL,
    {
      onNotification: () => cache.invalidateAll(),
      onLive: (live) => cache.setLive(live),
    },
    { ...(retryMs === undefined ? {} : { retryMs }), ...(heartbeatMs === undefined ? {} : { heartbeatMs }) },
  );
  // Until notifications are heard the cache keeps nothing; a server starting with its database
  // waits the moment that takes (a round trip), not longer: it serves uncached meanwhile.
  await listener.whenLive(2_000);
  return { cache, listener };
}
