import { action, createAsync, query, redirect } from '@solidjs/router';
import { type FormError, toFormError } from './errors';
import { trpc } from './trpc';

/** Who is signed in, or null; shared by every reader through the router's query cache. */
export const getSession = query(() => trpc.auth.session.query(), 'session');

/**
 * The session as an async accessor: undefined while loading, then the session or null.
 * Each caller gets its own resource over the shared cache, so a page that mounts after a
 * revalidation reads the fresh answer, not the one an older reader still holds.
 */
export function useSession() {
  return createAsync(() => getSession());
}

export const signOut = action(async (): Promise<FormError> => {
  try {
    await trpc.auth.signOut.mutate();
  } catch (error) {
    const failure = toFormError(error);
    // A session that already expired is signed out all the same.
    if (failure.appCode !== 'NOT_SIGNED_IN') return failure;
  }
  throw redirect('/connexion', { revalidate: getSession.key });
}, 'sign-out');
