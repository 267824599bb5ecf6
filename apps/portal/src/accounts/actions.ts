import { action } from '@solidjs/router';
import { createAccountInput, updateAccountInput } from '@trajectoire/domain';
import { attempt, type FormError, fieldErrorsOf, type Outcome, onField, toFormError } from '../lib/errors';
import { trpc } from '../lib/trpc';
import { placeFromForm } from './PlaceField';

type Fields = FormData | URLSearchParams;

function accountData(form: Fields) {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  return {
    lastName: text('lastName'),
    firstName: text('firstName'),
    email: text('email'),
    phone: text('phone'),
    mobile: text('mobile'),
    profession: text('profession'),
  };
}

export type CreateOutcome =
  | { created: { id: string; username: string; email: string }; emailInUse?: undefined; error?: undefined }
  | { emailInUse: string; created?: undefined; error?: undefined }
  | { error: FormError; created?: undefined; emailInUse?: undefined };

/**
 * « Créer le compte utilisateur ». An e-mail already used by an active account is first pointed
 * out; once the référent has seen that warning (`acknowledgedEmail`), the same address goes to
 * the server, which refuses it and says how to find that account.
 */
export const createAccount = action(async (form: Fields): Promise<CreateOutcome> => {
  const place = placeFromForm(form.get('place'));
  const input = { data: accountData(form), ...(place ? { place } : {}) };
  // Checked here with the server's own schema; sent as typed, for the server to normalise.
  const parsed = createAccountInput.safeParse(input);
  if (!parsed.success) return { error: fieldErrorsOf(parsed.error.issues) };
  const { email } = parsed.data.data;
  const acknowledged = form.get('acknowledgedEmail');
  try {
    if (typeof acknowledged !== 'string' || acknowledged.toLowerCase() !== email.toLowerCase()) {
      const { inUse } = await trpc.accounts.emailInUse.query({ email });
      if (inUse) return { emailInUse: email };
    }
    const created = await trpc.accounts.create.mutate(input);
    return { created: { ...created, email } };
  } catch (error) {
    return { error: toFormError(error) };
  }
}, 'create-account');

export const updateAccount = action(async (form: Fields): Promise<Outcome<{ changed: string[] }>> => {
  const id = form.get('id');
  const input = { id: typeof id === 'string' ? id : '', data: accountData(form) };
  const parsed = updateAccountInput.safeParse(input);
  if (!parsed.success) return { error: fieldErrorsOf(parsed.error.issues) };
  const outcome = await attempt(() => trpc.accounts.update.mutate(input));
  return outcome.error ? { error: onField(outcome.error, ['EMAIL_IN_USE'], 'data.email') } : outcome;
}, 'update-account');

/** The padlock. */
export const unblockAccount = action(
  (id: string): Promise<Outcome<unknown>> => attempt(() => trpc.accounts.unblock.mutate({ id })),
  'unblock-account',
);
