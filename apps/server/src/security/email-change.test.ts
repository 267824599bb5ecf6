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
 * The account-takeover chain through an e-mail change (issue « Security »): whoever may edit an
 * account typed their own address into it, then asked « Mot de passe oublié ? » and received the
 * link and the sign-in code there. Someone else's change now waits for the new address to confirm
 * it; until then every link and code goes to the current address, which is told and may cancel.
 * End to end through the HTTP a browser uses, the real worker tasks and the mail catcher.
 */
const system = await createTestSystem();
const { db, clock, catcher } = system;

const lyon = await insertEstablishment(db, { name: 'CHU de Lyon', departement: '69' });
const cardio = await insertUnit(db, lyon.id, 'Cardiologie');
const referentAccount = await insertAccount(db, { username: 'ec.ref.lyon' });
await insertHabilitation(db, {
  accountId: referentAccount.id,
  profile: 'REFERENT_STRUCTURE',
  establishmentId: lyon.id,
});
await db
  .updateTable('accounts')
  .set({ first_name: 'Rémi', last_name: 'Référent' })
  .where('id', '=', referentAccount.id)
  .execute();
const adminAccount = await insertAccount(db, { username: 'ec.admin', nationalAdmin: true });

const DAY = 24 * 3_600_000;
const mailsTo = (address: string) => catcher.messages().filter((m) => m.to.includes(address.toLowerCase()));
const emailOf = async (id: string) =>
  (await db.selectFrom('accounts').select('email').where('id', '=', id).executeTakeFirstOrThrow()).email;

/** An account in the référent's establishment, whose address is its own. */
async function nurse() {
  const account = await insertAccount(db);
  await insertHabilitation(db, {
    accountId: account.id,
    profile: 'EQUIPE_SOIGNANTE',
    establishmentId: lyon.id,
    unitId: cardio.id,
  });
  return account;
}

const accountData = (email: string) => ({
  lastName: 'Martin',
  firstName: 'Zoé',
  email,
  phone: '04 78 00 11 22',
  mobile: '',
  profession: 'IDE',
});

/** Sessions idle out after 30 minutes of the test clock, which some tests move by days. */
const referent = () => system.signedInBrowser(referentAccount, TEST_PASSWORD);

const tokenIn = (text: string | undefined, path: string) =>
  text?.match(new RegExp(`http://portail\\.test${path}\\?jeton=([A-Za-z0-9_-]{43})`))?.[1];

/** The référent types a new address; returns the links the worker mailed for it. */
async function requestChange(target: { id: string; email: string }, newEmail: string) {
  const browser = await referent();
  const result = await browser.client.accounts.update.mutate({ id: target.id, data: accountData(newEmail) });
  await system.runJobs();
  const confirmation = mailsTo(newEmail).at(-1);
  const notice = mailsTo(target.email)
    .filter((m) => m.subject === 'Demande de changement de votre adresse e-mail Trajectoire Pro')
    .at(-1);
  return {
    browser,
    result,
    confirmation,
    notice,
    confirmToken: tokenIn(confirmation?.text, '/confirmer-adresse') as string,
    cancelToken: tokenIn(notice?.text, '/annuler-changement-adresse') as string,
  };
}

/** « Mot de passe oublié ? » as an anonymous visitor asks it, with a captcha whose answer is known. */
async function forgotPassword(username: string) {
  const visitor = system.browser({ ip: '198.51.100.7' });
  const captcha = await visitor.client.auth.captcha.mutate();
  await db
    .updateTable('captchas')
    .set({ answer_hash: createHash('sha256').update('ABCDE').digest() })
    .where('id', '=', captcha.id)
    .execute();
  await visitor.client.auth.requestPasswordReset.mutate({ username, captchaId: captcha.id, captchaAnswer: 'ABCDE' });
  await system.runJobs();
}

async function audit(accountId: string, action: string) {
  return db
    .selectFrom('audit_events')
    .select(['details', 'actor_account_id'])
    .where('subject_account_id', '=', accountId)
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

describe('a référent changes an account’s e-mail', () => {
  it('keeps the current address until the new one confirms; links and codes go to the current one only', async () => {
    const target = await nurse();
    const newEmail = 'zoe.martin@ailleurs.test';
    const { browser, result, confirmation, notice, confirmToken } = await requestChange(target, newEmail);
    expect(result.changed).toEqual(expect.arrayContaining(['lastName', 'firstName', 'phone', 'pendingEmail']));
    expect(result.changed).not.toContain('email');

    // The other fields applied at once; the e-mail did not.
    expect(await emailOf(target.id)).toBe(target.email);
    expect(await browser.client.accounts.get.query({ id: target.id })).toMatchObject({
      email: target.email,
      pendingEmail: newEmail,
      lastName: 'Martin',
      phone: '+33478001122',
    });

    // The new address got the link; the current one the notice, naming who asked, masking the address.
    expect(confirmation?.subject).toBe('Confirmez votre nouvelle adresse e-mail Trajectoire Pro');
    expect(confirmToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(confirmation?.text).toContain('valable 7 jours');
    expect(notice?.text).toContain('vers z***@ailleurs.test a été faite par Rémi Référent (référent)');
    expect(notice?.text).toContain("elle prendra effet quand la nouvelle adresse l'aura confirmée");
    expect(notice?.text).not.toContain(newEmail);
    expect(tokenIn(notice?.text, '/annuler-changement-adresse')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Only the link's hash is stored, with the address it would confirm.
    const stored = await db
      .selectFrom('account_tokens')
      .select(['token_hash', 'target', 'expires_at'])
      .where('account_id', '=', target.id)
      .where('purpose', '=', 'EMAIL_CHANGE')
      .executeTakeFirstOrThrow();
    expect(stored.target).toBe(newEmail);
    expect(stored.token_hash.equals(createHash('sha256').update(confirmToken).digest())).toBe(true);
    expect(stored.expires_at.getTime() - clock.now().getTime()).toBe(7 * DAY);

    // « Mot de passe oublié ? »: the link goes to the current address, never to the pending one.
    const toNewBefore = mailsTo(newEmail).length;
    const toOldBefore = mailsTo(target.email).length;
    await forgotPassword(target.username);
    expect(mailsTo(newEmail)).toHaveLength(toNewBefore);
    const resetMails = mailsTo(target.email).slice(toOldBefore);
    expect(resetMails.map((m) => m.subject)).toEqual(['Régénération de votre mot de passe Trajectoire Pro']);

    // The sign-in code too.
    const holder = system.browser({ ip: '198.51.100.8' });
    expect(
      (await holder.client.auth.signIn.mutate({ username: target.username, password: TEST_PASSWORD })).status,
    ).toBe('CODE_REQUIRED');
    const code = await system.lastCode(target.email);
    expect(mailsTo(newEmail)).toHaveLength(toNewBefore);
    expect((await holder.client.auth.verifyCode.mutate({ code })).status).toBe('SIGNED_IN');

    const [requested] = await audit(target.id, 'ACCOUNT_EMAIL_CHANGE_REQUESTED');
    expect(requested).toMatchObject({
      actor_account_id: referentAccount.id,
      details: { before: { email: target.email }, after: { pendingEmail: newEmail } },
    });
    const updates = await audit(target.id, 'ACCOUNT_UPDATED');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.details).toMatchObject({ after: { lastName: 'Martin' } });
    expect(JSON.stringify(updates[0]?.details)).not.toContain(newEmail);
  });

  it('applies the address once confirmed, tells the old one, retires reset links, and refuses a second use', async () => {
    const target = await nurse();
    const newEmail = 'confirmee@ailleurs.test';
    const { browser, confirmToken, cancelToken } = await requestChange(target, newEmail);
    await forgotPassword(target.username);
    const resetToken = tokenIn(mailsTo(target.email).at(-1)?.text, '/mot-de-passe/nouveau') as string;
    expect(await system.browser().client.auth.passwordLink.query({ token: resetToken })).toEqual({
      username: target.username,
    });

    const anonymous = system.browser({ ip: '198.51.100.9' });
    expect(await anonymous.client.accounts.confirmEmailChange.mutate({ token: confirmToken })).toEqual({
      email: newEmail,
      username: target.username,
    });
    expect(await emailOf(target.id)).toBe(newEmail);
    expect(await browser.client.accounts.get.query({ id: target.id })).toMatchObject({
      email: newEmail,
      pendingEmail: null,
    });

    await system.runJobs();
    const told = mailsTo(target.email).at(-1);
    expect(told?.subject).toBe('Changement de votre adresse e-mail Trajectoire Pro');
    expect(told?.text).toContain(newEmail);

    expect(await failure(anonymous.client.accounts.confirmEmailChange.mutate({ token: confirmToken }))).toMatchObject({
      appCode: 'LINK_USED',
      message: expect.stringContaining("n'est plus valable"),
    });
    // The link mailed to the old address before the change no longer resets the password.
    expect(await failure(system.browser().client.auth.passwordLink.query({ token: resetToken }))).toMatchObject({
      appCode: 'LINK_USED',
    });
    // Nor can the old address cancel a change already made.
    expect(await failure(anonymous.client.accounts.cancelEmailChange.mutate({ token: cancelToken }))).toMatchObject({
      appCode: 'LINK_USED',
    });

    const [confirmed] = await audit(target.id, 'ACCOUNT_EMAIL_CONFIRMED');
    expect(confirmed?.details).toEqual({ before: { email: target.email }, after: { email: newEmail } });
  });

  it('refuses an expired link, and the address is no longer pending', async () => {
    const target = await nurse();
    const { confirmToken } = await requestChange(target, 'trop.tard@ailleurs.test');
    clock.advance(7 * DAY + 60_000);
    expect(
      await failure(system.browser().client.accounts.confirmEmailChange.mutate({ token: confirmToken })),
    ).toMatchObject({ appCode: 'LINK_EXPIRED', message: expect.stringContaining('a expiré') });
    expect(await emailOf(target.id)).toBe(target.email);
    expect((await (await referent()).client.accounts.get.query({ id: target.id })).pendingEmail).toBeNull();
  });

  it('refuses an address taken by another active account, at request time and at confirmation', async () => {
    const target = await nurse();
    const other = await insertAccount(db);
    expect(
      await failure(
        (await referent()).client.accounts.update.mutate({ id: target.id, data: accountData(other.email) }),
      ),
    ).toMatchObject({ appCode: 'EMAIL_IN_USE' });

    const contested = 'convoitee@ailleurs.test';
    const { confirmToken } = await requestChange(target, contested);
    await insertAccount(db, { email: contested });
    const refused = await failure(system.browser().client.accounts.confirmEmailChange.mutate({ token: confirmToken }));
    expect(refused).toMatchObject({ appCode: 'EMAIL_IN_USE', status: 409 });
    expect(refused.message).toContain("celle d'un autre compte actif");
    expect(await emailOf(target.id)).toBe(target.email);
    expect(await audit(target.id, 'ACCOUNT_EMAIL_CONFIRMED')).toEqual([]);
  });

  it('replaces a pending request by a newer one', async () => {
    const target = await nurse();
    const first = await requestChange(target, 'premiere@ailleurs.test');
    const second = await requestChange(target, 'seconde@ailleurs.test');
    expect(
      await failure(system.browser().client.accounts.confirmEmailChange.mutate({ token: first.confirmToken })),
    ).toMatchObject({ appCode: 'LINK_USED' });
    expect((await second.browser.client.accounts.get.query({ id: target.id })).pendingEmail).toBe(
      'seconde@ailleurs.test',
    );
    await system.browser().client.accounts.confirmEmailChange.mutate({ token: second.confirmToken });
    expect(await emailOf(target.id)).toBe('seconde@ailleurs.test');
  });

  it('lets the current address cancel the pending change', async () => {
    const target = await nurse();
    const { browser, confirmToken, cancelToken } = await requestChange(target, 'annulee@ailleurs.test');
    await system.browser().client.accounts.cancelEmailChange.mutate({ token: cancelToken });
    expect((await browser.client.accounts.get.query({ id: target.id })).pendingEmail).toBeNull();
    expect(
      await failure(system.browser().client.accounts.confirmEmailChange.mutate({ token: confirmToken })),
    ).toMatchObject({ appCode: 'LINK_USED' });
    expect(
      await failure(system.browser().client.accounts.cancelEmailChange.mutate({ token: cancelToken })),
    ).toMatchObject({ appCode: 'LINK_USED' });
    expect(await emailOf(target.id)).toBe(target.email);
    const [cancelled] = await audit(target.id, 'ACCOUNT_EMAIL_CHANGE_CANCELLED');
    expect(cancelled?.details).toMatchObject({ cancelledEmail: 'annulee@ailleurs.test' });
  });

  it('refuses unknown links', async () => {
    const token = 'A'.repeat(43);
    expect(await failure(system.browser().client.accounts.confirmEmailChange.mutate({ token }))).toMatchObject({
      appCode: 'LINK_INVALID',
    });
    expect(await failure(system.browser().client.accounts.cancelEmailChange.mutate({ token }))).toMatchObject({
      appCode: 'LINK_INVALID',
    });
  });

  it('asks the same confirmation of an administrator’s change', async () => {
    const target = await nurse();
    const admin = await system.signedInBrowser(adminAccount, TEST_PASSWORD);
    await admin.client.accounts.update.mutate({ id: target.id, data: accountData('par.admin@ailleurs.test') });
    await system.runJobs();
    expect(await emailOf(target.id)).toBe(target.email);
    expect(tokenIn(mailsTo('par.admin@ailleurs.test').at(-1)?.text, '/confirmer-adresse')).toBeDefined();
    expect(mailsTo(target.email).at(-1)?.text).toContain('administrateur');
  });
});

describe('the holder changes their own e-mail in « Mon compte »', () => {
  it('applies it at once (the password is asked again) and drops a référent’s pending request', async () => {
    const target = await nurse();
    const { confirmToken } = await requestChange(target, 'demandee@ailleurs.test');
    const holder = await system.signedInBrowser(target, TEST_PASSWORD);
    const own = 'choisie@ailleurs.test';
    await holder.client.accounts.changeMyContact.mutate({ password: TEST_PASSWORD, email: own });
    expect((await holder.client.accounts.me.query()).account.email).toBe(own);
    await system.runJobs();
    expect(mailsTo(target.email).at(-1)?.text).toContain(own);
    expect(
      await failure(system.browser().client.accounts.confirmEmailChange.mutate({ token: confirmToken })),
    ).toMatchObject({ appCode: 'LINK_USED' });
    expect(await emailOf(target.id)).toBe(own);
  });
});
