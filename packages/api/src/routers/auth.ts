import {
  changeExpiredPassword,
  continueAfterPassword,
  createApiKey,
  createCaptcha,
  describeChallenge,
  describePasswordLink,
  listApiKeys,
  requestPasswordReset,
  resendSignInCode,
  resetPasswordWithLink,
  revokeApiKey,
  signInWithPassword,
  signOut,
  verifySignInCode,
} from '@trajectoire/core';
import {
  createApiKeyInput,
  forgotPasswordInput,
  newPasswordFields,
  PASSWORD_POLICY_TEXT,
  parisDate,
  resetPasswordInput,
  revokeApiKeyInput,
  SIGN_IN_RULES,
  signInInput,
  tokenInput,
  verifyCodeInput,
} from '@trajectoire/domain';
import { z } from 'zod';
import { type ApiContext, COOKIES } from '../context';
import { habilitationOutput, ok, toHabilitationOutput } from '../outputs';
import { forbidden, protectedProcedure, publicProcedure, router } from '../trpc';

const codeRequired = z.object({
  status: z.literal('CODE_REQUIRED'),
  channel: z.enum(['EMAIL', 'SMS']),
  maskedDestination: z.string(),
  expiresAt: z.string(),
  resendAvailableAt: z.string(),
});
const signedIn = z.object({ status: z.literal('SIGNED_IN') });
const passwordExpired = z.object({ status: z.literal('PASSWORD_EXPIRED') });

type StepResult = Awaited<ReturnType<typeof continueAfterPassword>>;

/** Turns the next sign-in step into cookies and the portal's answer. */
function nextStep(ctx: ApiContext, result: StepResult) {
  if (result.status === 'SIGNED_IN') {
    ctx.cookies.clear(COOKIES.challenge);
    ctx.cookies.set(COOKIES.session, result.sessionToken);
    return { status: 'SIGNED_IN' as const };
  }
  ctx.cookies.set(COOKIES.challenge, result.challengeToken, {
    maxAgeSeconds: (2 * SIGN_IN_RULES.codeLifetimeMs) / 1000,
  });
  return {
    status: 'CODE_REQUIRED' as const,
    channel: result.channel,
    maskedDestination: result.maskedDestination,
    expiresAt: result.expiresAt.toISOString(),
    resendAvailableAt: result.resendAvailableAt.toISOString(),
  };
}

const sessionOutput = z
  .object({
    account: z.object({
      id: z.string(),
      username: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      email: z.string(),
      nationalAdmin: z.boolean(),
    }),
    isReferent: z.boolean(),
    habilitations: z.array(habilitationOutput),
  })
  .nullable();

const apiKeyOutput = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const authRouter = router({
  signIn: publicProcedure
    .input(signInInput)
    .output(z.discriminatedUnion('status', [codeRequired, signedIn, passwordExpired]))
    .mutation(async ({ ctx, input }) => {
      const result = await signInWithPassword(ctx.deps, input, ctx.meta, ctx.cookies.get(COOKIES.browser));
      if (result.status === 'PASSWORD_EXPIRED') {
        ctx.cookies.set(COOKIES.passwordChange, result.passwordChangeToken, { maxAgeSeconds: 15 * 60 });
        return { status: 'PASSWORD_EXPIRED' as const };
      }
      return nextStep(ctx, result);
    }),

  /** An expired password is replaced before anything else; then the sign-in goes on. */
  changeExpiredPassword: publicProcedure
    .input(newPasswordFields)
    .output(z.discriminatedUnion('status', [codeRequired, signedIn]))
    .mutation(async ({ ctx, input }) => {
      const { accountId } = await changeExpiredPassword(
        ctx.deps,
        ctx.cookies.get(COOKIES.passwordChange),
        input,
        ctx.meta,
      );
      ctx.cookies.clear(COOKIES.passwordChange);
      return nextStep(
        ctx,
        await continueAfterPassword(ctx.deps, accountId, ctx.meta, ctx.cookies.get(COOKIES.browser)),
      );
    }),

  /** Where the pending code went and whether its delivery failed (then e-mail is offered). */
  challenge: publicProcedure
    .output(
      z
        .object({
          channel: z.enum(['EMAIL', 'SMS']),
          maskedDestination: z.string(),
          deliveryFailed: z.boolean(),
          expiresAt: z.string(),
          resendAvailableAt: z.string(),
        })
        .nullable(),
    )
    .query(async ({ ctx }) => {
      const found = await describeChallenge(ctx.deps, ctx.cookies.get(COOKIES.challenge));
      return (
        found && {
          ...found,
          expiresAt: found.expiresAt.toISOString(),
          resendAvailableAt: found.resendAvailableAt.toISOString(),
        }
      );
    }),

  passwordPolicy: publicProcedure.output(z.array(z.string())).query(() => PASSWORD_POLICY_TEXT),

  /** « Mot de passe oublié ? »: the captcha (« code de sécurité ») with its text alternative. */
  captcha: publicProcedure
    .output(z.object({ id: z.string(), imageDataUrl: z.string(), question: z.string() }))
    .mutation(({ ctx }) => createCaptcha(ctx.deps, ctx.meta)),

  /** Always the same answer, whether the account exists or not. */
  requestPasswordReset: publicProcedure
    .input(forgotPasswordInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await requestPasswordReset(ctx.deps, input, ctx.meta);
      return { ok: true as const };
    }),

  passwordLink: publicProcedure
    .input(tokenInput)
    .output(z.object({ username: z.string() }))
    .query(({ ctx, input }) => describePasswordLink(ctx.deps, input.token)),

  /** « Nouveau mot de passe » from the mailed link; the next sign-in still asks for the code. */
  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .output(z.object({ username: z.string() }))
    .mutation(({ ctx, input }) => resetPasswordWithLink(ctx.deps, input, ctx.meta)),

  verifyCode: publicProcedure
    .input(verifyCodeInput)
    .output(signedIn)
    .mutation(async ({ ctx, input }) => {
      const result = await verifySignInCode(ctx.deps, ctx.cookies.get(COOKIES.challenge), input.code, ctx.meta);
      ctx.cookies.clear(COOKIES.challenge);
      ctx.cookies.set(COOKIES.session, result.sessionToken);
      ctx.cookies.set(COOKIES.browser, result.browserToken, { maxAgeSeconds: 400 * 24 * 3600 });
      return { status: 'SIGNED_IN' as const };
    }),

  resendCode: publicProcedure
    .input(z.object({ toEmail: z.boolean().optional() }).optional())
    .output(
      z.object({
        expiresAt: z.string(),
        resendAvailableAt: z.string(),
        channel: z.enum(['EMAIL', 'SMS']),
        maskedDestination: z.string(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await resendSignInCode(ctx.deps, ctx.cookies.get(COOKIES.challenge), {
        toEmail: input?.toEmail ?? false,
      });
      return {
        ...result,
        expiresAt: result.expiresAt.toISOString(),
        resendAvailableAt: result.resendAvailableAt.toISOString(),
      };
    }),

  signOut: protectedProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    if (ctx.caller.sessionId) await signOut(ctx.deps, ctx.caller.sessionId, ctx.meta);
    ctx.cookies.clear(COOKIES.session);
    return { ok: true as const };
  }),

  /** The signed-in account and its habilitations, or null when nobody is signed in. */
  session: publicProcedure.output(sessionOutput).query(({ ctx }) => {
    if (!ctx.caller) return null;
    const { account, habilitations, authorization } = ctx.caller.viewer;
    return {
      account: {
        id: account.id,
        username: account.username,
        firstName: account.firstName,
        lastName: account.lastName,
        email: account.email,
        nationalAdmin: account.nationalAdmin,
      },
      isReferent: authorization.isReferent,
      habilitations: habilitations.map((h) => toHabilitationOutput(h, parisDate(ctx.deps.clock.now()))),
    };
  }),

  createApiKey: protectedProcedure
    .input(createApiKeyInput)
    .output(z.object({ id: z.string(), key: z.string() }))
    .mutation(async ({ ctx, input }) => {
      // A key must not mint keys: only a person signed in through the portal may.
      if (!ctx.caller.sessionId) forbidden('Une clé d’API ne peut pas créer d’autres clés.');
      return createApiKey(ctx.deps, ctx.caller.viewer.account.id, input, ctx.meta);
    }),

  listApiKeys: protectedProcedure.output(z.array(apiKeyOutput)).query(async ({ ctx }) => {
    const keys = await listApiKeys(ctx.deps, ctx.caller.viewer.account.id);
    return keys.map((k) => ({
      id: k.id,
      name: k.name,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
    }));
  }),

  revokeApiKey: protectedProcedure
    .input(revokeApiKeyInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await revokeApiKey(ctx.deps, ctx.caller.viewer.account.id, input.id);
      return { ok: true as const };
    }),
});
