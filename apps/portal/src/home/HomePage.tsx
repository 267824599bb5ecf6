import { Navigate } from '@solidjs/router';
import { Match, Switch } from 'solid-js';
import { setPageTitle } from '../lib/page-title';
import { useSession } from '../lib/session';
import { HabilitationsTable } from './HabilitationsTable';
import { HOME_TEXTS } from './texts';

const T = HOME_TEXTS;

export function HomePage() {
  setPageTitle(T.title);
  const session = useSession();
  return (
    <Switch>
      {/* undefined while loading: only a definite « nobody » sends to the sign-in page. */}
      <Match when={session() === null}>
        <Navigate href="/connexion" />
      </Match>
      <Match when={session()}>
        {(s) => (
          <>
            <h1>{T.greeting(s().account.firstName, s().account.lastName)}</h1>
            <section class="card" aria-labelledby="habilitations-titre">
              <h2 id="habilitations-titre">{T.habilitations.heading}</h2>
              <p class="note">{T.habilitations.intro}</p>
              <Switch>
                <Match when={s().habilitations.length === 0}>
                  <p>{T.habilitations.empty}</p>
                </Match>
                <Match when={s().habilitations.length > 0}>
                  <HabilitationsTable habilitations={s().habilitations} />
                </Match>
              </Switch>
              <p class="note">{T.habilitations.help}</p>
            </section>
          </>
        )}
      </Match>
    </Switch>
  );
}
