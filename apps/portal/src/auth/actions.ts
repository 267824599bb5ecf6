import { action, redirect } from '@solidjs/router';
import { signInInput, verifyCodeInput } from '@trajectoire/domain';
import { type FormError, fieldErrorsOf, toFormError } from '../lib/errors';
import { getSession } from '../lib/session';
import { trpc } from '../lib/trpc';
import { clearPendingChallenge, type PendingChallenge, savePendingChallenge } from './pending-challenge';
import { AUTH_TEXTS } from './texts';

type Fields = FormData | URLSearchParams;

/** Password step: on to the code page, or straight home when this browser is trusted. */
export const signIn = action(async (form: Fields): Promise<FormError> => {
  const parsed = signInInput.safeParse({ username: form.get('username') ?? '', password: form.get('password') ?? '' });
  if (!parsed.success) return fieldErrorsOf(parsed.error.issues);
  let result: Awaited<ReturnType<typeof trpc.auth.signIn.mutate>>;
  try {
    result = await trpc.auth.signIn.mutate(parsed.data);
  } catch (error) {
    return toFormError(error);
  }
  if (result.status === 'PASSWORD_EXPIRED') return { message: AUTH_TEXTS.login.passwordExpired, fieldErrors: {} };
  if (result.status === 'CODE_REQUIRED') {
    savePendingChallenge(result);
    throw redirect('/connexion/code');
  }
  clearPendingChallenge();
  throw redirect('/', { revalidate: getSession.key });
}, 'sign-in');

export const verifyCode = action(async (form: Fields): Promise<FormError> => {
  const parsed = verifyCodeInput.safeParse({ code: form.get('code') ?? '' });
  if (!parsed.success) return fieldErrorsOf(parsed.error.issues);
  try {
    await trpc.auth.verifyCode.mutate(parsed.data);
  } catch (error) {
    return toFormError(error);
  }
  clearPendingChallenge();
  throw redirect('/', { revalidate: getSession.key });
}, 'verify-code');

export type ResendResult = { sent: PendingChallenge; error?: undefined } | { sent?: undefined; error: FormError };

export const resendCode = action(async (): Promise<ResendResult> => {
  try {
    const sent = await trpc.auth.resendCode.mutate();
    savePendingChallenge(sent);
    return { sent };
  } catch (error) {
    return { error: toFormError(error) };
  }
}, 'resend-code');
