import { action } from '@solidjs/router';
import { changeMyContactInput, changeMyPasswordInput, tokenInput, updateMyDetailsInput } from '@trajectoire/domain';
import { attempt, fieldErrorsOf, type Outcome, onField } from '../lib/errors';
import { trpc } from '../lib/trpc';
import { getMyAccount } from './queries';

type Fields = FormData | URLSearchParams;
type Changed = { changed: string[] };

const text = (form: Fields, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/** « Mes coordonnées »: no password needed for these. */
export const updateMyDetails = action(async (form: Fields): Promise<Outcome<Changed>> => {
  const input = {
    data: {
      lastName: text(form, 'lastName'),
      firstName: text(form, 'firstName'),
      phone: text(form, 'phone'),
      profession: text(form, 'profession'),
    },
  };
  // Checked here with the server's own schema; sent as typed, for the server to normalise.
  const parsed = updateMyDetailsInput.safeParse(input);
  if (!parsed.success) return { error: fieldErrorsOf(parsed.error.issues) };
  return attempt(() => trpc.accounts.updateMe.mutate(input));
}, 'update-my-details');

/**
 * E-mail, mobile and code channel, with the password asked again. Only what differs from the
 * account as the server knows it is sent, so that an unchanged mobile keeps its verification.
 */
export const changeMyContact = action(async (form: Fields): Promise<Outcome<Changed>> => {
  const input = {
    password: text(form, 'password'),
    email: text(form, 'email'),
    mobile: text(form, 'mobile'),
    codeChannel: text(form, 'codeChannel') === 'SMS' ? ('SMS' as const) : ('EMAIL' as const),
  };
  const parsed = changeMyContactInput.safeParse(input);
  if (!parsed.success) return { error: fieldErrorsOf(parsed.error.issues) };
  const { password, email, mobile, codeChannel } = parsed.data;
  // Compared with the account as the server last described it (the page's cached copy).
  const current = await attempt(() => getMyAccount());
  if (current.error) return current;
  const { account } = current.done;
  const changes = {
    ...(email !== account.email ? { email: input.email } : {}),
    ...(mobile !== account.mobile ? { mobile: input.mobile } : {}),
    ...(codeChannel !== account.codeChannel ? { codeChannel: input.codeChannel } : {}),
  };
  if (Object.keys(changes).length === 0) return { done: { changed: [] } };
  const outcome = await attempt(() => trpc.accounts.changeMyContact.mutate({ password, ...changes }));
  if (!outcome.error) return outcome;
  let error = onField(outcome.error, ['WRONG_PASSWORD'], 'password');
  error = onField(error, ['EMAIL_IN_USE'], 'email');
  error = onField(error, ['MOBILE_NOT_VERIFIED'], 'codeChannel');
  return { error };
}, 'change-my-contact');

export const changeMyPassword = action(async (form: Fields): Promise<Outcome<true>> => {
  const parsed = changeMyPasswordInput.safeParse({
    currentPassword: text(form, 'currentPassword'),
    newPassword: text(form, 'newPassword'),
    confirmation: text(form, 'confirmation'),
  });
  if (!parsed.success) return { error: fieldErrorsOf(parsed.error.issues) };
  const outcome = await attempt(() => trpc.accounts.changeMyPassword.mutate(parsed.data));
  if (!outcome.error) return { done: true };
  return {
    error: onField(onField(outcome.error, ['WRONG_PASSWORD'], 'currentPassword'), ['WEAK_PASSWORD'], 'newPassword'),
  };
}, 'change-my-password');

/** « Vérifier »: an SMS with a link, to open on the phone. */
export const requestMobileVerification = action(
  () => attempt(() => trpc.accounts.requestMobileVerification.mutate()),
  'request-mobile-verification',
);

/** The link of that SMS, possibly opened without being signed in. */
export const confirmMobile = action(async (token: string): Promise<Outcome<unknown>> => {
  const parsed = tokenInput.safeParse({ token });
  if (!parsed.success) return { error: { message: parsed.error.issues[0]?.message, fieldErrors: {} } };
  return attempt(() => trpc.accounts.confirmMobile.mutate(parsed.data));
}, 'confirm-mobile');

/** The token of a link mailed for an e-mail change, as the page's form posts it. */
function linkToken(form: Fields): Outcome<{ token: string }> {
  const parsed = tokenInput.safeParse({ token: text(form, 'token') });
  if (!parsed.success) return { error: { message: parsed.error.issues[0]?.message, fieldErrors: {} } };
  return { done: parsed.data };
}

/** The link mailed to a new address, confirmed with a button (a mail scanner opening the link confirms nothing). */
export const confirmEmailChange = action(
  async (form: Fields): Promise<Outcome<{ email: string; username: string }>> => {
    const input = linkToken(form);
    if (input.error) return input;
    return attempt(() => trpc.accounts.confirmEmailChange.mutate(input.done));
  },
  'confirm-email-change',
);

/** The link mailed to the current address with the notice of a requested change. */
export const cancelEmailChange = action(async (form: Fields): Promise<Outcome<unknown>> => {
  const input = linkToken(form);
  if (input.error) return input;
  return attempt(() => trpc.accounts.cancelEmailChange.mutate(input.done));
}, 'cancel-email-change');

export const setHabilitationEmails = action(
  (habilitationId: string, receiveEmails: boolean): Promise<Outcome<unknown>> =>
    attempt(() => trpc.accounts.setMyHabilitationEmails.mutate({ habilitationId, receiveEmails })),
  'set-habilitation-emails',
);

export const deleteMyHabilitation = action(
  (habilitationId: string): Promise<Outcome<unknown>> =>
    attempt(() => trpc.accounts.deleteMyHabilitation.mutate({ habilitationId })),
  'delete-my-habilitation',
);
