import { Navigate } from '@solidjs/router';
import { type Accessor, type JSX, Match, Switch } from 'solid-js';
import { useSession } from '../lib/session';
import type { Session } from '../lib/trpc';

/** Renders its children for a signed-in person; anyone else is sent to the sign-in page. */
export function RequireSession(props: { children: (session: Accessor<Session>) => JSX.Element }) {
  const session = useSession();
  return (
    <Switch>
      {/* undefined while loading: only a definite « nobody » sends to the sign-in page. */}
      <Match when={session() === null}>
        <Navigate href="/connexion" />
      </Match>
      <Match when={session()}>{(s) => props.children(s)}</Match>
    </Switch>
  );
}
