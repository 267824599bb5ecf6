import type { AppRouter } from '@trajectoire/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

let notSignedIn: (() => void) | undefined;

/** Told whenever the server answers that nobody is signed in: the session expired, or ended elsewhere. */
export function onNotSignedIn(listener: () => void): void {
  notSignedIn = listener;
}

interface Answer {
  error?: { data?: { appCode?: string } };
}

/** 401 also answers a wrong password or an expired sign-in: only NOT_SIGNED_IN means the session ended. */
async function endsSession(response: Response): Promise<boolean> {
  if (response.status !== 401 && response.status !== 207) return false;
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  // A batch answers an array (207 when its calls did not all fail alike), a single call an object.
  const answers = (Array.isArray(body) ? body : [body]) as (Answer | null)[];
  return answers.some((answer) => answer?.error?.data?.appCode === 'NOT_SIGNED_IN');
}

/**
 * Every answer passes here, so that a session that ended is noticed whichever call meets it
 * first. Signing out of an ended session is no news.
 */
async function watchSession(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  if (!String(input).includes('auth.signOut') && (await endsSession(response))) notSignedIn?.();
  return response;
}

/** The API on the same origin; the header proves to the server that the call comes from our pages. */
export const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/trpc', headers: { 'x-trajectoire-csrf': '1' }, fetch: watchSession })],
});

export type Session = NonNullable<Awaited<ReturnType<typeof trpc.auth.session.query>>>;
export type Habilitation = Session['habilitations'][number];
export type Challenge = NonNullable<Awaited<ReturnType<typeof trpc.auth.challenge.query>>>;
export type MyAccount = Awaited<ReturnType<typeof trpc.accounts.me.query>>;
export type MyHabilitation = MyAccount['habilitations'][number];
export type EstablishmentReferents = MyAccount['referents'][number];
export type AccountSearchPage = Awaited<ReturnType<typeof trpc.accounts.search.query>>;
export type AccountSummary = AccountSearchPage['accounts'][number];
export type AccountDetail = Awaited<ReturnType<typeof trpc.accounts.get.query>>;
export type Captcha = Awaited<ReturnType<typeof trpc.auth.captcha.mutate>>;
