import { A, useAction, useSubmission } from '@solidjs/router';
import { onMount, Show } from 'solid-js';
import { setPageTitle } from '../lib/page-title';
import { onNewResult, useForgetOnLeave } from '../lib/submissions';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { focusFirstInvalid } from '../ui/focus';
import { TextField } from '../ui/TextField';
import { newCaptcha, requestPasswordReset } from './actions';
import { Captcha } from './Captcha';
import { AUTH_TEXTS } from './texts';

const T = AUTH_TEXTS.forgotPassword;

export function ForgotPasswordPage() {
  setPageTitle(T.title);
  const loadCaptcha = useAction(newCaptcha);
  const captcha = useSubmission(newCaptcha);
  const request = useSubmission(requestPasswordReset);
  useForgetOnLeave(newCaptcha, requestPasswordReset);
  onMount(() => void loadCaptcha());

  let form: HTMLFormElement | undefined;
  let answer: HTMLInputElement | undefined;
  let confirmation: HTMLDivElement | undefined;
  onNewResult(
    () => request.result,
    (result) => {
      if (result?.done) {
        confirmation?.focus();
        return;
      }
      // Once sent, the captcha is spent whatever went wrong: a new one, and an empty answer.
      // (A refusal before sending, by the form's own checks, has no code and keeps it.)
      if (result?.error && (result.error.appCode || result.error.message)) {
        if (answer) answer.value = '';
        void loadCaptcha();
      }
      focusFirstInvalid(form);
    },
  );
  const errors = () => request.result?.error?.fieldErrors ?? {};

  return (
    <div class="card narrow">
      <h1>{T.heading}</h1>
      <Show
        when={!request.result?.done}
        fallback={
          <div ref={confirmation} tabindex="-1" class="confirmation">
            <FormStatus>
              <p>{T.sent}</p>
            </FormStatus>
            <p>{T.sentHelp}</p>
          </div>
        }
      >
        <p class="lead">{T.intro}</p>
        <FormAlert>{request.result?.error?.message ?? captcha.result?.error?.message}</FormAlert>
        <form ref={form} action={requestPasswordReset} method="post" novalidate>
          <TextField
            id="username"
            name="username"
            label={T.username}
            autocomplete="username"
            error={errors().username}
          />
          <Captcha
            captcha={captcha.result?.done}
            loading={captcha.pending ?? false}
            error={errors().captchaAnswer ?? errors().captchaId}
            onRegenerate={() => void loadCaptcha()}
            answerRef={(element) => {
              answer = element;
            }}
          />
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={request.pending || !captcha.result?.done}>
              {request.pending ? T.submitting : T.submit}
            </button>
          </div>
        </form>
      </Show>
      <p class="back-link">
        <A href="/connexion">{T.back}</A>
      </p>
    </div>
  );
}
