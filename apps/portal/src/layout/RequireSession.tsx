import { Navigate, useLocation } from '@solidjs/router';
import { type Accessor, type JSX, Match, Switch } from 'solid-js';
import { useSession, withReturn } from '../lib/session';
import type { Session } from '../lib/trpc';

/**
 * Renders its children for a signed-in person; anyone else is sent to the sign-in page, which
 * leads back here (a link from a mail survives the sign-in).
 */
export function RequireSession(props: { children: (session: Accessor<Session>) => JSX.Element }) {
  const session = useSession();
  const location = useLocation();
  return (
    <Switch>
      {/* undefined while loading: only a definite « nobody » sends to the sign-in page. */}
      <Match when={session() === null}>
        <Navigate href={withReturn('/connexion', `${location.pathname}${location.search}${location.hash}`)} />
      </Match>
      <Match when={session()}>{(s) => props.children(s)}</Match>
    </Switch>
  );
}
