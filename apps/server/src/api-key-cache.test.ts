import { createClient, errorCode } from '@trajectoire/client';
import { createApiKey } from '@trajectoire/core';
import {
  insertAccount,
  insertEstablishment,
  insertHabilitation,
  TEST_PASSWORD,
} from '@trajectoire/test-support/fixtures';
import { startTestServer } from '@trajectoire/test-support/server';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';

const { db, server, deps, base } = await startTestServer();

/** A référent structure with an API key, and its typed client. */
async function referentWithKey() {
  const establishment = await insertEstablishment(db);
  const account = await insertAccount(db);
  const habilitation = await insertHabilitation(db, {
    accountId: account.id,
    profile: 'REFERENT_STRUCTURE',
    establishmentId: establishment.id,
    startsOn: '2020-01-01',
    endsOn: '2099-12-31',
  });
  const { id, key } = await createApiKey(deps, account.id, { name: 'Outil interne', password: TEST_PASSWORD });
  return { account, habilitation, keyId: id, client: createClient({ url: base, apiKey: key }) };
}

/** What a search answers: rows, or the error's code. */
const search = (client: ReturnType<typeof createClient>) =>
  client.accounts.search.query({ query: 'du' }).then(
    () => 'ALLOWED',
    (error: unknown) => errorCode(error),
  );

/** Polls until `check` holds; notifications come within milliseconds, the bound is generous. */
async function eventually(check: () => Promise<boolean>, ms = 3_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return check();
}

const stats = () => {
  const current = server.apiKeyCacheStats();
  if (!current) throw new Error('the server keeps no API key cache');
  return { ...current };
};

describe('what API keys act as, kept in memory', () => {
  it('is read once, then served from memory', async () => {
    const { client } = await referentWithKey();
    expect(await search(client)).toBe('ALLOWED');
    const before = stats();
    for (let i = 0; i < 5; i++) expect(await search(client)).toBe('ALLOWED');
    expect(stats().hits - before.hits).toBe(5);
    expect(stats().misses).toBe(before.misses);
  });

  it('still checks the secret on every call', async () => {
    const { client, keyId } = await referentWithKey();
    expect(await search(client)).toBe('ALLOWED');
    const forged = createClient({ url: base, apiKey: `tpk_${keyId}_${'A'.repeat(43)}` });
    expect(await search(forged)).toBe('NOT_SIGNED_IN');
  });

  it('forgets a key revoked, an account blocked, a habilitation removed or ended, as soon as the database says so', async () => {
    const revoked = await referentWithKey();
    const blocked = await referentWithKey();
    const removed = await referentWithKey();
    const ended = await referentWithKey();
    for (const { client } of [revoked, blocked, removed, ended]) expect(await search(client)).toBe('ALLOWED');

    // Changed by someone else (another server, a script): only the notification tells this one.
    await sql`update api_keys set revoked_at = now() where id = ${revoked.keyId}`.execute(db);
    await sql`update accounts set blocked_at = now() where id = ${blocked.account.id}`.execute(db);
    await sql`delete from habilitations where id = ${removed.habilitation.id}`.execute(db);
    await sql`update habilitations set ends_on = current_date - 1 where id = ${ended.habilitation.id}`.execute(db);

    expect(await eventually(async () => (await search(revoked.client)) === 'NOT_SIGNED_IN')).toBe(true);
    expect(await eventually(async () => (await search(blocked.client)) === 'NOT_SIGNED_IN')).toBe(true);
    expect(await eventually(async () => (await search(removed.client)) === 'FORBIDDEN')).toBe(true);
    expect(await eventually(async () => (await search(ended.client)) === 'FORBIDDEN')).toBe(true);
  });

  it("shows a renamed establishment at once: the names it keeps are the database's", async () => {
    const { client, habilitation } = await referentWithKey();
    const establishmentName = async () => (await client.auth.session.query())?.habilitations[0]?.establishmentName;
    const before = await establishmentName();
    expect(before).toBeTruthy();
    await sql`update establishments set name = 'Centre hospitalier renommé'
      where id = (select establishment_id from habilitations where id = ${habilitation.id})`.execute(db);
    expect(await eventually(async () => (await establishmentName()) === 'Centre hospitalier renommé')).toBe(true);
  });

  it('keeps nothing while it cannot hear the database, and resumes once it hears it again', async () => {
    const { client, keyId } = await referentWithKey();
    expect(await search(client)).toBe('ALLOWED');
    expect(await search(client)).toBe('ALLOWED');

    const listening = async () =>
      Number(
        (
          await sql<{ n: string }>`select count(*) as n from pg_stat_activity
          where datname = current_database() and application_name = 'listen credentials_changed'`.execute(db)
        ).rows[0]?.n,
      );
    expect(await listening()).toBe(1);
    const invalidations = stats().invalidations;
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and application_name = 'listen credentials_changed'`.execute(db);
    // The loss empties the cache at once...
    expect(await eventually(async () => stats().invalidations > invalidations)).toBe(true);
    // ...so a change made while nobody listens is seen on the next call.
    await sql`update api_keys set revoked_at = now() where id = ${keyId}`.execute(db);
    expect(await search(client)).toBe('NOT_SIGNED_IN');

    expect(stats().live).toBe(false);
    // Listening again (retried every second) and heard, the cache fills and serves again.
    const other = await referentWithKey();
    expect(await eventually(async () => stats().live)).toBe(true);
    expect(await listening()).toBe(1);
    expect(await search(other.client)).toBe('ALLOWED');
    const before = stats();
    expect(await search(other.client)).toBe('ALLOWED');
    expect(stats().hits).toBe(before.hits + 1);
  });
});
