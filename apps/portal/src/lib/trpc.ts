import type { AppRouter } from '@trajectoire/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

/** The API on the same origin; the header proves to the server that the call comes from our pages. */
export const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/trpc', headers: { 'x-trajectoire-csrf': '1' } })],
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
