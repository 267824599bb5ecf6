import { A, useAction, useSearchParams, useSubmission } from '@solidjs/router';
import { onMount, Show } from 'solid-js';
import { setPageTitle } from '../lib/page-title';
import { useSession } from '../lib/session';
import { useForgetOnLeave } from '../lib/submissions';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { confirmMobile } from './actions';
import { ACCOUNT_TEXTS } from './texts';

const T = ACCOUNT_TEXTS.verifyMobile;

/** The link of the verification SMS, opened on the phone, signed in or not. */
export function VerifyMobilePage() {
  setPageTitle(T.title);
  const [params] = useSearchParams();
  const session = useSession();
  const confirm = useAction(confirmMobile);
  const submission = useSubmission(confirmMobile);
  onMount(() => void confirm(typeof params.jeton === 'string' ? params.jeton : ''));
  useForgetOnLeave(confirmMobile);

  const next = () => (session() ? <A href="/mon-compte">{T.myAccount}</A> : <A href="/connexion">{T.signIn}</A>);

  return (
    <div class="card narrow">
      <h1>{T.heading}</h1>
      <Show when={!submission.result}>
        <p class="loading">{T.checking}</p>
      </Show>
      <FormAlert>{submission.result?.error?.message}</FormAlert>
      <FormStatus>
        <Show when={submission.result?.done}>
          <p>{T.done}</p>
          <p>{T.doneHelp}</p>
        </Show>
      </FormStatus>
      <p class="back-link">{next()}</p>
    </div>
  );
}
