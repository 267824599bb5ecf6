import { A, useSearchParams, useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { setPageTitle } from '../lib/page-title';
import { useSession } from '../lib/session';
import { useForgetOnLeave } from '../lib/submissions';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { confirmEmailChange } from './actions';
import { ACCOUNT_TEXTS } from './texts';

const T = ACCOUNT_TEXTS.confirmEmail;

/** The link mailed to a new address, opened signed in or not: the token is the proof. */
export function ConfirmEmailPage() {
  setPageTitle(T.title);
  const [params] = useSearchParams();
  const session = useSession();
  const submission = useSubmission(confirmEmailChange);
  useForgetOnLeave(confirmEmailChange);
  const next = () => (session() ? <A href="/">{T.home}</A> : <A href="/connexion">{T.signIn}</A>);

  return (
    <div class="card narrow">
      <h1>{T.heading}</h1>
      <FormAlert>{submission.result?.error?.message}</FormAlert>
      <FormStatus>
        <Show when={submission.result?.done}>
          {(done) => (
            <>
              <p>{T.done(done().email)}</p>
              <p>{T.doneHelp(done().username)}</p>
            </>
          )}
        </Show>
      </FormStatus>
      <Show when={!submission.result?.done}>
        <p>{T.intro}</p>
        <p class="note">{T.notMine}</p>
        <form action={confirmEmailChange} method="post">
          <input type="hidden" name="token" value={typeof params.jeton === 'string' ? params.jeton : ''} />
          <button type="submit" class="button button-primary" disabled={submission.pending}>
            {submission.pending ? T.confirming : T.confirm}
          </button>
        </form>
      </Show>
      <p class="back-link">{next()}</p>
    </div>
  );
}
