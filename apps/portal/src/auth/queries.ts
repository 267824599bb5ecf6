import { query } from '@solidjs/router';
import { tokenInput } from '@trajectoire/domain';
import { attempt, type Outcome } from '../lib/errors';
import { trpc } from '../lib/trpc';

/** The sign-in waiting for its code (where it went, whether the SMS failed), or null: the server's word. */
export const getChallenge = query(() => trpc.auth.challenge.query(), 'sign-in-challenge');

export const getPasswordPolicy = query(() => trpc.auth.passwordPolicy.query(), 'password-policy');

/** Whose password a mailed link sets, or why the link cannot be used (unknown, expired, used). */
export const getPasswordLink = query(async (token: string): Promise<Outcome<{ username: string }>> => {
  const parsed = tokenInput.safeParse({ token });
  if (!parsed.success) return { error: { message: parsed.error.issues[0]?.message, fieldErrors: {} } };
  return attempt(() => trpc.auth.passwordLink.query(parsed.data));
}, 'password-link');
