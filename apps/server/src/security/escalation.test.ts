import { createHash } from 'node:crypto';
import { failure } from '@trajectoire/test-support/errors';
import {
  insertAccount,
  insertEstablishment,
  insertHabilitation,
  insertUnit,
  TEST_PASSWORD,
} from '@trajectoire/test-support/fixtures';
import { createTestSystem } from '@trajectoire/test-support/system';
import { describe, expect, it } from 'vitest';

/**
 * The privilege-escalation chains an attacker tried against the demo (issue « Security »), end to
 * end through the same HTTP a browser uses, with the mail catcher: each must stop at its first step,
 * and nothing may reach the attacker's mailbox.
 */
const system = await createTestSystem();
const { db, catcher } = system;

const lyon = await insertEstablishment(db, { name: 'CHU de Lyon', departement: '69' });
const smr = await insertUnit(db, lyon.id, 'SMR polyvalent');
const cardio = await insertUnit(db, lyon.id, 'Cardiologie');
const alpes = await insertEstablishment(db, { name: 'Clinique des Alpes', departement: '38' });
const alpesUnit = await insertUnit(db, alpes.id, 'SMR neurologique');

const admin = await insertAccount(db, { username: 'sec.admin', nationalAdmin: true });
const unitReferent = await insertAccount(db, { username: 'sec.ref.unite' });
await insertHabilitation(db, {
  accountId: unitReferent.id,
  profile: 'REFERENT_UNITE',
  establishmentId: lyon.id,
  unitId: smr.id,
  startsOn: '2026-01-01',
  endsOn: '2027-06-30',
});
const alpesReferent = await insertAccount(db, { username: 'sec.ref.alpes' });
await insertHabilitation(db, { accountId: alpesReferent.id, profile: 'REFERENT_STRUCTURE', establishmentId: alpes.id });
const lyonReferent = await insertAccount(db, { username: 'sec.ref.lyon' });
await insertHabilitation(db, { accountId: lyonReferent.id, profile: 'REFERENT_STRUCTURE', establishmentId: lyon.id });

const attacker = await system.signedInBrowser(unitReferent, TEST_PASSWORD);
const ATTACKER_MAILBOX = 'pirate@attaquant.test';

const changeData = (account: { username: string }) => ({
  lastName: 'Cible',
  firstName: account.username,
  email: ATTACKER_MAILBOX,
  phone: '',
  mobile: '',
  profession: '',
});

/** « Mot de passe oublié ? » as an anonymous visitor would ask it, with a captcha whose answer is known. */
async function forgotPassword(username: string) {
  const visitor = system.browser({ ip: '198.51.100.7' });
  const captcha = await visitor.client.auth.captcha.mutate();
  const answer = 'ABCDE';
  await db
    .updateTable('captchas')
    .set({ answer_hash: createHash('sha256').update(answer).digest() })
    .where('id', '=', captcha.id)
    .execute();
  await visitor.client.auth.requestPasswordReset.mutate({ username, captchaId: captcha.id, captchaAnswer: answer });
  await system.runJobs();
}

const attackerMails = () => catcher.messages().filter((m) => m.to.includes(ATTACKER_MAILBOX));

const emailOf = async (id: string) =>
  (await db.selectFrom('accounts').select('email').where('id', '=', id).executeTakeFirstOrThrow()).email;

describe('chain 1: a référent unité takes over the national administrator through an e-mail change', () => {
  it('stops at the e-mail change: an account placed nowhere, and an administrator, are administrators’ alone', async () => {
    expect(
      await failure(attacker.client.accounts.update.mutate({ id: admin.id, data: changeData(admin) })),
    ).toMatchObject({ appCode: 'FORBIDDEN' });
    expect(await failure(attacker.client.accounts.unblock.mutate({ id: admin.id }))).toMatchObject({
      appCode: 'FORBIDDEN',
    });
    expect(await emailOf(admin.id)).toBe(admin.email);
    await forgotPassword(admin.username);
    expect(attackerMails()).toEqual([]);
    expect(catcher.messages().filter((m) => m.to.includes(admin.email)).length).toBeGreaterThan(0);
  });

  it('shows the administrator’s account to the référent without phones or habilitations', async () => {
    const seen = await attacker.client.accounts.get.query({ id: admin.id });
    expect(seen).toMatchObject({ manageable: false, restricted: true, phone: null, mobile: null, habilitations: [] });
  });

  it('refuses the same to a référent structure, even when the administrator holds a habilitation there', async () => {
    await insertHabilitation(db, { accountId: admin.id, profile: 'REGULATEUR', establishmentId: lyon.id });
    const structure = await system.signedInBrowser(lyonReferent, TEST_PASSWORD);
    expect(
      await failure(structure.client.accounts.update.mutate({ id: admin.id, data: changeData(admin) })),
    ).toMatchObject({ appCode: 'FORBIDDEN' });
    expect(await emailOf(admin.id)).toBe(admin.email);
  });

  it('leaves any account placed nowhere to administrators, whoever created the row', async () => {
    const orphan = await insertAccount(db);
    expect(
      await failure(attacker.client.accounts.update.mutate({ id: orphan.id, data: changeData(orphan) })),
    ).toMatchObject({ appCode: 'FORBIDDEN' });
    const adminBrowser = await system.signedInBrowser(admin, TEST_PASSWORD);
    const detail = await adminBrowser.client.accounts.get.query({ id: orphan.id });
    expect(detail.manageable).toBe(true);
  });
});

describe('chain 2: granting brings another establishment’s référent into the attacker’s scope', () => {
  it('refuses the whole grant, names the refused account, and writes nothing', async () => {
    const before = await db
      .selectFrom('habilitations')
      .select('id')
      .where('account_id', '=', alpesReferent.id)
      .execute();
    const refused = await failure(
      attacker.client.habilitations.grant.mutate({
        accountIds: [alpesReferent.id],
        profile: 'EQUIPE_SOIGNANTE',
        domain: 'SANITAIRE',
        level: 'UNIT',
        establishmentId: lyon.id,
        unitIds: [smr.id],
      }),
    );
    expect(refused).toMatchObject({ appCode: 'FORBIDDEN' });
    expect(refused.message).toContain(alpesReferent.username);
    expect(refused.details).toMatchObject({
      refusedAccounts: [{ accountId: alpesReferent.id, reason: 'OUT_OF_SCOPE' }],
    });
    const after = await db
      .selectFrom('habilitations')
      .select('id')
      .where('account_id', '=', alpesReferent.id)
      .execute();
    expect(after).toEqual(before);
    // So the next steps of the chain are refused too: the account is not hers to edit, nor to reset.
    expect(
      await failure(attacker.client.accounts.update.mutate({ id: alpesReferent.id, data: changeData(alpesReferent) })),
    ).toMatchObject({ appCode: 'FORBIDDEN' });
    await forgotPassword(alpesReferent.username);
    expect(attackerMails()).toEqual([]);
  });

  it('refuses a mixed selection as a whole: nothing for the account in scope either', async () => {
    const nurse = await insertAccount(db, { attachedTo: { establishmentId: lyon.id, unitId: smr.id } });
    const refused = await failure(
      attacker.client.habilitations.grant.mutate({
        accountIds: [nurse.id, alpesReferent.id, unitReferent.id],
        profile: 'EQUIPE_SOIGNANTE',
        domain: 'SANITAIRE',
        level: 'UNIT',
        establishmentId: lyon.id,
        unitIds: [smr.id],
      }),
    );
    expect(refused.details).toMatchObject({
      refusedAccounts: expect.arrayContaining([
        expect.objectContaining({ accountId: alpesReferent.id, reason: 'OUT_OF_SCOPE' }),
        expect.objectContaining({ accountId: unitReferent.id, reason: 'SELF' }),
      ]),
    });
    expect(await db.selectFrom('habilitations').select('id').where('account_id', '=', nurse.id).execute()).toEqual([]);
  });

  it('still lets her grant on her unit to an account she created there, as the sheets describe', async () => {
    const created = await attacker.client.accounts.create.mutate({
      data: {
        lastName: 'Nouvelle',
        firstName: 'Recrue',
        email: 'recrue@lyon.test',
        phone: '',
        mobile: '',
        profession: '',
      },
    });
    const place = await db
      .selectFrom('account_attachments')
      .select(['establishment_id', 'unit_id'])
      .where('account_id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(place).toEqual({ establishment_id: lyon.id, unit_id: smr.id });
    const { ids } = await attacker.client.habilitations.grant.mutate({
      accountIds: [created.id],
      profile: 'EQUIPE_SOIGNANTE',
      domain: 'SANITAIRE',
      level: 'UNIT',
      establishmentId: lyon.id,
      unitIds: [smr.id],
    });
    expect(ids).toHaveLength(1);
    // Elsewhere in the establishment, or in another one, she creates nothing.
    for (const place of [
      { establishmentId: lyon.id },
      { establishmentId: lyon.id, unitId: cardio.id },
      { establishmentId: alpes.id, unitId: alpesUnit.id },
    ]) {
      expect(
        await failure(
          attacker.client.accounts.create.mutate({
            data: {
              lastName: 'Hors',
              firstName: 'Champ',
              email: `hors.${place.unitId ?? 'e'}@x.test`,
              phone: '',
              mobile: '',
              profession: '',
            },
            place,
          }),
        ),
      ).toMatchObject({ appCode: 'FORBIDDEN' });
    }
  });
});

describe('nobody prolongs, widens or grants their own habilitations', () => {
  it('refuses a référent unité prolonging her own habilitation, and lets her reduce or delete it', async () => {
    const own = await db
      .selectFrom('habilitations')
      .select(['id', 'ends_on'])
      .where('account_id', '=', unitReferent.id)
      .executeTakeFirstOrThrow();
    expect(
      await failure(attacker.client.habilitations.changeEnd.mutate({ id: own.id, change: { prolongation: '5Y' } })),
    ).toMatchObject({ appCode: 'FORBIDDEN' });
    expect(
      await failure(attacker.client.habilitations.changeEnd.mutate({ id: own.id, change: { endsOn: '2027-07-01' } })),
    ).toMatchObject({ appCode: 'FORBIDDEN' });
    const unchanged = await db
      .selectFrom('habilitations')
      .select('ends_on')
      .where('id', '=', own.id)
      .executeTakeFirstOrThrow();
    expect(unchanged.ends_on).toBe(own.ends_on);
    expect(
      await attacker.client.habilitations.changeEnd.mutate({ id: own.id, change: { endsOn: '2027-05-31' } }),
    ).toMatchObject({ endsOn: '2027-05-31' });
  });

  it('refuses granting to oneself, even to an administrator', async () => {
    const adminBrowser = await system.signedInBrowser(admin, TEST_PASSWORD);
    const refused = await failure(
      adminBrowser.client.habilitations.grant.mutate({
        accountIds: [admin.id],
        profile: 'REFERENT_STRUCTURE',
        domain: 'SANITAIRE',
        level: 'ESTABLISHMENT',
        establishmentId: alpes.id,
      }),
    );
    expect(refused).toMatchObject({ appCode: 'FORBIDDEN', details: { refusedAccounts: [{ reason: 'SELF' }] } });
  });

  it('refuses one’s own account through « Comptes et Habilitations »: « Mon compte » asks the password', async () => {
    expect(
      await failure(attacker.client.accounts.update.mutate({ id: unitReferent.id, data: changeData(unitReferent) })),
    ).toMatchObject({ appCode: 'FORBIDDEN' });
  });
});

describe('reading the directory', () => {
  it('shows out-of-scope accounts without phones nor habilitations, in search and on their page', async () => {
    await db
      .updateTable('accounts')
      .set({ phone: '+33472000000', mobile: '+33612345678' })
      .where('id', '=', alpesReferent.id)
      .execute();
    const { accounts } = await attacker.client.accounts.search.query({ query: alpesReferent.username });
    const found = accounts.find((a) => a.id === alpesReferent.id);
    expect(found).toMatchObject({ manageable: false, establishments: ['Clinique des Alpes'] });
    expect(found).not.toHaveProperty('phone');
    const page = await attacker.client.accounts.get.query({ id: alpesReferent.id });
    expect(page).toMatchObject({
      restricted: true,
      phone: null,
      mobile: null,
      profession: null,
      habilitations: [],
      establishments: ['Clinique des Alpes'],
    });
  });

  it('refuses paging past the first thousand rows, and limits searches per référent', async () => {
    expect(
      await failure(attacker.client.accounts.search.query({ query: 'no', page: 11, pageSize: 100 })),
    ).toMatchObject({ appCode: 'INVALID_INPUT' });
    const searcher = await insertAccount(db);
    await insertHabilitation(db, { accountId: searcher.id, profile: 'REFERENT_STRUCTURE', establishmentId: alpes.id });
    const browser = await system.signedInBrowser(searcher, TEST_PASSWORD);
    const answers = [];
    for (let i = 0; i < 61; i++)
      answers.push(
        await browser.client.accounts.search.query({ query: 'nom' }).then(
          () => 'ok',
          (e) => e.data?.appCode,
        ),
      );
    expect(answers.slice(0, 60).every((a) => a === 'ok')).toBe(true);
    expect(answers[60]).toBe('RATE_LIMITED');
    // The limit is per référent: another one is not slowed down by it.
    expect((await attacker.client.accounts.search.query({ query: 'nom' })).accounts.length).toBeGreaterThan(0);
  });
});
