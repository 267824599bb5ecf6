import { A, createAsync, Navigate, revalidate, useSearchParams, useSubmission } from '@solidjs/router';
import { createMemo, createSignal, Match, onCleanup, Show, Switch } from 'solid-js';
import type { AppCode } from '../lib/errors';
import { formatTime } from '../lib/format';
import { setPageTitle } from '../lib/page-title';
import { returnPath, withReturn } from '../lib/session';
import { onNewResult } from '../lib/submissions';
import type { Challenge } from '../lib/trpc';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { focusFirstInvalid } from '../ui/focus';
import { TextField } from '../ui/TextField';
import { resendCode, verifyCode } from './actions';
import { getChallenge } from './queries';
import { AUTH_TEXTS } from './texts';

const T = AUTH_TEXTS.code;

/** After these, this challenge is over: the only way on is to sign in again. */
const DEAD_END: readonly AppCode[] = [
  'CHALLENGE_NOT_FOUND',
  'CODE_TOO_MANY_ATTEMPTS',
  'CODE_ALREADY_USED',
  'RESEND_LIMIT',
];

/** Often enough to offer e-mail soon after an SMS fails, rarely enough to cost nothing. */
const POLL_MS = 5_000;

export function CodePage() {
  setPageTitle(T.title);
  const challenge = createAsync(() => getChallenge());
  const timer = setInterval(() => void revalidate(getChallenge.key), POLL_MS);
  onCleanup(() => clearInterval(timer));
  // The last challenge seen: if it disappears (expired cookie), the page explains rather than vanishes.
  const known = createMemo<Challenge | undefined>((previous) => challenge() ?? previous);
  // The page asked for before the sign-in: where a validated code leads.
  const [params] = useSearchParams();
  const back = () => returnPath(params.retour);

  return (
    <Switch>
      <Match when={known()}>{(c) => <CodeForm challenge={c()} gone={challenge() === null} back={back()} />}</Match>
      <Match when={challenge() === null}>
        <Navigate href={withReturn('/connexion', back())} />
      </Match>
    </Switch>
  );
}

function CodeForm(props: { challenge: Challenge; gone: boolean; back: string | undefined }) {
  const verification = useSubmission(verifyCode);
  const resend = useSubmission(resendCode);
  onCleanup(() => {
    verification.clear();
    resend.clear();
  });

  // Only the latest answer is shown: a new attempt makes the previous message obsolete.
  const [latest, setLatest] = createSignal<'verify' | 'resend' | null>(null);
  const error = () => (latest() === 'resend' ? resend.result?.error : verification.result);
  const deadEnd = () => {
    const code = error()?.appCode;
    return props.gone || (code !== undefined && DEAD_END.includes(code));
  };
  const smsFailed = () => props.challenge.channel === 'SMS' && props.challenge.deliveryFailed;

  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));
  const secondsBeforeResend = createMemo(() =>
    Math.max(0, Math.ceil((Date.parse(props.challenge.resendAvailableAt) - now()) / 1000)),
  );

  let form: HTMLFormElement | undefined;
  onNewResult(
    () => verification.result,
    () => focusFirstInvalid(form),
  );

  return (
    <div class="card narrow">
      <h1>{T.heading}</h1>
      <p class="lead">{T.sentTo(props.challenge.channel, props.challenge.maskedDestination)}</p>
      <p>{T.validUntil(formatTime(props.challenge.expiresAt))}</p>

      <FormAlert>
        <Switch>
          <Match when={props.gone}>
            <p>{T.expired}</p>
          </Match>
          <Match when={error()?.message}>
            <p>{error()?.message}</p>
          </Match>
          <Match when={smsFailed()}>
            <p>{T.smsFailed}</p>
          </Match>
        </Switch>
        <Show when={deadEnd()}>
          <p>
            <A href={withReturn('/connexion', props.back)}>{T.restart}</A>
          </p>
        </Show>
      </FormAlert>
      <FormStatus>
        <Show when={latest() === 'resend' && resend.result?.sent}>
          {(sent) => T.resent(sent().channel, sent().maskedDestination)}
        </Show>
      </FormStatus>

      <Show when={smsFailed() && !deadEnd()}>
        <form action={resendCode} method="post" class="sms-failed" onSubmit={() => setLatest('resend')}>
          <input type="hidden" name="toEmail" value="true" />
          <p>{T.smsFailedHelp}</p>
          <button type="submit" class="button button-primary" disabled={resend.pending}>
            {T.toEmail}
          </button>
        </form>
      </Show>

      <Show when={!props.gone}>
        <form ref={form} action={verifyCode} method="post" novalidate onSubmit={() => setLatest('verify')}>
          <Show when={props.back}>{(path) => <input type="hidden" name="retour" value={path()} />}</Show>
          <TextField
            id="code"
            name="code"
            label={T.code}
            hint={T.codeHint}
            autocomplete="one-time-code"
            inputmode="numeric"
            maxlength={6}
            error={latest() === 'verify' ? verification.result?.fieldErrors.code : undefined}
          />
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={verification.pending}>
              {verification.pending ? T.submitting : T.submit}
            </button>
          </div>
        </form>

        <form action={resendCode} method="post" class="resend" onSubmit={() => setLatest('resend')}>
          <p class="note">{T.resendHelp(props.challenge.channel)}</p>
          <button type="submit" class="button button-secondary" disabled={secondsBeforeResend() > 0 || resend.pending}>
            {secondsBeforeResend() > 0 ? T.resendIn(secondsBeforeResend()) : T.resend}
          </button>
        </form>
      </Show>

      <p class="back-link">
        <A href={withReturn('/connexion', props.back)}>{T.restart}</A>
      </p>
    </div>
  );
}
