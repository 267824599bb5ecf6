import { argon2Work, MAX_ACTIVE_API_KEYS } from '@trajectoire/core';
import { SIGN_IN_RULES } from '@trajectoire/domain';
import { answerCaptchaQuestion } from '@trajectoire/test-support/captcha';
import { type Failure, failure } from '@trajectoire/test-support/errors';
import { insertAccount, TEST_PASSWORD } from '@trajectoire/test-support/fixtures';
import { createTestSystem } from '@trajectoire/test-support/system';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

/**
 * The attack suite, sign-in and credentials: what a client that does not play by the portal's
 * rules tries against the password step, the links, the captcha and API keys. Real Postgres,
 * real HTTP handling, real Argon2; time moves by the test's clock.
 */

const LIMIT = 5;
const system = await createTestSystem({
  rateLimits: {
    resetPasswordPerIp: { limit: LIMIT, windowMs: 60_000 },
    changeExpiredPasswordPerIp: { limit: LIMIT, windowMs: 60_000 },
    captchaPerIp: { limit: LIMIT, windowMs: 60_000 },
  },
});
const { db, clock, catcher } = system;
const NEW_PASSWORD = 'Lanterne-Verte-Port-82!';
const FORGED_TOKEN = 'A'.repeat(43);

let addresses = 0;
/** Each test speaks from addresses of its own, so that per-address limits never leak between tests. */
const freshIp = () => {
  addresses += 1;
  return `203.0.113.${addresses}`;
};

/** Argon2 computations started while `run` runs. */
async function argon2During(run: () => Promise<unknown>) {
  const before = { ...argon2Work };
  await run();
  return { hashes: argon2Work.hashes - before.hashes, verifications: argon2Work.verifications - before.verifications };
}

/** What the callers of a burst were answered, sorted: a multiset to compare with another burst's. */
const answers = (failures: Failure[]) => failures.map((f) => `${f.status} ${f.appCode} ${f.message}`).sort();

/** The username an API key acts as, or null when it acts as nobody. */
async function keyActsAs(key: string): Promise<string | null> {
  const response = await system.app.request('/trpc/auth.session', { headers: { authorization: `Bearer ${key}` } });
  const body = (await response.json()) as { result?: { data?: { account: { username: string } } | null } };
  return body.result?.data?.account.username ?? null;
}

async function captchaAnswer(browser: ReturnType<typeof system.browser>) {
  const captcha = await browser.client.auth.captcha.mutate();
  return { captchaId: captcha.id, captchaAnswer: answerCaptchaQuestion(captcha.question) };
}

/** The secret of the last password link mailed to `email`. */
async function requestResetLink(
  browser: ReturnType<typeof system.browser>,
  account: { username: string; email: string },
) {
  await browser.client.auth.requestPasswordReset.mutate({
    username: account.username,
    ...(await captchaAnswer(browser)),
  });
  await system.runJobs();
  const mail = catcher
    .messages()
    .filter((m) => m.to.includes(account.email) && m.text.includes('/mot-de-passe/nouveau?jeton='))
    .at(-1);
  const token = mail?.text.match(/jeton=([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new Error(`no password link mailed to ${account.email}`);
  return token;
}

/** An account signed in from its own address, with an API key that works. */
async function accountWithKey() {
  const account = await insertAccount(db);
  const browser = await system.signedInBrowser(account, TEST_PASSWORD, freshIp());
  const { id, key } = await browser.client.auth.createApiKey.mutate({ name: 'Import RH', password: TEST_PASSWORD });
  expect(await keyActsAs(key)).toBe(account.username);
  return { account, browser, keyId: id, key };
}

async function revocationReasons(accountId: string) {
  const rows = await db
    .selectFrom('audit_events')
    .select('details')
    .where('subject_account_id', '=', accountId)
    .where('action', '=', 'API_KEY_REVOKED')
    .execute();
  return rows.map((r) => (r.details as { reason?: string }).reason);
}

describe('password links and the expired-password step', () => {
  it('spends no Argon2 work on a forged, used or expired link, nor on a forged expired-password token', async () => {
    const account = await insertAccount(db);
    const browser = system.browser({ ip: freshIp() });
    const forged = { token: FORGED_TOKEN, newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD };
    expect(
      await argon2During(async () =>
        expect(await failure(browser.client.auth.resetPassword.mutate(forged))).toMatchObject({
          appCode: 'LINK_INVALID',
          status: 400,
        }),
      ),
    ).toEqual({ hashes: 0, verifications: 0 });

    const token = await requestResetLink(browser, account);
    const valid = { token, newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD };
    // The live link does the work (the new password's hash, compared with the previous ones)...
    expect((await argon2During(() => browser.client.auth.resetPassword.mutate(valid))).hashes).toBe(1);
    // ...and, once used, none.
    expect(
      await argon2During(async () =>
        expect(await failure(browser.client.auth.resetPassword.mutate(valid))).toMatchObject({ appCode: 'LINK_USED' }),
      ),
    ).toEqual({ hashes: 0, verifications: 0 });

    const other = await insertAccount(db);
    const later = system.browser({ ip: freshIp() });
    const stale = await requestResetLink(later, other);
    clock.advance(24 * 3_600_000);
    expect(
      await argon2During(async () =>
        expect(
          await failure(
            later.client.auth.resetPassword.mutate({
              token: stale,
              newPassword: NEW_PASSWORD,
              confirmation: NEW_PASSWORD,
            }),
          ),
        ).toMatchObject({ appCode: 'LINK_EXPIRED' }),
      ),
    ).toEqual({ hashes: 0, verifications: 0 });

    later.cookies.set('tp_password_change', FORGED_TOKEN);
    expect(
      await argon2During(async () =>
        expect(
          await failure(
            later.client.auth.changeExpiredPassword.mutate({ newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD }),
          ),
        ).toMatchObject({ appCode: 'CHALLENGE_NOT_FOUND' }),
      ),
    ).toEqual({ hashes: 0, verifications: 0 });
  });

  it('rate-limits password links, the expired-password step and captchas per address', async () => {
    const ip = freshIp();
    const browser = system.browser({ ip });
    const forged = { token: FORGED_TOKEN, newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD };
    const fresh = { newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD };
    for (let i = 0; i < LIMIT; i++) {
      expect(await failure(browser.client.auth.resetPassword.mutate(forged))).toMatchObject({
        appCode: 'LINK_INVALID',
      });
      expect(await failure(browser.client.auth.changeExpiredPassword.mutate(fresh))).toMatchObject({
        appCode: 'CHALLENGE_NOT_FOUND',
      });
      await browser.client.auth.captcha.mutate();
    }
    const limited = {
      appCode: 'RATE_LIMITED',
      status: 429,
      message: 'Trop de tentatives. Patientez quelques minutes avant de réessayer.',
    };
    expect(await failure(browser.client.auth.resetPassword.mutate(forged))).toEqual(limited);
    expect(await failure(browser.client.auth.changeExpiredPassword.mutate(fresh))).toEqual(limited);
    expect(await failure(browser.client.auth.captcha.mutate())).toEqual(limited);

    // Another address is not held back, and the next window lets this one through again.
    const neighbour = system.browser({ ip: freshIp() });
    expect(await failure(neighbour.client.auth.resetPassword.mutate(forged))).toMatchObject({
      appCode: 'LINK_INVALID',
    });
    await neighbour.client.auth.captcha.mutate();
    clock.advance(60_000);
    expect(await failure(browser.client.auth.resetPassword.mutate(forged))).toMatchObject({ appCode: 'LINK_INVALID' });
    expect((await browser.client.auth.captcha.mutate()).id).toEqual(expect.any(String));
  });
});

describe('usernames cannot be told apart by behaviour', () => {
  /** Twenty wrong guesses at once on `username`, from an address of their own. */
  const burst = (username: string) => {
    const { client } = system.browser({ ip: freshIp() });
    return Promise.all(
      Array.from({ length: 20 }, (_, i) => failure(client.auth.signIn.mutate({ username, password: `Faux-${i}` }))),
    );
  };

  it('gives a burst of twenty guesses the same answers on an existing account as on an unknown username', async () => {
    // Far from the daily window of unknown usernames' failures, so both bursts count in the same one.
    clock.set(`${new Date(clock.now().getTime() + 24 * 3_600_000).toISOString().slice(0, 10)}T09:00:00Z`);
    const account = await insertAccount(db);
    const [existing, unknown] = [await burst(account.username), await burst('personne.inexistante')];
    expect(answers(existing)).toEqual(answers(unknown));
    // Five tries, not twenty: four refused, the fifth blocks, and the others read as blocked.
    expect(existing.filter((f) => f.appCode === 'INVALID_CREDENTIALS')).toHaveLength(
      SIGN_IN_RULES.maxFailedPasswords - 1,
    );
    expect(existing.filter((f) => f.appCode === 'ACCOUNT_BLOCKED')).toHaveLength(20 - 4);
    expect(existing.every((f) => f.status !== 429)).toBe(true);
    const row = await db
      .selectFrom('accounts')
      .select(['failed_sign_ins', 'blocked_at'])
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row.failed_sign_ins).toBe(SIGN_IN_RULES.maxFailedPasswords);
    expect(row.blocked_at).not.toBeNull();

    // Both now blocked: a second burst (in a new per-username window) is answered alike again.
    clock.advance(15 * 60_000);
    const [blocked, stillUnknown] = [await burst(account.username), await burst('personne.inexistante')];
    expect(answers(blocked)).toEqual(answers(stillUnknown));
    expect(blocked.every((f) => f.appCode === 'ACCOUNT_BLOCKED')).toBe(true);
  });

  it('blocks an existing account and an unknown username after the same five failures', async () => {
    const account = await insertAccount(db);
    const { client } = system.browser({ ip: freshIp() });
    const tries = async (username: string) => {
      const seen: Failure[] = [];
      for (let i = 0; i < SIGN_IN_RULES.maxFailedPasswords + 1; i++)
        seen.push(await failure(client.auth.signIn.mutate({ username, password: `Faux-${i}` })));
      return seen;
    };
    const [existing, unknown] = [await tries(account.username), await tries('fantome.introuvable')];
    expect(existing).toEqual(unknown);
    expect(existing.map((f) => f.appCode)).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'ACCOUNT_BLOCKED',
      'ACCOUNT_BLOCKED',
    ]);
  });

  it('costs one Argon2 verification whether the username is unknown, blocked, out of attempts or wrong', async () => {
    const { client } = system.browser({ ip: freshIp() });
    const guess = (username: string) => failure(client.auth.signIn.mutate({ username, password: 'Faux-Mot-2026!' }));
    const wrong = await insertAccount(db);
    const blocked = await insertAccount(db);
    await db.updateTable('accounts').set({ blocked_at: clock.now() }).where('id', '=', blocked.id).execute();
    // Every attempt reserved by guesses still being checked: this one gets none.
    const exhausted = await insertAccount(db);
    await db
      .updateTable('accounts')
      .set({ failed_sign_ins: SIGN_IN_RULES.maxFailedPasswords })
      .where('id', '=', exhausted.id)
      .execute();
    for (let i = 0; i < SIGN_IN_RULES.maxFailedPasswords; i++) await guess('fantome.bloque');

    const outcomes: Record<string, { answer: Failure; work: { hashes: number; verifications: number } }> = {};
    for (const [name, username] of [
      ['unknown', 'nul.ne.sait'],
      ['wrong password', wrong.username],
      ['blocked', blocked.username],
      ['out of attempts', exhausted.username],
      ['unknown, after five failures', 'fantome.bloque'],
    ] as const) {
      let answer: Failure | undefined;
      const work = await argon2During(async () => {
        answer = await guess(username);
      });
      outcomes[name] = { answer: answer as Failure, work };
    }
    for (const { work } of Object.values(outcomes)) expect(work).toEqual({ hashes: 0, verifications: 1 });
    expect(outcomes.blocked?.answer).toEqual(outcomes['unknown, after five failures']?.answer);
    expect(outcomes['out of attempts']?.answer).toEqual(outcomes['unknown, after five failures']?.answer);
    expect(outcomes.unknown?.answer).toEqual(outcomes['wrong password']?.answer);
    expect(outcomes.blocked?.answer).toMatchObject({ appCode: 'ACCOUNT_BLOCKED', status: 403 });
  });
});

describe('API keys', () => {
  it('are revoked by a password change, and every server hears of it', async () => {
    const { account, browser, key } = await accountWithKey();
    const listener = new pg.Client({ connectionString: system.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.channel));
    await listener.query('listen credentials_changed');
    try {
      await browser.client.accounts.changeMyPassword.mutate({
        currentPassword: TEST_PASSWORD,
        newPassword: NEW_PASSWORD,
        confirmation: NEW_PASSWORD,
      });
      expect(await keyActsAs(key)).toBeNull();
      await expect.poll(() => heard).toContain('credentials_changed');
    } finally {
      await listener.end();
    }
    expect(await revocationReasons(account.id)).toEqual(['PASSWORD_CHANGED']);
    // The session that changed the password goes on, and lists the key as revoked.
    expect((await browser.client.auth.listApiKeys.query())[0]?.revokedAt).toEqual(expect.any(String));
  });

  it('are revoked by a password reset', async () => {
    const { account, key } = await accountWithKey();
    const stranger = system.browser({ ip: freshIp() });
    const token = await requestResetLink(stranger, account);
    await stranger.client.auth.resetPassword.mutate({ token, newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    expect(await keyActsAs(key)).toBeNull();
    expect(await revocationReasons(account.id)).toEqual(['PASSWORD_RESET']);
  });

  it('are revoked by the forced change of an expired password', async () => {
    const { account, key } = await accountWithKey();
    await db
      .updateTable('accounts')
      .set({ password_changed_at: new Date(clock.now().getTime() - 200 * 24 * 3_600_000) })
      .where('id', '=', account.id)
      .execute();
    const browser = system.browser({ ip: freshIp() });
    expect(
      (await browser.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD })).status,
    ).toBe('PASSWORD_EXPIRED');
    await browser.client.auth.changeExpiredPassword.mutate({ newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    expect(await keyActsAs(key)).toBeNull();
    expect(await revocationReasons(account.id)).toEqual(['PASSWORD_EXPIRED']);
  });

  it('are revoked when the account gets blocked, and stay revoked once it is unblocked', async () => {
    const { account, key } = await accountWithKey();
    const { client } = system.browser({ ip: freshIp() });
    for (let i = 0; i < SIGN_IN_RULES.maxFailedPasswords; i++)
      await failure(client.auth.signIn.mutate({ username: account.username, password: `Faux-${i}` }));
    expect(await keyActsAs(key)).toBeNull();
    await db
      .updateTable('accounts')
      .set({ blocked_at: null, failed_sign_ins: 0 })
      .where('id', '=', account.id)
      .execute();
    expect(await keyActsAs(key)).toBeNull();
    expect(await revocationReasons(account.id)).toEqual(['ACCOUNT_BLOCKED']);
  });

  it('are created only with the password, whose wrong guesses are limited and recorded', async () => {
    const account = await insertAccount(db);
    const browser = await system.signedInBrowser(account, TEST_PASSWORD, freshIp());
    const create = (password: string) => browser.client.auth.createApiKey.mutate({ name: 'Outil', password });
    // biome-ignore lint/suspicious/noExplicitAny: the call a client that skips the password would make
    expect(await failure(browser.client.auth.createApiKey.mutate({ name: 'Outil' } as any))).toMatchObject({
      appCode: 'INVALID_INPUT',
    });
    // Twenty wrong guesses at once: five are checked, the others refused without any Argon2 work.
    let results: Failure[] = [];
    const work = await argon2During(async () => {
      results = await Promise.all(Array.from({ length: 20 }, (_, i) => failure(create(`Faux-${i}`))));
    });
    expect(work.verifications).toBe(5);
    expect(results.filter((r) => r.appCode === 'WRONG_PASSWORD')).toHaveLength(5);
    expect(results.filter((r) => r.appCode === 'RATE_LIMITED' && r.status === 429)).toHaveLength(15);
    expect(results.find((r) => r.appCode === 'WRONG_PASSWORD')).toMatchObject({
      status: 403,
      message: 'Mot de passe incorrect.',
    });
    // Even the right password waits for the window to pass.
    expect(await failure(create(TEST_PASSWORD))).toMatchObject({ appCode: 'RATE_LIMITED' });
    const refusals = await db
      .selectFrom('audit_events')
      .select('details')
      .where('subject_account_id', '=', account.id)
      .where('action', '=', 'REAUTHENTICATION_FAILED')
      .execute();
    expect(refusals.map((r) => r.details)).toEqual(Array(5).fill({ purpose: 'API_KEY_CREATION' }));
    expect(await db.selectFrom('api_keys').select('id').where('account_id', '=', account.id).execute()).toEqual([]);

    clock.advance(15 * 60_000);
    const { key } = await create(TEST_PASSWORD);
    expect(await keyActsAs(key)).toBe(account.username);
  });

  it(`are capped at ${MAX_ACTIVE_API_KEYS} live keys per account`, async () => {
    const account = await insertAccount(db);
    const browser = await system.signedInBrowser(account, TEST_PASSWORD, freshIp());
    const create = (i: number) =>
      browser.client.auth.createApiKey.mutate({ name: `Clé ${i}`, password: TEST_PASSWORD });
    const created = [];
    for (let i = 0; i < MAX_ACTIVE_API_KEYS; i++) created.push(await create(i));
    expect(await failure(create(MAX_ACTIVE_API_KEYS))).toMatchObject({
      appCode: 'CONFLICT',
      status: 409,
      message: `Vous avez déjà ${MAX_ACTIVE_API_KEYS} clés d’API actives : révoquez-en une avant d’en créer une autre.`,
    });
    await browser.client.auth.revokeApiKey.mutate({ id: created[0]?.id as string });
    expect(await keyActsAs((await create(MAX_ACTIVE_API_KEYS)).key)).toBe(account.username);
  });
});

describe('trusted browsers', () => {
  it('never trusts a browser token the client chose', async () => {
    const account = await insertAccount(db);
    // The attacker plants a token of its own in the person's browser (a cookie set by a sibling site)...
    const planted = 'p'.repeat(43);
    const victim = system.browser({ ip: freshIp() });
    victim.cookies.set('tp_browser', planted);
    expect(
      (await victim.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD })).status,
    ).toBe('CODE_REQUIRED');
    await victim.client.auth.verifyCode.mutate({ code: await system.lastCode(account.email) });
    // ...the person's browser is trusted under a token of the server's making...
    const issued = victim.cookies.get('tp_browser');
    expect(issued).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued).not.toBe(planted);
    // ...so the planted token, with the password, still meets the code.
    const attacker = system.browser({ ip: freshIp() });
    attacker.cookies.set('tp_browser', planted);
    expect(
      (await attacker.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD })).status,
    ).toBe('CODE_REQUIRED');
    // The person's own browser is trusted.
    await victim.client.auth.signOut.mutate();
    expect(
      (await victim.client.auth.signIn.mutate({ username: account.username, password: TEST_PASSWORD })).status,
    ).toBe('SIGNED_IN');
  });
});

describe('the captcha', () => {
  /** The old question's solver: « Combien font trois plus quatre ? » → 7. */
  const NUMBERS = ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix'];
  const oldTrick = (question: string) => {
    const [, a, b] = /Combien font (\S+) plus (\S+) \?/.exec(question) ?? [];
    return a && b ? String(NUMBERS.indexOf(a) + NUMBERS.indexOf(b)) : undefined;
  };

  it('asks a question that takes reading, answered without regard to case or accents, once', async () => {
    const browser = system.browser({ ip: freshIp() });
    const request = (captcha: { captchaId: string; captchaAnswer: string }) =>
      browser.client.auth.requestPasswordReset.mutate({ username: 'personne.quelconque', ...captcha });
    const refused = { appCode: 'CAPTCHA_FAILED', status: 400 };

    const first = await browser.client.auth.captcha.mutate();
    expect(oldTrick(first.question)).toBeUndefined();
    expect(first.question).not.toMatch(/\d/);
    // No number to compute, and no single word of the sequence will do.
    const sequence = /«\s([^»]+)\s»,/.exec(first.question)?.[1]?.split(' ') ?? [];
    expect(sequence).toHaveLength(6);
    expect(await failure(request({ captchaId: first.id, captchaAnswer: sequence[0] as string }))).toMatchObject(
      refused,
    );
    // One try per captcha: the right answer comes too late.
    expect(
      await failure(request({ captchaId: first.id, captchaAnswer: answerCaptchaQuestion(first.question) })),
    ).toMatchObject(refused);

    const second = await browser.client.auth.captcha.mutate();
    const shouted = answerCaptchaQuestion(second.question).normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
    expect(await request({ captchaId: second.id, captchaAnswer: ` ${shouted} ` })).toEqual({ ok: true });
  });
});
