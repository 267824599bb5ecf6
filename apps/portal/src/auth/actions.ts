import { action, redirect } from '@solidjs/router';
import {
  forgotPasswordInput,
  newPasswordFields,
  resetPasswordInput,
  signInInput,
  verifyCodeInput,
} from '@trajectoire/domain';
import { attempt, type FormError, fieldErrorsOf, type Outcome, onField, toFormError } from '../lib/errors';
import { afterSignIn, withReturn } from '../lib/session';
import { type Challenge, trpc } from '../lib/trpc';
import { getChallenge } from './queries';

type Fields = FormData | URLSearchParams;

// Once signed in, every cached answer is read again (a redirect without `revalidate` does so):
// answers cached before, refused for want of a session or someone else's, are no longer true.

/** Password step: on to the code page, to the forced change of an expired password, or straight on when this browser is trusted. */
export const signIn = action(async (form: Fields): Promise<FormError> => {
  const parsed = signInInput.safeParse({ username: form.get('username') ?? '', password: form.get('password') ?? '' });
  if (!parsed.success) return fieldErrorsOf(parsed.error.issues);
  let result: Awaited<ReturnType<typeof trpc.auth.signIn.mutate>>;
  try {
    result = await trpc.auth.signIn.mutate(parsed.data);
  } catch (error) {
    return toFormError(error);
  }
  // The page asked for before the sign-in (`retour`) travels along its steps.
  const back = form.get('retour');
  if (result.status === 'PASSWORD_EXPIRED') throw redirect(withReturn('/connexion/mot-de-passe-expire', back));
  if (result.status === 'CODE_REQUIRED') {
    throw redirect(withReturn('/connexion/code', back), { revalidate: getChallenge.key });
  }
  throw redirect(afterSignIn(form));
}, 'sign-in');

/** The new password replaces the expired one; then the sign-in goes on as after a good password. */
export const changeExpiredPassword = action(async (form: Fields): Promise<FormError> => {
  const parsed = newPasswordFields.safeParse({
    newPassword: form.get('newPassword') ?? '',
    confirmation: form.get('confirmation') ?? '',
  });
  if (!parsed.success) return fieldErrorsOf(parsed.error.issues);
  let result: Awaited<ReturnType<typeof trpc.auth.changeExpiredPassword.mutate>>;
  try {
    result = await trpc.auth.changeExpiredPassword.mutate(parsed.data);
  } catch (error) {
    return onField(toFormError(error), ['WEAK_PASSWORD'], 'newPassword');
  }
  if (result.status === 'CODE_REQUIRED') {
    throw redirect(withReturn('/connexion/code', form.get('retour')), { revalidate: getChallenge.key });
  }
  throw redirect(afterSignIn(form));
}, 'change-expired-password');

export const verifyCode = action(async (form: Fields): Promise<FormError> => {
  const parsed = verifyCodeInput.safeParse({ code: form.get('code') ?? '' });
  if (!parsed.success) return fieldErrorsOf(parsed.error.issues);
  try {
    await trpc.auth.verifyCode.mutate(parsed.data);
  } catch (error) {
    return toFormError(error);
  }
  throw redirect(afterSignIn(form));
}, 'verify-code');

export type ResendResult =
  | { sent: Omit<Challenge, 'deliveryFailed'>; error?: undefined }
  | { sent?: undefined; error: FormError };

/** A new code for the same sign-in; `toEmail` when the SMS could not be delivered. */
export const resendCode = action(async (form: Fields): Promise<ResendResult> => {
  const toEmail = form.get('toEmail') === 'true';
  try {
    return { sent: await trpc.auth.resendCode.mutate(toEmail ? { toEmail } : undefined) };
  } catch (error) {
    return { error: toFormError(error) };
  }
}, 'resend-code');

/** « Code de sécurité » of the forgotten-password form: each one allows a single try. */
export const newCaptcha = action(() => attempt(() => trpc.auth.captcha.mutate()), 'new-captcha');

export const requestPasswordReset = action(async (form: Fields): Promise<Outcome<true>> => {
  const parsed = forgotPasswordInput.safeParse({
    username: form.get('username') ?? '',
    captchaId: form.get('captchaId') ?? '',
    captchaAnswer: form.get('captchaAnswer') ?? '',
  });
  if (!parsed.success) return { error: fieldErrorsOf(parsed.error.issues) };
  const outcome = await attempt(() => trpc.auth.requestPasswordReset.mutate(parsed.data));
  if (outcome.error) return { error: onField(outcome.error, ['CAPTCHA_FAILED'], 'captchaAnswer') };
  return { done: true };
}, 'request-password-reset');

/** The new password from a mailed link (forgotten password, or a new account's first one). */
export const resetPassword = action(async (form: Fields): Promise<Outcome<{ username: string }>> => {
  const parsed = resetPasswordInput.safeParse({
    token: form.get('token') ?? '',
    newPassword: form.get('newPassword') ?? '',
    confirmation: form.get('confirmation') ?? '',
  });
  if (!parsed.success) return { error: fieldErrorsOf(parsed.error.issues) };
  const outcome = await attempt(() => trpc.auth.resetPassword.mutate(parsed.data));
  return outcome.error ? { error: onField(outcome.error, ['WEAK_PASSWORD'], 'newPassword') } : outcome;
}, 'reset-password');
