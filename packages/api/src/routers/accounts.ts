import {
  cancelEmailChange,
  changeMyContact,
  changeMyPassword,
  confirmEmailChange,
  confirmMobile,
  createAccount,
  deleteHabilitation,
  findPendingEmail,
  getAccount,
  getMyAccount,
  isEmailInUse,
  requestMobileVerification,
  searchAccounts,
  setHabilitationEmails,
  unblockAccount,
  updateAccount,
  updateMyDetails,
} from '@trajectoire/core';
import {
  accountIdInput,
  accountSearchInput,
  changeMyContactInput,
  changeMyPasswordInput,
  createAccountInput,
  emailInUseInput,
  habilitationEmailsInput,
  habilitationIdInput,
  PASSWORD_POLICY_TEXT,
  parisDate,
  tokenInput,
  updateAccountInput,
  updateMyDetailsInput,
} from '@trajectoire/domain';
import { z } from 'zod';
import { habilitationActionsOutput, habilitationOutput, ok, toHabilitationOutput } from '../outputs';
import { protectedProcedure, publicProcedure, router } from '../trpc';

const changed = z.object({ changed: z.array(z.string()) });

const referentOutput = z.object({
  accountId: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  profile: z.enum(['REFERENT_STRUCTURE', 'REFERENT_UNITE']),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
});

const myAccountOutput = z.object({
  account: z.object({
    id: z.string(),
    username: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    mobile: z.string().nullable(),
    mobileVerified: z.boolean(),
    codeChannel: z.enum(['EMAIL', 'SMS']),
    profession: z.string().nullable(),
    passwordExpiresAt: z.string().nullable(),
  }),
  passwordPolicy: z.array(z.string()),
  habilitations: z.array(habilitationOutput),
  referents: z.array(
    z.object({ establishmentId: z.string(), establishmentName: z.string(), referents: z.array(referentOutput) }),
  ),
});

const accountSummaryOutput = z.object({
  id: z.string(),
  username: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  email: z.string(),
  blocked: z.boolean(),
  manageable: z.boolean(),
  /** The establishments where the account holds habilitations or was created, by name. */
  establishments: z.array(z.string()),
});

const accountDetailOutput = z.object({
  id: z.string(),
  username: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  mobile: z.string().nullable(),
  profession: z.string().nullable(),
  blocked: z.boolean(),
  blockedAt: z.string().nullable(),
  createdAt: z.string(),
  manageable: z.boolean(),
  /** A new e-mail asked for by a référent, waiting for that address to confirm it (shown to those who manage the account). */
  pendingEmail: z.string().nullable(),
  /** Outside the caller's scope: no phones, profession nor habilitations, as in the search. */
  restricted: z.boolean(),
  establishments: z.array(z.string()),
  habilitations: z.array(habilitationOutput.extend({ may: habilitationActionsOutput })),
});

export const accountsRouter = router({
  /** « Mon compte ». */
  me: protectedProcedure.output(myAccountOutput).query(async ({ ctx }) => {
    const mine = await getMyAccount(ctx.deps, ctx.caller.viewer);
    return {
      account: { ...mine.account, passwordExpiresAt: mine.account.passwordExpiresAt?.toISOString() ?? null },
      passwordPolicy: PASSWORD_POLICY_TEXT,
      habilitations: mine.habilitations.map((h) => toHabilitationOutput(h, parisDate(ctx.deps.clock.now()))),
      referents: mine.referents,
    };
  }),

  updateMe: protectedProcedure
    .input(updateMyDetailsInput)
    .output(changed)
    .mutation(({ ctx, input }) => updateMyDetails(ctx.deps, ctx.caller.viewer, input.data, ctx.meta)),

  changeMyContact: protectedProcedure
    .input(changeMyContactInput)
    .output(changed)
    .mutation(({ ctx, input }) => changeMyContact(ctx.deps, ctx.caller.viewer, input, ctx.meta)),

  changeMyPassword: protectedProcedure
    .input(changeMyPasswordInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await changeMyPassword(ctx.deps, ctx.caller.viewer, ctx.caller.sessionId, input, ctx.meta);
      return { ok: true as const };
    }),

  requestMobileVerification: protectedProcedure.output(ok).mutation(async ({ ctx }) => {
    await requestMobileVerification(ctx.deps, ctx.caller.viewer, ctx.meta);
    return { ok: true as const };
  }),

  /** The link sent by SMS, opened on the phone: no session needed, the token is the proof. */
  confirmMobile: publicProcedure
    .input(tokenInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await confirmMobile(ctx.deps, input.token, ctx.meta);
      return { ok: true as const };
    }),

  setMyHabilitationEmails: protectedProcedure
    .input(habilitationEmailsInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setHabilitationEmails(
        ctx.deps,
        ctx.caller.viewer,
        input.habilitationId,
        input.receiveEmails,
        ctx.meta,
        'HOLDER',
      );
      return { ok: true as const };
    }),

  deleteMyHabilitation: protectedProcedure
    .input(habilitationIdInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await deleteHabilitation(ctx.deps, ctx.caller.viewer, input.habilitationId, ctx.meta, 'HOLDER');
      return { ok: true as const };
    }),

  /** « Rechercher un utilisateur » (référents and administrators). */
  search: protectedProcedure
    .input(accountSearchInput)
    .output(z.object({ hasMore: z.boolean(), accounts: z.array(accountSummaryOutput) }))
    .query(({ ctx, input }) => searchAccounts(ctx.deps, ctx.caller.viewer, input)),

  get: protectedProcedure
    .input(accountIdInput)
    .output(accountDetailOutput)
    .query(async ({ ctx, input }) => {
      const account = await getAccount(ctx.deps, ctx.caller.viewer, input.id);
      return {
        ...account,
        blockedAt: account.blockedAt?.toISOString() ?? null,
        createdAt: account.createdAt.toISOString(),
        pendingEmail: account.manageable ? await findPendingEmail(ctx.deps, account.id) : null,
        habilitations: account.habilitations.map((h) => ({
          ...toHabilitationOutput(h, parisDate(ctx.deps.clock.now())),
          may: h.may,
        })),
      };
    }),

  emailInUse: protectedProcedure
    .input(emailInUseInput)
    .output(z.object({ inUse: z.boolean() }))
    .query(async ({ ctx, input }) => ({
      inUse: await isEmailInUse(ctx.deps, ctx.caller.viewer, input.email, input.exceptAccountId),
    })),

  /** « + Créer un utilisateur » then « Créer le compte utilisateur ». */
  create: protectedProcedure
    .input(createAccountInput)
    .output(z.object({ id: z.string(), username: z.string() }))
    .mutation(({ ctx, input }) => createAccount(ctx.deps, ctx.caller.viewer, input.data, ctx.meta, input.place)),

  update: protectedProcedure
    .input(updateAccountInput)
    .output(changed)
    .mutation(({ ctx, input }) => updateAccount(ctx.deps, ctx.caller.viewer, input.id, input.data, ctx.meta)),

  /** The link mailed to a new address: no session needed, the token is the proof. */
  confirmEmailChange: publicProcedure
    .input(tokenInput)
    .output(z.object({ email: z.string(), username: z.string() }))
    .mutation(({ ctx, input }) => confirmEmailChange(ctx.deps, input.token, ctx.meta)),

  /** The link mailed to the current address with the notice of a requested change. */
  cancelEmailChange: publicProcedure
    .input(tokenInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await cancelEmailChange(ctx.deps, input.token, ctx.meta);
      return { ok: true as const };
    }),

  /** The padlock. */
  unblock: protectedProcedure
    .input(accountIdInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await unblockAccount(ctx.deps, ctx.caller.viewer, input.id, ctx.meta);
      return { ok: true as const };
    }),
});
