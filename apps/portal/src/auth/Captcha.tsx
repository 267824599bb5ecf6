import { createSignal, Show } from 'solid-js';
import type { Captcha as CaptchaData } from '../lib/trpc';
import { TextField } from '../ui/TextField';
import { AUTH_TEXTS } from './texts';

const T = AUTH_TEXTS.forgotPassword;

interface CaptchaProps {
  captcha: CaptchaData | undefined;
  loading: boolean;
  error?: string | undefined;
  onRegenerate: () => void;
  answerRef?: (element: HTMLInputElement) => void;
}

/**
 * The « code de sécurité »: an image to copy, and for whoever cannot see it, a question (two
 * words to copy out of a short sequence) answered in the same field.
 */
export function Captcha(props: CaptchaProps) {
  const [textAlternative, setTextAlternative] = createSignal(false);
  return (
    <div class="captcha">
      <input type="hidden" name="captchaId" value={props.captcha?.id ?? ''} />
      <div class="captcha-image" aria-busy={props.loading}>
        <Show when={props.captcha} fallback={<p class="note">{T.captchaLoading}</p>}>
          {(captcha) => <img src={captcha().imageDataUrl} alt={T.captchaImage} width="180" height="60" />}
        </Show>
      </div>
      <div class="captcha-actions">
        <button type="button" class="button button-secondary" disabled={props.loading} onClick={props.onRegenerate}>
          {T.regenerate}
        </button>
        <button
          type="button"
          class="button button-link"
          aria-expanded={textAlternative()}
          aria-controls="captcha-question"
          onClick={() => setTextAlternative(!textAlternative())}
        >
          {T.cannotRead}
        </button>
      </div>
      <p id="captcha-question" class="captcha-question" hidden={!textAlternative()}>
        {props.captcha?.question}
      </p>
      <TextField
        ref={props.answerRef}
        id="captchaAnswer"
        name="captchaAnswer"
        label={T.captchaAnswer}
        hint={T.captchaHint}
        describedBy={textAlternative() ? 'captcha-question' : undefined}
        autocomplete="off"
        maxlength={20}
        error={props.error}
      />
    </div>
  );
}
