import { createApiKey, revokeApiKey } from '@trajectoire/core';
import {
  insertAccount,
  insertEstablishment,
  insertHabilitation,
  TEST_PASSWORD,
} from '@trajectoire/test-support/fixtures';
import { startTestServer } from '@trajectoire/test-support/server';
import { describe, expect, it } from 'vitest';
import { type AppRouter, createClient, errorCode, type TRPCClientError } from './index';

const { db, deps, base } = await startTestServer();

describe('createClient over real HTTP', () => {
  it("acts with its account's rights, and stops when the key is revoked", async () => {
    const account = await insertAccount(db);
    const establishment = await insertEstablishment(db, { name: 'CH Annecy Genevois' });
    await insertHabilitation(db, {
      accountId: account.id,
      profile: 'REFERENT_STRUCTURE',
      establishmentId: establishment.id,
      startsOn: '2020-01-01',
      endsOn: '2099-12-31',
    });
    const { id, key } = await createApiKey(deps, account.id, { name: 'Import nocturne', password: TEST_PASSWORD });
    expect(key).toMatch(/^tpk_/);
    const stored = await db.selectFrom('api_keys').select('secret_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.secret_hash.toString('utf8')).not.toContain(key.split('_').at(-1));

    const client = createClient({ url: base, apiKey: key });
    const session = await client.auth.session.query();
    expect(session?.account.username).toBe(account.username);
    expect(session?.isReferent).toBe(true);
    expect(session?.habilitations[0]?.establishmentName).toBe('CH Annecy Genevois');
    const keys = await client.auth.listApiKeys.query();
    expect(keys).toEqual([expect.objectContaining({ id, name: 'Import nocturne', revokedAt: null })]);
    // Its use is recorded on the key (at most once a minute), not elsewhere.
    expect(keys[0]?.lastUsedAt).toEqual(expect.any(String));

    // A key may not mint more keys.
    const minted = await client.auth.createApiKey
      .mutate({ name: 'Autre', password: TEST_PASSWORD })
      .catch((e: unknown) => e);
    expect(errorCode(minted)).toBe('FORBIDDEN');

    await revokeApiKey(deps, account.id, id);
    // Revoked from another process, the server learns it from the database's notification:
    // within milliseconds, not necessarily before this very next call.
    for (let i = 0; i < 500 && (await client.auth.session.query()) !== null; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await client.auth.session.query()).toBeNull();
    const refused = await client.auth.listApiKeys.query().catch((e: unknown) => e);
    expect(errorCode(refused)).toBe('NOT_SIGNED_IN');
  });

  it('refuses a malformed or unknown key as signed out, and reports typed input errors', async () => {
    for (const apiKey of ['nope', `tpk_00000000-0000-0000-0000-000000000000_${'a'.repeat(43)}`]) {
      const client = createClient({ url: base, apiKey });
      expect(await client.auth.session.query()).toBeNull();
    }
    const client = createClient({ url: base, apiKey: 'nope' });
    const bad = await client.auth.signIn.mutate({ username: '', password: '' }).catch((e: unknown) => e);
    expect(errorCode(bad)).toBe('INVALID_INPUT');
    // The answer stays inspectable on the error, as a fetch Response would be.
    const response = (bad as TRPCClientError<AppRouter>).meta?.response as Response;
    expect(response.status).toBe(400);
    expect(response.ok).toBe(false);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(JSON.parse(await response.text())).toMatchObject({ error: { data: { appCode: 'INVALID_INPUT' } } });
  });

  it('manages accounts within its rights: search, create, refusal outside scope', async () => {
    const referent = await insertAccount(db);
    const lyon = await insertEstablishment(db, { name: 'CH Lyon Sud' });
    const elsewhere = await insertEstablishment(db, { name: 'CH Valence', departement: '26' });
    await insertHabilitation(db, {
      accountId: referent.id,
      profile: 'REFERENT_STRUCTURE',
      establishmentId: lyon.id,
      startsOn: '2020-01-01',
      endsOn: '2099-12-31',
    });
    const outsider = await insertAccount(db, { username: 'valence.nurse' });
    await insertHabilitation(db, {
      accountId: outsider.id,
      profile: 'EQUIPE_SOIGNANTE',
      establishmentId: elsewhere.id,
      startsOn: '2020-01-01',
      endsOn: '2099-12-31',
    });
    const { key } = await createApiKey(deps, referent.id, { name: 'Annuaire RH', password: TEST_PASSWORD });
    const client = createClient({ url: base, apiKey: key });

    const created = await client.accounts.create.mutate({
      data: {
        lastName: 'Importé',
        firstName: 'Agent',
        email: 'agent.importe@example.test',
        phone: '',
        mobile: '',
        profession: 'IDE',
      },
    });
    expect(created.username).toBe('agent.importe');
    const { accounts } = await client.accounts.search.query({ query: 'importe' });
    expect(accounts).toEqual([expect.objectContaining({ id: created.id, manageable: true })]);

    const data = { lastName: 'X', firstName: 'Y', email: 'x.y@example.test', phone: '', mobile: '', profession: '' };
    expect(errorCode(await client.accounts.update.mutate({ id: outsider.id, data }).catch((e: unknown) => e))).toBe(
      'FORBIDDEN',
    );
    expect(
      errorCode(
        await client.accounts.create
          .mutate({ data: { ...data, email: 'agent.importe@example.test' } })
          .catch((e: unknown) => e),
      ),
    ).toBe('EMAIL_IN_USE');
  });

  it('grants and reviews habilitations within its scope', async () => {
    const referent = await insertAccount(db);
    const mine = await insertEstablishment(db, { name: 'CH Bourg', departement: '01' });
    const theirs = await insertEstablishment(db, { name: 'CH Nantua', departement: '01' });
    await insertHabilitation(db, {
      accountId: referent.id,
      profile: 'REFERENT_STRUCTURE',
      establishmentId: mine.id,
      startsOn: '2020-01-01',
      endsOn: '2099-12-31',
    });
    const nurse = await insertAccount(db, { attachedTo: { establishmentId: mine.id } });
    const { key } = await createApiKey(deps, referent.id, { name: 'Import RH', password: TEST_PASSWORD });
    const client = createClient({ url: base, apiKey: key });
    const granted = await client.habilitations.grant.mutate({
      accountIds: [nurse.id],
      profile: 'EQUIPE_SOIGNANTE',
      domain: 'SANITAIRE',
      level: 'ESTABLISHMENT',
      establishmentId: mine.id,
    });
    expect(granted.ids).toHaveLength(1);
    const review = await client.habilitations.review.query({
      domain: 'SANITAIRE',
      departement: '01',
      establishmentId: mine.id,
    });
    expect(review.rows.map((r) => r.accountId)).toContain(nurse.id);
    const refused = await client.habilitations.grant
      .mutate({
        accountIds: [nurse.id],
        profile: 'EQUIPE_SOIGNANTE',
        domain: 'SANITAIRE',
        level: 'ESTABLISHMENT',
        establishmentId: theirs.id,
      })
      .catch((e: unknown) => e);
    expect(errorCode(refused)).toBe('FORBIDDEN');
  });
});
