import { A, useSearchParams, useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { setPageTitle } from '../lib/page-title';
import { useSession } from '../lib/session';
import { useForgetOnLeave } from '../lib/submissions';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { cancelEmailChange } from './actions';
import { ACCOUNT_TEXTS } from './texts';

const T = ACCOUNT_TEXTS.cancelEmailChange;

/** The link mailed to the current address when someone else asked to replace it. */
export function CancelEmailChangePage() {
  setPageTitle(T.title);
  const [params] = useSearchParams();
  const session = useSession();
  const submission = useSubmission(cancelEmailChange);
  useForgetOnLeave(cancelEmailChange);
  const next = () => (session() ? <A href="/">{T.home}</A> : <A href="/connexion">{T.signIn}</A>);

  return (
    <div class="card narrow">
      <h1>{T.heading}</h1>
      <FormAlert>{submission.result?.error?.message}</FormAlert>
      <FormStatus>
        <Show when={submission.result?.done}>
          <p>{T.done}</p>
          <p>{T.doneHelp}</p>
        </Show>
      </FormStatus>
      <Show when={!submission.result?.done}>
        <p>{T.intro}</p>
        <form action={cancelEmailChange} method="post">
          <input type="hidden" name="token" value={typeof params.jeton === 'string' ? params.jeton : ''} />
          <button type="submit" class="button button-primary" disabled={submission.pending}>
            {submission.pending ? T.cancelling : T.cancel}
          </button>
        </form>
      </Show>
      <p class="back-link">{next()}</p>
    </div>
  );
}
