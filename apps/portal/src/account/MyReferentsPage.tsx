import { createAsync } from '@solidjs/router';
import { Show } from 'solid-js';
import { RequireSession } from '../layout/RequireSession';
import { setPageTitle } from '../lib/page-title';
import { MyReferents } from './MyReferents';
import { getMyAccount } from './queries';
import { ACCOUNT_TEXTS } from './texts';

const T = ACCOUNT_TEXTS.referents;

/** ADMINISTRATION → « Mes référents »: the page the habilitation expiry mail links to. */
export function MyReferentsPage() {
  setPageTitle(T.title);
  return <RequireSession>{() => <Referents />}</RequireSession>;
}

function Referents() {
  const me = createAsync(() => getMyAccount());
  return (
    <>
      <h1>{T.heading}</h1>
      <p class="lead">{T.intro}</p>
      <Show when={me()}>{(m) => <MyReferents habilitations={m().habilitations} groups={m().referents} />}</Show>
    </>
  );
}
