import { A } from '@solidjs/router';
import { Match, Show, Switch } from 'solid-js';
import { RequireSession } from '../layout/RequireSession';
import { setPageTitle } from '../lib/page-title';
import { HabilitationsTable } from './HabilitationsTable';
import { HOME_TEXTS } from './texts';

const T = HOME_TEXTS;

export function HomePage() {
  setPageTitle(T.title);
  return (
    <RequireSession>
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
            {/* A national administrator grants habilitations herself: no référent to turn to. */}
            <Show
              when={!s().account.nationalAdmin}
              fallback={
                <p class="note">
                  {T.habilitations.adminHelp} <A href="/comptes">{T.habilitations.accounts}</A>.
                </p>
              }
            >
              <p class="note">
                {T.habilitations.help} <A href="/mes-referents">{T.habilitations.referents}</A>.
              </p>
            </Show>
          </section>
        </>
      )}
    </RequireSession>
  );
}
