import { A } from '@solidjs/router';
import { type Accessor, type JSX, Show } from 'solid-js';
import { RequireSession } from '../layout/RequireSession';
import { setPageTitle } from '../lib/page-title';
import type { Session } from '../lib/trpc';
import { ACCOUNTS_TEXTS } from './texts';

const T = ACCOUNTS_TEXTS.reserved;

function ReservedAccess() {
  setPageTitle(T.title);
  return (
    <div class="card narrow">
      <h1>{T.heading}</h1>
      <p>{T.text}</p>
      <p>{T.help}</p>
      <p class="back-link">
        <A href="/mes-referents">{T.myReferents}</A>
      </p>
    </div>
  );
}

/** Account management is for référents and administrators; anyone else is told so (the server refuses anyway). */
export function ReferentsOnly(props: { children: (session: Accessor<Session>) => JSX.Element }) {
  return (
    <RequireSession>
      {(session) => (
        <Show when={session().isReferent} fallback={<ReservedAccess />}>
          {props.children(session)}
        </Show>
      )}
    </RequireSession>
  );
}
