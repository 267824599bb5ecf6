import { createTwilioSmsSender } from '@trajectoire/notifications/twilio';
import { answerCaptchaQuestion } from '@trajectoire/test-support/captcha';
import { failure } from '@trajectoire/test-support/errors';
import {
  insertAccount,
  insertEstablishment,
  insertHabilitation,
  insertUnit,
  TEST_PASSWORD,
} from '@trajectoire/test-support/fixtures';
import { createTestSystem } from '@trajectoire/test-support/system';
import { startTwilioSimulator } from '@trajectoire/twilio-simulator';
import type { TRPCClientError } from '@trpc/client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const twilio = await startTwilioSimulator();
afterAll(() => twilio.stop());
const system = await createTestSystem({
  sms: createTwilioSmsSender({
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    from: '+33700000001',
    baseUrl: twilio.url,
  }),
});
const { db, clock, catcher } = system;
const NEW_PASSWORD = 'Autre-Mot-De-Passe-Solide-9';

async function audit(accountId: string, action: string) {
  return db
    .selectFrom('audit_events')
    .select(['details', 'actor_account_id'])
    .where('subject_account_id', '=', accountId)
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

const mailsTo = (address: string) => catcher.messages().filter((m) => m.to.includes(address.toLowerCase()));

// Two establishments; a structure référent of the first, a unit référent of one of its units.
const lyon = await insertEstablishment(db, { name: 'CHU de Lyon' });
const cardio = await insertUnit(db, lyon.id, 'Cardiologie');
const smr = await insertUnit(db, lyon.id, 'SMR');
const grenoble = await insertEstablishment(db, { name: 'Clinique de Grenoble', departement: '38' });
const structureReferent = await insertAccount(db, { username: 'ref.lyon' });
await insertHabilitation(db, {
  accountId: structureReferent.id,
  profile: 'REFERENT_STRUCTURE',
  establishmentId: lyon.id,
});
const unitReferent = await insertAccount(db, { username: 'ref.cardio' });
await insertHabilitation(db, {
  accountId: unitReferent.id,
  profile: 'REFERENT_UNITE',
  establishmentId: lyon.id,
  unitId: cardio.id,
});
const admin = await insertAccount(db, { username: 'admin.national', nationalAdmin: true });

describe('« Mon compte »', () => {
  it('shows details, habilitations and the référents of each establishment', async () => {
    const me = await insertAccount(db);
    await insertHabilitation(db, {
      accountId: me.id,
      profile: 'EQUIPE_SOIGNANTE',
      establishmentId: lyon.id,
      unitId: cardio.id,
    });
    const browser = await system.signedInBrowser(me, TEST_PASSWORD);
    const mine = await browser.client.accounts.me.query();
    expect(mine.account).toMatchObject({ username: me.username, codeChannel: 'EMAIL', mobileVerified: false });
    expect(mine.passwordPolicy.join(' ')).toContain('12 caractères');
    expect(mine.habilitations).toEqual([
      expect.objectContaining({ profileLabel: 'Équipe soignante', unitName: 'Cardiologie', receiveEmails: true }),
    ]);
    const referents = mine.referents.find((r) => r.establishmentId === lyon.id)?.referents ?? [];
    expect(referents.map((r) => [r.accountId, r.profile]).sort()).toEqual(
      [
        [structureReferent.id, 'REFERENT_STRUCTURE'],
        [unitReferent.id, 'REFERENT_UNITE'],
      ].sort(),
    );
  });

  it('updates names, phone and profession, with before/after in the audit log', async () => {
    const me = await insertAccount(db);
    const browser = await system.signedInBrowser(me, TEST_PASSWORD);
    expect(
      await failure(
        browser.client.accounts.updateMe.mutate({
          data: { lastName: 'Durand', firstName: 'Léa', phone: '12', profession: '' },
        }),
      ),
    ).toMatchObject({ appCode: 'INVALID_INPUT', message: 'Numéro de téléphone invalide.' });
    await browser.client.accounts.updateMe.mutate({
      data: { lastName: 'Durand', firstName: 'Léa', phone: '04 72 11 22 33', profession: 'Infirmière' },
    });
    const mine = await browser.client.accounts.me.query();
    expect(mine.account).toMatchObject({
      lastName: 'Durand',
      firstName: 'Léa',
      phone: '+33472112233',
      profession: 'Infirmière',
    });
    const [row] = await audit(me.id, 'ACCOUNT_UPDATED');
    expect(row?.details).toMatchObject({
      before: { firstName: 'Prénom', phone: null },
      after: { firstName: 'Léa', phone: '+33472112233' },
    });
  });

  it('asks the password again to change the e-mail, and tells the old address', async () => {
    const me = await insertAccount(db);
    const other = await insertAccount(db);
    const browser = await system.signedInBrowser(me, TEST_PASSWORD);
    expect(
      await failure(
        browser.client.accounts.changeMyContact.mutate({ password: 'faux', email: 'nouvelle@example.test' }),
      ),
    ).toMatchObject({
      appCode: 'WRONG_PASSWORD',
    });
    expect(
      await failure(
        browser.client.accounts.changeMyContact.mutate({ password: TEST_PASSWORD, email: other.email.toUpperCase() }),
      ),
    ).toMatchObject({ appCode: 'EMAIL_IN_USE' });
    expect((await browser.client.accounts.me.query()).account.email).toBe(me.email);

    const newEmail = `${me.username}.neuf@example.test`;
    await browser.client.accounts.changeMyContact.mutate({ password: TEST_PASSWORD, email: newEmail });
    expect((await browser.client.accounts.me.query()).account.email).toBe(newEmail);
    await system.runJobs();
    expect(mailsTo(me.email).at(-1)?.text).toContain(newEmail);
  });

  it('verifies a mobile by SMS, then sends sign-in codes by SMS', async () => {
    const me = await insertAccount(db);
    const browser = await system.signedInBrowser(me, TEST_PASSWORD);
    expect(
      await failure(browser.client.accounts.changeMyContact.mutate({ password: TEST_PASSWORD, codeChannel: 'SMS' })),
    ).toMatchObject({
      appCode: 'MOBILE_NOT_VERIFIED',
    });
    expect(
      await failure(browser.client.accounts.changeMyContact.mutate({ password: TEST_PASSWORD, mobile: '06 12' })),
    ).toMatchObject({
      appCode: 'INVALID_INPUT',
    });
    await browser.client.accounts.changeMyContact.mutate({ password: TEST_PASSWORD, mobile: '06 12 34 56 78' });
    await browser.client.accounts.requestMobileVerification.mutate();
    await system.runJobs();
    const sms = await twilio.waitFor((m) => m.to === '+33612345678');
    expect(sms.from).toBe('+33700000001');
    const token = sms.body.match(/jeton=([A-Za-z0-9_-]{43})/)?.[1] as string;
    expect(sms.body).toContain('http://portail.test/mon-compte/verifier-mobile?jeton=');
    const stored = await db.selectFrom('account_tokens').select('token_hash').where('account_id', '=', me.id).execute();
    expect(stored.every((t) => !t.token_hash.toString('utf8').includes(token))).toBe(true);

    // The link is opened on the phone: no session there.
    const phone = system.browser();
    await phone.client.accounts.confirmMobile.mutate({ token });
    expect(await failure(phone.client.accounts.confirmMobile.mutate({ token }))).toMatchObject({
      appCode: 'LINK_USED',
    });
    expect((await browser.client.accounts.me.query()).account.mobileVerified).toBe(true);

    await browser.client.accounts.changeMyContact.mutate({ password: TEST_PASSWORD, codeChannel: 'SMS' });
    await browser.client.auth.signOut.mutate();
    clock.advance(9 * 3_600_000);
    const step = await browser.client.auth.signIn.mutate({ username: me.username, password: TEST_PASSWORD });
    expect(step).toMatchObject({ status: 'CODE_REQUIRED', channel: 'SMS', maskedDestination: '+33 6** ** ** 78' });
    await system.runJobs();
    const codeSms = await twilio.waitFor((m) => m.to === '+33612345678' && /code de sécurité/.test(m.body));
    const code = codeSms.body.match(/\b(\d{6})\b/)?.[1] as string;
    await browser.client.auth.verifyCode.mutate({ code });
    expect((await browser.client.auth.session.query())?.account.id).toBe(me.id);
  });

  it('sends the first ever code by e-mail even when SMS is chosen', async () => {
    const me = await insertAccount(db);
    await db
      .updateTable('accounts')
      .set({ mobile: '+33698765432', mobile_verified_at: new Date(), code_channel: 'SMS' })
      .where('id', '=', me.id)
      .execute();
    const step = await system.browser().client.auth.signIn.mutate({ username: me.username, password: TEST_PASSWORD });
    expect(step).toMatchObject({ status: 'CODE_REQUIRED', channel: 'EMAIL' });
  });

  it('retries a failing SMS, then offers the code by e-mail', async () => {
    const me = await insertAccount(db);
    await db
      .updateTable('accounts')
      .set({
        mobile: '+33611112222',
        mobile_verified_at: new Date(),
        code_channel: 'SMS',
        first_code_validated_at: new Date(),
      })
      .where('id', '=', me.id)
      .execute();
    const browser = system.browser();
    await browser.client.auth.signIn.mutate({ username: me.username, password: TEST_PASSWORD });
    twilio.failNext(1, 500);
    await system.runJobs();
    // The job failed once and was rescheduled; bring it forward instead of waiting for the backoff.
    await expect
      .poll(async () => {
        await sql`update graphile_worker._private_jobs set run_at = now() where locked_at is null`.execute(db);
        await system.runJobs();
        return twilio.messages().filter((m) => m.to === '+33611112222').length;
      })
      .toBe(1);

    // A refusal no retry can fix: the portal learns it and offers e-mail at once.
    clock.advance(60_000);
    await browser.client.auth.resendCode.mutate();
    twilio.failNext(1, 400, 21614);
    await system.runJobs();
    expect(await browser.client.auth.challenge.query()).toMatchObject({ channel: 'SMS', deliveryFailed: true });
    const resent = await browser.client.auth.resendCode.mutate({ toEmail: true });
    expect(resent.channel).toBe('EMAIL');
    await browser.client.auth.verifyCode.mutate({ code: await system.lastCode(me.email) });
    const failures = await audit(me.id, 'CODE_SEND_FAILED');
    expect(failures).toHaveLength(2);
  });

  it('toggles « Réception des e-mails » and deletes only its own habilitations', async () => {
    const me = await insertAccount(db);
    const other = await insertAccount(db);
    const mine = await insertHabilitation(db, {
      accountId: me.id,
      profile: 'PRESCRIPTEUR_MEDICAL',
      establishmentId: lyon.id,
    });
    const theirs = await insertHabilitation(db, {
      accountId: other.id,
      profile: 'PRESCRIPTEUR_MEDICAL',
      establishmentId: lyon.id,
    });
    const browser = await system.signedInBrowser(me, TEST_PASSWORD);
    await browser.client.accounts.setMyHabilitationEmails.mutate({ habilitationId: mine.id, receiveEmails: false });
    expect((await browser.client.accounts.me.query()).habilitations[0]?.receiveEmails).toBe(false);
    expect(
      await failure(browser.client.accounts.deleteMyHabilitation.mutate({ habilitationId: theirs.id })),
    ).toMatchObject({ appCode: 'NOT_FOUND' });
    await browser.client.accounts.deleteMyHabilitation.mutate({ habilitationId: mine.id });
    expect((await browser.client.accounts.me.query()).habilitations).toEqual([]);
    expect(await audit(me.id, 'HABILITATION_DELETED')).toHaveLength(1);
  });
});

describe('password lifecycle', () => {
  it('changes the password under the policy, ending the other sessions and mailing a confirmation', async () => {
    const me = await insertAccount(db);
    const browser = await system.signedInBrowser(me, TEST_PASSWORD);
    const elsewhere = await system.signedInBrowser(me, TEST_PASSWORD, '198.51.100.20');
    const change = (currentPassword: string, newPassword: string, confirmation = newPassword) =>
      browser.client.accounts.changeMyPassword.mutate({ currentPassword, newPassword, confirmation });
    expect(await failure(change('faux', NEW_PASSWORD))).toMatchObject({ appCode: 'WRONG_PASSWORD' });
    expect(await failure(change(TEST_PASSWORD, 'court'))).toMatchObject({ appCode: 'WEAK_PASSWORD' });
    expect(await failure(change(TEST_PASSWORD, NEW_PASSWORD, 'autre'))).toMatchObject({
      appCode: 'INVALID_INPUT',
      fieldErrors: { confirmation: 'Les deux mots de passe ne sont pas identiques.' },
    });
    expect(await failure(change(TEST_PASSWORD, TEST_PASSWORD))).toMatchObject({
      appCode: 'WEAK_PASSWORD',
      message: expect.stringContaining('déjà été utilisé'),
    });
    expect(await failure(change(TEST_PASSWORD, `${me.username}-Abc-123!`))).toMatchObject({ appCode: 'WEAK_PASSWORD' });
    await change(TEST_PASSWORD, NEW_PASSWORD);

    expect(await browser.client.auth.session.query()).not.toBeNull();
    expect(await elsewhere.client.auth.session.query()).toBeNull();
    await system.runJobs();
    expect(mailsTo(me.email).at(-1)?.subject).toBe('Votre mot de passe Trajectoire Pro a été modifié');
    // Trusted browsers were revoked: the next sign-in asks for a code again.
    await browser.client.auth.signOut.mutate();
    expect((await browser.client.auth.signIn.mutate({ username: me.username, password: NEW_PASSWORD })).status).toBe(
      'CODE_REQUIRED',
    );
    // And the previous password is refused from now on, even five changes later.
    const fresh = await system.signedInBrowser(me, NEW_PASSWORD);
    const passwords = ['Troisieme-Mot-2026!x', 'Quatrieme-Mot-2026!x', 'Cinquieme-Mot-2026!x', 'Sixieme-Mot-2026!xx'];
    let current = NEW_PASSWORD;
    for (const next of passwords) {
      await fresh.client.accounts.changeMyPassword.mutate({
        currentPassword: current,
        newPassword: next,
        confirmation: next,
      });
      current = next;
    }
    expect(
      await failure(
        fresh.client.accounts.changeMyPassword.mutate({
          currentPassword: current,
          newPassword: NEW_PASSWORD,
          confirmation: NEW_PASSWORD,
        }),
      ),
    ).toMatchObject({ appCode: 'WEAK_PASSWORD' });
    await fresh.client.accounts.changeMyPassword.mutate({
      currentPassword: current,
      newPassword: TEST_PASSWORD,
      confirmation: TEST_PASSWORD,
    });
  });

  it('forces the change of a password older than 6 months before anything else', async () => {
    const me = await insertAccount(db);
    await db
      .updateTable('accounts')
      .set({ password_changed_at: new Date(clock.now().getTime() - 184 * 24 * 3_600_000) })
      .where('id', '=', me.id)
      .execute();
    const browser = system.browser();
    expect(await browser.client.auth.signIn.mutate({ username: me.username, password: TEST_PASSWORD })).toEqual({
      status: 'PASSWORD_EXPIRED',
    });
    expect(await browser.client.auth.session.query()).toBeNull();
    expect(await failure(browser.client.auth.verifyCode.mutate({ code: '123456' }))).toMatchObject({
      appCode: 'CHALLENGE_NOT_FOUND',
    });
    expect(
      await failure(browser.client.auth.changeExpiredPassword.mutate({ newPassword: 'court', confirmation: 'court' })),
    ).toMatchObject({
      appCode: 'WEAK_PASSWORD',
    });
    const next = await browser.client.auth.changeExpiredPassword.mutate({
      newPassword: NEW_PASSWORD,
      confirmation: NEW_PASSWORD,
    });
    expect(next.status).toBe('CODE_REQUIRED');
    await browser.client.auth.verifyCode.mutate({ code: await system.lastCode(me.email) });
    const mine = await browser.client.accounts.me.query();
    expect(new Date(mine.account.passwordExpiresAt as string).getTime()).toBeGreaterThan(
      clock.now().getTime() + 170 * 24 * 3_600_000,
    );
  });
});

describe('« Mot de passe oublié ? »', () => {
  async function solvedCaptcha(browser: ReturnType<typeof system.browser>) {
    const captcha = await browser.client.auth.captcha.mutate();
    expect(captcha.imageDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    return { captchaId: captcha.id, captchaAnswer: answerCaptchaQuestion(captcha.question) };
  }

  it('answers the same for unknown and known usernames, mails a single-use link valid 24 hours', async () => {
    const me = await insertAccount(db);
    const browser = system.browser();
    const wrongCaptcha = await browser.client.auth.captcha.mutate();
    expect(
      await failure(
        browser.client.auth.requestPasswordReset.mutate({
          username: me.username,
          captchaId: wrongCaptcha.id,
          captchaAnswer: 'XXXXX',
        }),
      ),
    ).toMatchObject({ appCode: 'CAPTCHA_FAILED' });
    // A captcha allows one try only.
    expect(
      await failure(
        browser.client.auth.requestPasswordReset.mutate({
          username: me.username,
          captchaId: wrongCaptcha.id,
          captchaAnswer: 'XXXXX',
        }),
      ),
    ).toMatchObject({ appCode: 'CAPTCHA_FAILED' });

    const before = catcher.messages().length;
    expect(
      await browser.client.auth.requestPasswordReset.mutate({
        username: 'personne.inconnue',
        ...(await solvedCaptcha(browser)),
      }),
    ).toEqual({ ok: true });
    expect(
      await browser.client.auth.requestPasswordReset.mutate({
        username: me.username,
        ...(await solvedCaptcha(browser)),
      }),
    ).toEqual({ ok: true });
    await system.runJobs();
    expect(catcher.messages().length).toBe(before + 1);
    const mail = mailsTo(me.email).at(-1);
    const token = mail?.text.match(/jeton=([A-Za-z0-9_-]{43})/)?.[1] as string;
    expect(mail?.text).toContain('http://portail.test/mot-de-passe/nouveau?jeton=');
    expect(await browser.client.auth.passwordLink.query({ token })).toEqual({ username: me.username });

    expect(
      await failure(browser.client.auth.resetPassword.mutate({ token, newPassword: 'faible', confirmation: 'faible' })),
    ).toMatchObject({
      appCode: 'WEAK_PASSWORD',
    });
    await browser.client.auth.resetPassword.mutate({ token, newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    expect(
      await failure(
        browser.client.auth.resetPassword.mutate({ token, newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD }),
      ),
    ).toMatchObject({
      appCode: 'LINK_USED',
    });
    await system.runJobs();
    expect(mailsTo(me.email).at(-1)?.subject).toBe('Votre mot de passe Trajectoire Pro a été modifié');
    // The reset never skips the one-time code.
    expect((await browser.client.auth.signIn.mutate({ username: me.username, password: NEW_PASSWORD })).status).toBe(
      'CODE_REQUIRED',
    );
  });

  it('refuses an expired link', async () => {
    const me = await insertAccount(db);
    const browser = system.browser();
    await browser.client.auth.requestPasswordReset.mutate({ username: me.username, ...(await solvedCaptcha(browser)) });
    await system.runJobs();
    const token = mailsTo(me.email)
      .at(-1)
      ?.text.match(/jeton=([A-Za-z0-9_-]{43})/)?.[1] as string;
    clock.advance(24 * 3_600_000);
    expect(await failure(browser.client.auth.passwordLink.query({ token }))).toMatchObject({ appCode: 'LINK_EXPIRED' });
    expect(
      await failure(
        browser.client.auth.resetPassword.mutate({ token, newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD }),
      ),
    ).toMatchObject({
      appCode: 'LINK_EXPIRED',
    });
    expect(await failure(browser.client.auth.passwordLink.query({ token: 'x'.repeat(43) }))).toMatchObject({
      appCode: 'LINK_INVALID',
    });
  });
});

describe('« Comptes et Habilitations »', () => {
  let referent: Awaited<ReturnType<typeof system.signedInBrowser>>;
  let unitRef: Awaited<ReturnType<typeof system.signedInBrowser>>;
  let adminBrowser: Awaited<ReturnType<typeof system.signedInBrowser>>;
  beforeAll(async () => {
    referent = await system.signedInBrowser(structureReferent, TEST_PASSWORD);
    unitRef = await system.signedInBrowser(unitReferent, TEST_PASSWORD);
    adminBrowser = await system.signedInBrowser(admin, TEST_PASSWORD);
  });
  const keepAlive = async () => {
    // Sessions idle out after 30 minutes of the test clock.
    for (const b of [referent, unitRef, adminBrowser]) await b.client.auth.session.query();
  };

  it('searches by several words, each the start of a word of the last or first name, in any order', async () => {
    await keepAlive();
    const david = await insertAccount(db, { username: 'd.moreau' });
    await db
      .updateTable('accounts')
      .set({ last_name: 'Moreau', first_name: 'David', email: 'dm@hopital.test' })
      .where('id', '=', david.id)
      .execute();
    const other = await insertAccount(db, { username: 'c.moreau' });
    await db
      .updateTable('accounts')
      .set({ last_name: 'Moreau', first_name: 'Céline', email: 'cm@hopital.test' })
      .where('id', '=', other.id)
      .execute();
    for (const query of ['Moreau David', 'david moreau', '  MOR   dav ', 'MOREAU DAVID']) {
      const ids = (await referent.client.accounts.search.query({ query })).accounts.map((a) => a.id);
      expect(ids, query).toContain(david.id);
      expect(ids, query).not.toContain(other.id);
    }
    expect((await referent.client.accounts.search.query({ query: 'moreau céli' })).accounts.map((a) => a.id)).toEqual([
      other.id,
    ]);
    // Every word must match: a word that starts no name finds nobody.
    expect((await referent.client.accounts.search.query({ query: 'moreau zzz' })).accounts).toEqual([]);
    // Names of several words, and compound ones, are searched word by word.
    const compound = await insertAccount(db, { username: 'jp.essai' });
    await db
      .updateTable('accounts')
      .set({ last_name: 'Essai Xavière-Lòpez', first_name: 'Jean-Pierre', email: 'jp@hopital.test' })
      .where('id', '=', compound.id)
      .execute();
    for (const query of [
      'Essai Xavière',
      'essai xav',
      'lopez jean',
      'pierre essai',
      'Essai Xavière-Lòpez Jean-Pierre',
    ]) {
      const ids = (await referent.client.accounts.search.query({ query })).accounts.map((a) => a.id);
      expect(ids, query).toEqual([compound.id]);
    }
  });

  it('orders and pages a search by several words by last name then first name, whichever word matched', async () => {
    await keepAlive();
    // « Qwerty » starts some names, is a later word of others (« Le Qwerty »), or the first name.
    const names: [string, string][] = [
      ['Qwerty', 'Ulysse'],
      ['Qwerty', 'Bérénice'],
      ['Le Qwerty', 'Ulyana'],
      ['Qwertyson', 'Ulrich'],
      ['Ulmann', 'Qwerty'],
      ["D'Ulm", 'Qwertine'],
      ['Qwerty-Ulm', 'Anne'],
      ['Qwerty', 'Zoé'],
    ];
    const ids = new Map<string, string>();
    for (const [lastName, firstName] of names) {
      const a = await insertAccount(db);
      await db
        .updateTable('accounts')
        .set({ last_name: lastName, first_name: firstName })
        .where('id', '=', a.id)
        .execute();
      ids.set(`${lastName} ${firstName}`, a.id);
    }
    const search = async (query: string, page = 1, pageSize = 20) =>
      (await referent.client.accounts.search.query({ query, page, pageSize })).accounts.map(
        (a) => `${a.lastName} ${a.firstName}`,
      );
    const expected = [
      "D'Ulm Qwertine",
      'Le Qwerty Ulyana',
      'Qwerty Ulysse',
      'Qwerty-Ulm Anne',
      'Qwertyson Ulrich',
      'Ulmann Qwerty',
    ];
    expect(await search('qwert ul')).toEqual(expected);
    expect(await search('UL QWERT')).toEqual(expected);
    expect(await search('Qwerty Ulysse')).toEqual(['Qwerty Ulysse']);
    expect(await search('ulm qwerty')).toEqual(['Qwerty-Ulm Anne', 'Ulmann Qwerty']);
    expect(await search('qwerty le')).toEqual(['Le Qwerty Ulyana']);
    // Pages follow the same order.
    expect([...(await search('qwert ul', 1, 4)), ...(await search('qwert ul', 2, 4))]).toEqual(expected);
    // A query of no letter or digit finds nobody rather than everybody.
    expect(await search('- -')).toEqual([]);
  });

  it('finds the few accounts of a common last name that also have the other word', async () => {
    await keepAlive();
    // 1,200 « Sparsiate » accounts sort before the three that are called Yolande: the search walks
    // the first names in order, then asks the word index for the rest.
    await sql`
      insert into accounts (username, last_name, first_name, email, password_hash, password_changed_at)
      select 'sparsiate.' || g, 'Sparsiate', 'Albane', 'sparsiate' || g || '@hopital.test', 'x', now()
      from generate_series(1, 1200) g`.execute(db);
    const yolandes: string[] = [];
    for (const lastName of ['Sparsiate', 'Sparsiate', 'Sparsiate-Wolf']) {
      const a = await insertAccount(db);
      await db
        .updateTable('accounts')
        .set({ last_name: lastName, first_name: 'Yolande' })
        .where('id', '=', a.id)
        .execute();
      yolandes.push(a.id);
    }
    const found = await referent.client.accounts.search.query({ query: 'spars yol' });
    expect(found.accounts.map((a) => a.id).sort()).toEqual([...yolandes].sort());
    expect(found.accounts.map((a) => a.lastName)).toEqual(['Sparsiate', 'Sparsiate', 'Sparsiate-Wolf']);
    expect(found.hasMore).toBe(false);
    // And the common ones, page after page, in order.
    const albanes = await referent.client.accounts.search.query({ query: 'albane sparsiate', page: 3, pageSize: 50 });
    expect(albanes.accounts).toHaveLength(50);
    expect(albanes.hasMore).toBe(true);
  });

  it('searches accounts by prefix of name, first name, username or e-mail, ignoring accents and case', async () => {
    await keepAlive();
    const lefevre = await insertAccount(db, { username: 'h.lefevre' });
    await db
      .updateTable('accounts')
      .set({ last_name: 'Lefèvre', first_name: 'Hélène', email: 'helene.l@hopital.test' })
      .where('id', '=', lefevre.id)
      .execute();
    for (const query of ['lefe', 'LEFÈ', 'hele', 'h.lef', 'helene.l@']) {
      const { accounts } = await referent.client.accounts.search.query({ query });
      expect(
        accounts.map((a) => a.id),
        query,
      ).toContain(lefevre.id);
    }
    expect((await referent.client.accounts.search.query({ query: 'efevre' })).accounts.map((a) => a.id)).not.toContain(
      lefevre.id,
    );
    // Accounts created anywhere are found, whether or not they can be changed from here: one placed
    // nowhere is an administrator's alone.
    const found = (await referent.client.accounts.search.query({ query: 'lefe' })).accounts.find(
      (a) => a.id === lefevre.id,
    );
    expect(found).toMatchObject({ manageable: false, establishments: [] });
    await db
      .insertInto('account_attachments')
      .values({ account_id: lefevre.id, establishment_id: lyon.id, created_at: new Date() })
      .execute();
    const attached = (await referent.client.accounts.search.query({ query: 'lefe' })).accounts.find(
      (a) => a.id === lefevre.id,
    );
    expect(attached).toMatchObject({ manageable: true, establishments: ['CHU de Lyon'] });
    expect(await failure(referent.client.accounts.search.query({ query: 'a' }))).toMatchObject({
      appCode: 'INVALID_INPUT',
    });
  });

  it('paginates', async () => {
    await keepAlive();
    for (let i = 0; i < 5; i++) {
      const a = await insertAccount(db, { username: `pagination.${i}` });
      await db
        .updateTable('accounts')
        .set({ last_name: `Zpagination${i}` })
        .where('id', '=', a.id)
        .execute();
    }
    const first = await referent.client.accounts.search.query({ query: 'zpagination', pageSize: 2 });
    const third = await referent.client.accounts.search.query({ query: 'zpagination', pageSize: 2, page: 3 });
    expect(first.accounts.map((a) => a.lastName)).toEqual(['Zpagination0', 'Zpagination1']);
    expect(first.hasMore).toBe(true);
    expect(third.accounts.map((a) => a.lastName)).toEqual(['Zpagination4']);
    expect(third.hasMore).toBe(false);
  });

  it('refuses account management to non-référents', async () => {
    const plain = await insertAccount(db);
    const browser = await system.signedInBrowser(plain, TEST_PASSWORD);
    expect(await failure(browser.client.accounts.search.query({ query: 'ref' }))).toMatchObject({
      appCode: 'FORBIDDEN',
    });
    expect(
      await failure(
        browser.client.accounts.create.mutate({
          data: { lastName: 'X', firstName: 'Y', email: 'x.y@example.test', phone: '', mobile: '', profession: '' },
        }),
      ),
    ).toMatchObject({ appCode: 'FORBIDDEN' });
  });

  it('creates an account whose holder sets a password from the mailed link', async () => {
    await keepAlive();
    const data = {
      lastName: 'Nouveau',
      firstName: 'Émile',
      email: 'emile.nouveau@hopital.test',
      phone: '',
      mobile: '06 01 02 03 04',
      profession: 'Kinésithérapeute',
    };
    const created = await referent.client.accounts.create.mutate({ data });
    expect(created.username).toBe('emile.nouveau');
    expect(await referent.client.accounts.emailInUse.query({ email: 'EMILE.NOUVEAU@hopital.test' })).toEqual({
      inUse: true,
    });
    const again = await failure(referent.client.accounts.create.mutate({ data: { ...data, lastName: 'Autre' } }));
    expect(again.appCode).toBe('EMAIL_IN_USE');
    expect(again.message).toContain('Rechercher un utilisateur');

    await system.runJobs();
    const mail = mailsTo(data.email).at(-1);
    expect(mail?.text).toContain('emile.nouveau');
    const token = mail?.text.match(/jeton=([A-Za-z0-9_-]{43})/)?.[1] as string;
    await system
      .browser()
      .client.auth.resetPassword.mutate({ token, newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    const newcomer = await system.signedInBrowser({ username: 'emile.nouveau', email: data.email }, NEW_PASSWORD);
    expect((await newcomer.client.auth.session.query())?.account.firstName).toBe('Émile');
    const [row] = await audit(created.id, 'ACCOUNT_CREATED');
    expect(row?.actor_account_id).toBe(structureReferent.id);
  });

  it('creates exactly one account when two référents submit the same e-mail at once', async () => {
    await keepAlive();
    const data = (lastName: string) => ({
      lastName,
      firstName: 'Jumeau',
      email: 'jumeau@hopital.test',
      phone: '',
      mobile: '',
      profession: '',
    });
    const results = await Promise.allSettled([
      referent.client.accounts.create.mutate({ data: data('Premier') }),
      adminBrowser.client.accounts.create.mutate({ data: data('Second') }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as TRPCClientError<never>).data).toMatchObject({ appCode: 'EMAIL_IN_USE' });
    const rows = await db
      .selectFrom('accounts')
      .select('id')
      .where(sql`lower(email)`, '=', 'jumeau@hopital.test')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('updates an account in scope; a new e-mail waits for the new address to confirm it', async () => {
    await keepAlive();
    const nurse = await insertAccount(db);
    await insertHabilitation(db, {
      accountId: nurse.id,
      profile: 'EQUIPE_SOIGNANTE',
      establishmentId: lyon.id,
      unitId: cardio.id,
    });
    const data = {
      lastName: 'Martin',
      firstName: 'Zoé',
      email: 'zoe.martin@hopital.test',
      phone: '',
      mobile: '',
      profession: 'IDE',
    };
    expect((await unitRef.client.accounts.update.mutate({ id: nurse.id, data })).changed).toContain('pendingEmail');
    expect(await referent.client.accounts.get.query({ id: nurse.id })).toMatchObject({
      lastName: 'Martin',
      email: nurse.email,
      pendingEmail: data.email,
      manageable: true,
    });
    await system.runJobs();
    expect(mailsTo(nurse.email).at(-1)?.text).toContain('prendra effet quand la nouvelle adresse');
    const token = mailsTo(data.email)
      .at(-1)
      ?.text.match(/confirmer-adresse\?jeton=([A-Za-z0-9_-]{43})/)?.[1] as string;
    await system.browser().client.accounts.confirmEmailChange.mutate({ token });
    expect((await referent.client.accounts.get.query({ id: nurse.id })).email).toBe(data.email);
    await system.runJobs();
    expect(mailsTo(nurse.email).at(-1)?.text).toContain(`remplacée par ${data.email}`);
    const [row] = await audit(nurse.id, 'ACCOUNT_EMAIL_CONFIRMED');
    expect(row?.details).toMatchObject({ before: { email: nurse.email }, after: { email: data.email } });
  });

  it('refuses changes outside the référent’s scope', async () => {
    await keepAlive();
    const grenobleNurse = await insertAccount(db);
    await insertHabilitation(db, {
      accountId: grenobleNurse.id,
      profile: 'EQUIPE_SOIGNANTE',
      establishmentId: grenoble.id,
    });
    const smrNurse = await insertAccount(db);
    await insertHabilitation(db, {
      accountId: smrNurse.id,
      profile: 'EQUIPE_SOIGNANTE',
      establishmentId: lyon.id,
      unitId: smr.id,
    });
    const lyonWide = await insertAccount(db);
    await insertHabilitation(db, { accountId: lyonWide.id, profile: 'PRESCRIPTEUR_MEDICAL', establishmentId: lyon.id });
    const data = {
      lastName: 'Pirate',
      firstName: 'Pirate',
      email: 'pirate@example.test',
      phone: '',
      mobile: '',
      profession: '',
    };

    expect(await failure(referent.client.accounts.update.mutate({ id: grenobleNurse.id, data }))).toMatchObject({
      appCode: 'FORBIDDEN',
    });
    expect(await failure(referent.client.accounts.unblock.mutate({ id: grenobleNurse.id }))).toMatchObject({
      appCode: 'FORBIDDEN',
    });
    expect(await failure(unitRef.client.accounts.update.mutate({ id: smrNurse.id, data }))).toMatchObject({
      appCode: 'FORBIDDEN',
    });
    expect(await failure(unitRef.client.accounts.update.mutate({ id: lyonWide.id, data }))).toMatchObject({
      appCode: 'FORBIDDEN',
    });
    expect((await referent.client.accounts.get.query({ id: grenobleNurse.id })).manageable).toBe(false);
    const untouched = await db
      .selectFrom('accounts')
      .select('last_name')
      .where('id', 'in', [grenobleNurse.id, smrNurse.id, lyonWide.id])
      .execute();
    expect(untouched.every((a) => a.last_name !== 'Pirate')).toBe(true);
    // The administrator acts everywhere.
    await adminBrowser.client.accounts.update.mutate({
      id: grenobleNurse.id,
      data: { ...data, email: 'grenoble.nurse@example.test' },
    });
  });

  it('unblocks a blocked account in scope with the padlock', async () => {
    await keepAlive();
    const blocked = await insertAccount(db);
    await insertHabilitation(db, {
      accountId: blocked.id,
      profile: 'EQUIPE_SOIGNANTE',
      establishmentId: lyon.id,
      unitId: cardio.id,
    });
    expect(await failure(unitRef.client.accounts.unblock.mutate({ id: blocked.id }))).toMatchObject({
      appCode: 'CONFLICT',
    });
    const attacker = system.browser({ ip: '203.0.113.9' });
    for (let i = 0; i < 5; i++)
      await failure(attacker.client.auth.signIn.mutate({ username: blocked.username, password: 'faux' }));
    expect((await unitRef.client.accounts.search.query({ query: blocked.username })).accounts[0]).toMatchObject({
      blocked: true,
      manageable: true,
    });
    await unitRef.client.accounts.unblock.mutate({ id: blocked.id });
    expect(
      (await system.browser().client.auth.signIn.mutate({ username: blocked.username, password: TEST_PASSWORD }))
        .status,
    ).toBe('CODE_REQUIRED');
    const [row] = await audit(blocked.id, 'ACCOUNT_UNBLOCKED');
    expect(row?.actor_account_id).toBe(unitReferent.id);
  });
});
