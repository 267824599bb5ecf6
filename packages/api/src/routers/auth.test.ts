import { oneTimeCode } from '@trajectoire/core';
import { SIGN_IN_RULES } from '@trajectoire/domain';
import { failure } from '@trajectoire/test-support/errors';
import {
  insertAccount,
  insertEstablishment,
  insertHabilitation,
  insertUnit,
  TEST_PASSWORD,
} from '@trajectoire/test-support/fixtures';
import { createTestSystem, TEST_APP_SECRET } from '@trajectoire/test-support/system';
import { beforeEach, describe, expect, it } from 'vitest';

const system = await createTestSystem();
const { db, clock, catcher } = system;

async function codeFromMail(to: string): Promise<string> {
  await system.runJobs();
  const mail = catcher
    .messages()
    .filter((m) => m.to.includes(to))
    .at(-1);
  const code = mail?.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code mailed to ${to}`);
  return code;
}

async function auditActions(accountId: string) {
  const rows = await db
    .selectFrom('audit_events')
    .select('action')
    .where('subject_account_id', '=', accountId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

describe('password + one-time code sign-in', () => {
  let account: Awaited<ReturnType<typeof insertAccount>>;
  beforeEach(async () => {
    catcher.clear();
    clock.advance(SIGN_IN_RULES.trustedBrowserMs * 2);
    account = await insertAccount(db);
    const establishment = await insertEstablishment(db, { name: 'CH de Vienne' });
    const unit = await insertUnit(db, establishment.id, 'Cardiologie');
    await insertHabilitation(db, {
      accountId: account.id,
      profile: 'PRESCRIPTEUR_MEDICAL',
      establishmentId: establishment.id,
      unitId: unit.id,
    });
  });

  it('signs in with the code received by mail, lists habilitations, then signs out', async () => {
    const { client } = system.browser();
    const step = await client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD });
    expect(step).toMatchObject({ status: 'CODE_REQUIRED', channel: 'EMAIL' });
    if (step.status !== 'CODE_REQUIRED') throw new Error('unreachable');
    expect(step.maskedDestination).not.toContain(account.username);
    expect(step.maskedDestination).toMatch(/\*\*\*.*@example\.test$/);
    expect(await client.auth.session.query()).toBeNull();

    const code = await codeFromMail(account.email);
    expect(await client.auth.verifyCode.mutate({ code })).toEqual({ status: 'SIGNED_IN' });
    const session = await client.auth.session.query();
    expect(session?.account.username).toBe(account.username);
    expect(session?.habilitations).toEqual([
      expect.objectContaining({
        profileLabel: 'Prescripteur médical',
        establishmentName: 'CH de Vienne',
        unitName: 'Cardiologie',
        active: true,
      }),
    ]);

    await client.auth.signOut.mutate();
    expect(await client.auth.session.query()).toBeNull();
    expect(await auditActions(account.id)).toEqual(['CODE_SENT', 'CODE_VALIDATED', 'SIGN_IN_SUCCEEDED', 'SIGN_OUT']);
  });

  it('trusts the browser for 8 hours, then asks for a code again', async () => {
    const browser = system.browser();
    await browser.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD });
    await browser.client.auth.verifyCode.mutate({ code: await codeFromMail(account.email) });
    await browser.client.auth.signOut.mutate();

    clock.advance(SIGN_IN_RULES.trustedBrowserMs - 60_000);
    expect(await browser.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD })).toEqual({
      status: 'SIGNED_IN',
    });
    expect((await browser.client.auth.session.query())?.account.id).toBe(account.id);

    clock.advance(60_000);
    const again = await browser.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD });
    expect(again.status).toBe('CODE_REQUIRED');

    // Another browser never shares that trust.
    const other = system.browser();
    expect(
      (await other.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD })).status,
    ).toBe('CODE_REQUIRED');
  });

  it('refuses an expired code, a replayed code, and a sixth guess', async () => {
    const browser = system.browser();
    await browser.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD });
    const code = await codeFromMail(account.email);
    clock.advance(SIGN_IN_RULES.codeLifetimeMs);
    expect(await failure(browser.client.auth.verifyCode.mutate({ code }))).toMatchObject({ appCode: 'CODE_EXPIRED' });

    await browser.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD });
    const fresh = await codeFromMail(account.email);
    const challengeCookie = browser.cookies.get('tp_challenge') as string;
    const wrong = fresh === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i += 1) {
      expect(await failure(browser.client.auth.verifyCode.mutate({ code: wrong }))).toMatchObject({
        appCode: 'WRONG_CODE',
        message: `Code de sécurité incorrect. Il vous reste ${5 - i} essai${5 - i > 1 ? 's' : ''}.`,
      });
    }
    expect(await failure(browser.client.auth.verifyCode.mutate({ code: wrong }))).toMatchObject({
      appCode: 'CODE_TOO_MANY_ATTEMPTS',
    });
    // Even the right code is refused once the tries are spent.
    expect(await failure(browser.client.auth.verifyCode.mutate({ code: fresh }))).toMatchObject({
      appCode: 'CODE_TOO_MANY_ATTEMPTS',
    });

    await browser.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD });
    const third = await codeFromMail(account.email);
    const thirdChallenge = browser.cookies.get('tp_challenge') as string;
    await browser.client.auth.verifyCode.mutate({ code: third });
    expect(challengeCookie).not.toBe(thirdChallenge);
    // Replaying the used code with its old challenge cookie.
    browser.cookies.set('tp_challenge', thirdChallenge);
    expect(await failure(browser.client.auth.verifyCode.mutate({ code: third }))).toMatchObject({
      appCode: 'CODE_ALREADY_USED',
    });
    const sessions = await db.selectFrom('sessions').select('id').where('account_id', '=', account.id).execute();
    expect(sessions).toHaveLength(1);
  });

  it("refuses another account's code", async () => {
    const other = await insertAccount(db);
    const mine = system.browser();
    const theirs = system.browser();
    await mine.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD });
    await theirs.client.auth.signIn.mutate({ username: other.username, password: TEST_PASSWORD });
    const theirCode = await codeFromMail(other.email);
    const myCode = await codeFromMail(account.email);
    if (theirCode === myCode) return; // one chance in a million: nothing to prove
    expect(await failure(mine.client.auth.verifyCode.mutate({ code: theirCode }))).toMatchObject({
      appCode: 'WRONG_CODE',
    });
    await mine.client.auth.verifyCode.mutate({ code: myCode });
    expect((await mine.client.auth.session.query())?.account.id).toBe(account.id);
  });

  it('re-sends a new code after the cool-down, and the old one stops working', async () => {
    const browser = system.browser();
    const step = await browser.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD });
    if (step.status !== 'CODE_REQUIRED') throw new Error('code expected');
    const first = await codeFromMail(account.email);
    expect(await failure(browser.client.auth.resendCode.mutate())).toMatchObject({
      appCode: 'RESEND_TOO_SOON',
      status: 429,
    });
    clock.advance(SIGN_IN_RULES.codeResendCooldownMs);
    await browser.client.auth.resendCode.mutate();
    const second = await codeFromMail(account.email);
    expect(catcher.messages().filter((m) => m.to.includes(account.email))).toHaveLength(2);
    if (first !== second) {
      expect(await failure(browser.client.auth.verifyCode.mutate({ code: first }))).toMatchObject({
        appCode: 'WRONG_CODE',
      });
    }
    await browser.client.auth.verifyCode.mutate({ code: second });
  });

  it('sends each code once even when the job runs again', async () => {
    const browser = system.browser();
    await browser.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD });
    await system.runJobs();
    const challenge = await db
      .selectFrom('sign_in_challenges')
      .select(['id', 'generation'])
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow();
    // A retry of the same job (as after a crash before the job was marked done).
    const { deliverSignInCode } = await import('@trajectoire/core');
    expect(await deliverSignInCode(system.deps, system.notifier, { challengeId: challenge.id, generation: 1 })).toBe(
      'ALREADY_SENT',
    );
    expect(catcher.messages().filter((m) => m.to.includes(account.email))).toHaveLength(1);
    expect(catcher.messages()[0]?.text).toContain(oneTimeCode(TEST_APP_SECRET, challenge.id, 1));
  });
});

describe('failures', () => {
  it('answers an unknown username exactly like a wrong password', async () => {
    const account = await insertAccount(db);
    const { client } = system.browser();
    const unknown = await failure(client.auth.signIn.mutate({ username: 'nobody.here', password: TEST_PASSWORD }));
    const wrong = await failure(
      client.auth.signIn.mutate({ username: account.username, password: 'Mauvais-Mot-2026!' }),
    );
    expect(unknown).toEqual(wrong);
    expect(wrong).toEqual({
      appCode: 'INVALID_CREDENTIALS',
      status: 401,
      message: "Nom d'utilisateur ou mot de passe incorrect.",
    });
  });

  it('blocks after 5 consecutive failures, even with the right password afterwards', async () => {
    const account = await insertAccount(db);
    const { client } = system.browser();
    for (let i = 0; i < 4; i += 1) {
      expect(
        await failure(client.auth.signIn.mutate({ username: account.username, password: `faux-${i}` })),
      ).toMatchObject({
        appCode: 'INVALID_CREDENTIALS',
      });
    }
    const fifth = await failure(client.auth.signIn.mutate({ username: account.username, password: 'faux-5' }));
    expect(fifth).toMatchObject({ appCode: 'ACCOUNT_BLOCKED', status: 403 });
    expect(fifth.message).toContain('Contactez votre référent');
    expect(
      await failure(client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD })),
    ).toMatchObject({
      appCode: 'ACCOUNT_BLOCKED',
    });
    const actions = await auditActions(account.id);
    expect(actions.filter((a) => a === 'SIGN_IN_FAILED')).toHaveLength(6);
    expect(actions.filter((a) => a === 'ACCOUNT_BLOCKED')).toHaveLength(1);
  });

  it('counts a success as the end of consecutive failures', async () => {
    const account = await insertAccount(db);
    const { client } = system.browser();
    for (let i = 0; i < 4; i += 1)
      await failure(client.auth.signIn.mutate({ username: account.username, password: 'faux' }));
    await client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD });
    for (let i = 0; i < 4; i += 1)
      await failure(client.auth.signIn.mutate({ username: account.username, password: 'faux' }));
    const row = await db
      .selectFrom('accounts')
      .select(['blocked_at', 'failed_sign_ins'])
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ blocked_at: null, failed_sign_ins: 4 });
  });

  it('lets twenty simultaneous wrong passwords through no more than five', async () => {
    const account = await insertAccount(db);
    const { client } = system.browser();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        failure(client.auth.signIn.mutate({ username: account.username, password: `faux-${i}` })),
      ),
    );
    // Those beyond the five read as blocked, as they would on an unknown username (never 429).
    expect(results.every((r) => ['INVALID_CREDENTIALS', 'ACCOUNT_BLOCKED'].includes(r.appCode))).toBe(true);
    const row = await db
      .selectFrom('accounts')
      .select(['blocked_at', 'failed_sign_ins'])
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row.failed_sign_ins).toBe(5);
    expect(row.blocked_at).not.toBeNull();
    const checked = await db
      .selectFrom('audit_events')
      .select('details')
      .where('subject_account_id', '=', account.id)
      .where('action', '=', 'SIGN_IN_FAILED')
      .execute();
    expect(checked.filter((r) => (r.details as { reason?: string }).reason === 'WRONG_PASSWORD')).toHaveLength(5);
  });

  it('reads as blocked after five failures on an unknown username too', async () => {
    const { client } = system.browser();
    for (let i = 0; i < 4; i += 1) {
      expect(await failure(client.auth.signIn.mutate({ username: 'ghost.user', password: 'x' }))).toMatchObject({
        appCode: 'INVALID_CREDENTIALS',
      });
    }
    expect(await failure(client.auth.signIn.mutate({ username: 'ghost.user', password: 'x' }))).toMatchObject({
      appCode: 'ACCOUNT_BLOCKED',
    });
  });

  it('rejects malformed and oversized fields with a French message and writes nothing', async () => {
    const { client } = system.browser();
    const before = await db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(await failure(client.auth.signIn.mutate({ username: '', password: 'x' }))).toMatchObject({
      appCode: 'INVALID_INPUT',
      status: 400,
      message: "Le nom d'utilisateur est obligatoire.",
    });
    expect(await failure(client.auth.signIn.mutate({ username: 'a'.repeat(101), password: 'x' }))).toMatchObject({
      appCode: 'INVALID_INPUT',
    });
    expect(await failure(client.auth.verifyCode.mutate({ code: '12ab56' }))).toMatchObject({
      appCode: 'INVALID_INPUT',
      message: 'Le code de sécurité comporte 6 chiffres.',
    });
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong types, as a hostile caller would send
    expect(await failure(client.auth.signIn.mutate({ username: 42, password: null } as any))).toMatchObject({
      appCode: 'INVALID_INPUT',
    });
    const after = await db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('never answers 500 to a broken body or an unknown route', async () => {
    const headers = { 'content-type': 'application/json', 'x-trajectoire-csrf': '1' };
    const broken = await system.app.request('/trpc/auth.signIn', { method: 'POST', headers, body: '{"username":' });
    expect(broken.status).toBe(400);
    const huge = await system.app.request('/trpc/auth.signIn', {
      method: 'POST',
      headers,
      body: JSON.stringify({ username: 'x'.repeat(200_000) }),
    });
    expect(huge.status).toBe(413);
    const missing = await system.app.request('/trpc/auth.nothing', { method: 'POST', headers, body: '{}' });
    expect(missing.status).toBe(404);
  });

  it('code verification without a challenge says to sign in again', async () => {
    const { client } = system.browser();
    expect(await failure(client.auth.verifyCode.mutate({ code: '123456' }))).toMatchObject({
      appCode: 'CHALLENGE_NOT_FOUND',
    });
  });
});

describe('sessions and cross-site requests', () => {
  async function signedIn() {
    const account = await insertAccount(db);
    const browser = system.browser();
    await browser.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD });
    await browser.client.auth.verifyCode.mutate({ code: await codeFromMail(account.email) });
    return { account, browser };
  }

  it('treats a missing or forged session cookie as signed out', async () => {
    const { browser } = await signedIn();
    browser.cookies.set('tp_session', 'forged-token-forged-token-forged-token-forged');
    expect(await browser.client.auth.session.query()).toBeNull();
    expect(await failure(browser.client.auth.signOut.mutate())).toMatchObject({
      appCode: 'NOT_SIGNED_IN',
      status: 401,
    });
    browser.cookies.set('tp_session', '<script>');
    expect(await browser.client.auth.session.query()).toBeNull();
  });

  it('ends a session after 30 idle minutes, and after 12 hours whatever happens', async () => {
    const { browser } = await signedIn();
    clock.advance(SIGN_IN_RULES.sessionIdleMs - 1000);
    expect(await browser.client.auth.session.query()).not.toBeNull();
    clock.advance(SIGN_IN_RULES.sessionIdleMs - 1000);
    expect(await browser.client.auth.session.query()).not.toBeNull();
    clock.advance(SIGN_IN_RULES.sessionIdleMs);
    expect(await browser.client.auth.session.query()).toBeNull();

    const second = await signedIn();
    for (let elapsed = 0; elapsed < SIGN_IN_RULES.sessionAbsoluteMs; elapsed += 20 * 60_000) {
      clock.advance(20 * 60_000);
      await second.browser.client.auth.session.query();
    }
    expect(await second.browser.client.auth.session.query()).toBeNull();
  });

  it('refuses a cross-site POST and changes nothing', async () => {
    const account = await insertAccount(db);
    const noHeader = system.browser({ csrfHeader: false });
    expect(
      await failure(noHeader.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD })),
    ).toMatchObject({
      appCode: 'FORBIDDEN',
      status: 403,
    });
    const foreign = system.browser({ origin: 'https://evil.example' });
    expect(
      await failure(foreign.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD })),
    ).toMatchObject({
      appCode: 'FORBIDDEN',
    });
    const challenges = await db
      .selectFrom('sign_in_challenges')
      .select('id')
      .where('account_id', '=', account.id)
      .execute();
    expect(challenges).toHaveLength(0);

    const { browser } = await signedIn();
    const formPost = await browser.fetch('http://localhost/trpc/auth.signOut', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: '',
    });
    expect(formPost.status).toBeGreaterThanOrEqual(400);
    expect(formPost.status).toBeLessThan(500);
    expect(await browser.client.auth.session.query()).not.toBeNull();
  });

  it('sets HttpOnly, SameSite=Lax cookies', async () => {
    const account = await insertAccount(db);
    const response = await system.app.request('/trpc/auth.signIn', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trajectoire-csrf': '1' },
      body: JSON.stringify({ username: account.username, password: TEST_PASSWORD }),
    });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('tp_challenge='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('rate-limits sign-in attempts per address', async () => {
    const limited = await createTestSystem({ rateLimits: { signInPerIp: { limit: 3, windowMs: 60_000 } } });
    const { client } = limited.browser({ ip: '198.51.100.7' });
    for (let i = 0; i < 3; i += 1) {
      expect(await failure(client.auth.signIn.mutate({ username: `someone.${i}`, password: 'x' }))).toMatchObject({
        appCode: 'INVALID_CREDENTIALS',
      });
    }
    expect(await failure(client.auth.signIn.mutate({ username: 'someone.else', password: 'x' }))).toMatchObject({
      appCode: 'RATE_LIMITED',
      status: 429,
    });
    // Another address is not affected, and the window passes.
    const other = limited.browser({ ip: '198.51.100.8' });
    expect(await failure(other.client.auth.signIn.mutate({ username: 'someone', password: 'x' }))).toMatchObject({
      appCode: 'INVALID_CREDENTIALS',
    });
    limited.clock.advance(60_000);
    expect(await failure(client.auth.signIn.mutate({ username: 'someone', password: 'x' }))).toMatchObject({
      appCode: 'INVALID_CREDENTIALS',
    });
  });
});
