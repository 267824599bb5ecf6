import { A, Navigate, useSubmission } from '@solidjs/router';
import { createEffect, createMemo, createSignal, on, onCleanup, Show } from 'solid-js';
import type { AppCode } from '../lib/errors';
import { formatTime } from '../lib/format';
import { setPageTitle } from '../lib/page-title';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { focusFirstInvalid } from '../ui/focus';
import { TextField } from '../ui/TextField';
import { resendCode, verifyCode } from './actions';
import { readPendingChallenge } from './pending-challenge';
import { AUTH_TEXTS } from './texts';

const T = AUTH_TEXTS.code;

/** After these, this challenge is over: the only way on is to sign in again. */
const DEAD_END: readonly AppCode[] = [
  'CHALLENGE_NOT_FOUND',
  'CODE_TOO_MANY_ATTEMPTS',
  'CODE_ALREADY_USED',
  'RESEND_LIMIT',
];

export function CodePage() {
  setPageTitle(T.title);
  const initial = readPendingChallenge();
  if (!initial) return <Navigate href="/connexion" />;

  const verification = useSubmission(verifyCode);
  const resend = useSubmission(resendCode);
  onCleanup(() => {
    verification.clear();
    resend.clear();
  });

  const challenge = () => resend.result?.sent ?? initial;
  // Only the latest answer is shown: a new attempt makes the previous message obsolete.
  const [latest, setLatest] = createSignal<'verify' | 'resend' | null>(null);
  const error = () => (latest() === 'resend' ? resend.result?.error : verification.result);
  const deadEnd = () => {
    const code = error()?.appCode;
    return code !== undefined && DEAD_END.includes(code);
  };

  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));
  const secondsBeforeResend = createMemo(() =>
    Math.max(0, Math.ceil((Date.parse(challenge().resendAvailableAt) - now()) / 1000)),
  );

  let form: HTMLFormElement | undefined;
  createEffect(
    on(
      () => verification.result,
      () => focusFirstInvalid(form),
      { defer: true },
    ),
  );

  return (
    <div class="card narrow">
      <h1>{T.heading}</h1>
      <p class="lead">{T.sentTo(challenge().channel, challenge().maskedDestination)}</p>
      <p>{T.validUntil(formatTime(challenge().expiresAt))}</p>

      <FormAlert>
        <Show when={error()?.message}>
          <p>{error()?.message}</p>
          <Show when={deadEnd()}>
            <p>
              <A href="/connexion">{T.restart}</A>
            </p>
          </Show>
        </Show>
      </FormAlert>
      <FormStatus>
        <Show when={latest() === 'resend' && resend.result?.sent}>
          {(sent) => T.resent(sent().channel, sent().maskedDestination)}
        </Show>
      </FormStatus>

      <form ref={form} action={verifyCode} method="post" novalidate onSubmit={() => setLatest('verify')}>
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
        <p class="note">{T.resendHelp}</p>
        <button type="submit" class="button button-secondary" disabled={secondsBeforeResend() > 0 || resend.pending}>
          {secondsBeforeResend() > 0 ? T.resendIn(secondsBeforeResend()) : T.resend}
        </button>
      </form>

      <p class="back-link">
        <A href="/connexion">{T.restart}</A>
      </p>
    </div>
  );
}
