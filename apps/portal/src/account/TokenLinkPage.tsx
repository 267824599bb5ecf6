import { A, type Action, useSearchParams, useSubmission } from '@solidjs/router';
import { type JSX, Show } from 'solid-js';
import type { Outcome } from '../lib/errors';
import { setPageTitle } from '../lib/page-title';
import { useSession } from '../lib/session';
import { useForgetOnLeave } from '../lib/submissions';
import { FormAlert, FormStatus } from '../ui/FormAlert';

interface TokenLinkTexts {
  title: string;
  heading: string;
  submit: string;
  submitting: string;
  home: string;
  signIn: string;
}

/**
 * A page behind a mailed single-use link (`?jeton=…`), opened signed in or not: the token is the
 * proof. It acts only on a click, so that a mail scanner opening the link changes nothing.
 */
export function TokenLinkPage<Result>(props: {
  texts: TokenLinkTexts;
  action: Action<[FormData], Outcome<Result>>;
  /** What the page says before the click. */
  intro: JSX.Element;
  /** What it says once done. */
  done: (result: Result) => JSX.Element;
}) {
  setPageTitle(props.texts.title);
  const [params] = useSearchParams();
  const session = useSession();
  const submission = useSubmission(props.action);
  useForgetOnLeave(props.action);
  const next = () => (session() ? <A href="/">{props.texts.home}</A> : <A href="/connexion">{props.texts.signIn}</A>);

  return (
    <div class="card narrow">
      <h1>{props.texts.heading}</h1>
      <FormAlert>{submission.result?.error?.message}</FormAlert>
      <FormStatus>
        <Show when={submission.result?.done}>{(done) => props.done(done())}</Show>
      </FormStatus>
      <Show when={!submission.result?.done}>
        {props.intro}
        <form action={props.action} method="post">
          <input type="hidden" name="token" value={typeof params.jeton === 'string' ? params.jeton : ''} />
          <button type="submit" class="button button-primary" disabled={submission.pending}>
            {submission.pending ? props.texts.submitting : props.texts.submit}
          </button>
        </form>
      </Show>
      <p class="back-link">{next()}</p>
    </div>
  );
}
