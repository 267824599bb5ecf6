import type { AppRouter } from '@trajectoire/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

/** The API on the same origin; the header proves to the server that the call comes from our pages. */
export const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/trpc', headers: { 'x-trajectoire-csrf': '1' } })],
});

export type Session = NonNullable<Awaited<ReturnType<typeof trpc.auth.session.query>>>;
export type Habilitation = Session['habilitations'][number];
