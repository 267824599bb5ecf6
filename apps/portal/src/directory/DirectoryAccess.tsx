import { type Accessor, type JSX, Show } from 'solid-js';
import { RequireSession } from '../layout/RequireSession';
import { setPageTitle } from '../lib/page-title';
import type { Session } from '../lib/trpc';
import { DIRECTORY_TEXTS } from './texts';

const T = DIRECTORY_TEXTS.reserved;

function Reserved() {
  setPageTitle(T.title);
  return (
    <div class="card narrow">
      <h1>{T.heading}</h1>
      <p>{T.text}</p>
    </div>
  );
}

/** The directory is for référents and administrators; anyone else is told so (the server refuses anyway). */
export function DirectoryAccess(props: { children: (session: Accessor<Session>) => JSX.Element }) {
  return (
    <RequireSession>
      {(session) => (
        <Show when={session().isReferent} fallback={<Reserved />}>
          {props.children(session)}
        </Show>
      )}
    </RequireSession>
  );
}
