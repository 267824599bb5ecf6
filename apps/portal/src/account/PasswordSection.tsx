import { createSignal, Show } from 'solid-js';
import type { Outcome } from '../lib/errors';
import { formatDate } from '../lib/format';
import { onNewResult } from '../lib/submissions';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { focusFirstInvalid } from '../ui/focus';
import { PasswordPolicy } from '../ui/PasswordPolicy';
import { TextField } from '../ui/TextField';
import type { changeMyPassword } from './actions';
import { ACCOUNT_TEXTS } from './texts';

const T = ACCOUNT_TEXTS.password;

interface PasswordSectionProps {
  username: string;
  expiresAt: string | null;
  policy: readonly string[];
  action: typeof changeMyPassword;
  pending: boolean;
  outcome: Outcome<true> | undefined;
  /** A new attempt starts clean: the previous answer is forgotten. */
  onReset: () => void;
}

/** « Mot de passe »: the expiry date, and behind « Modifier » the policy then the form. */
export function PasswordSection(props: PasswordSectionProps) {
  const [open, setOpen] = createSignal(false);
  let form: HTMLFormElement | undefined;
  let toggle: HTMLButtonElement | undefined;
  onNewResult(
    () => props.outcome,
    (outcome) => {
      if (outcome?.done) {
        setOpen(false);
        toggle?.focus();
      } else {
        focusFirstInvalid(form);
      }
    },
  );
  const errors = () => props.outcome?.error?.fieldErrors ?? {};

  return (
    <section class="card" aria-labelledby="mot-de-passe-titre">
      <h2 id="mot-de-passe-titre">{T.heading}</h2>
      <p>{props.expiresAt ? T.expiresAt(formatDate(props.expiresAt)) : T.neverSet}</p>
      <FormStatus>{props.outcome?.done ? T.saved : undefined}</FormStatus>
      <button
        ref={toggle}
        type="button"
        class="button button-secondary"
        aria-expanded={open()}
        aria-controls="modifier-mot-de-passe"
        onClick={() => {
          props.onReset();
          setOpen(!open());
        }}
      >
        {T.change}
      </button>
      <div id="modifier-mot-de-passe" class="disclosure-panel" hidden={!open()}>
        <Show when={open()}>
          <PasswordPolicy id="politique-mot-de-passe" intro={T.policyIntro} rules={props.policy} />
          <FormAlert>{props.outcome?.error?.message}</FormAlert>
          <form ref={form} action={props.action} method="post" novalidate>
            <input type="text" name="username" value={props.username} autocomplete="username" hidden readonly />
            <TextField
              id="currentPassword"
              name="currentPassword"
              type="password"
              label={T.current}
              autocomplete="current-password"
              maxlength={256}
              error={errors().currentPassword}
            />
            <TextField
              id="newPassword"
              name="newPassword"
              type="password"
              label={T.newPassword}
              autocomplete="new-password"
              maxlength={256}
              error={errors().newPassword}
            />
            <TextField
              id="confirmation"
              name="confirmation"
              type="password"
              label={T.confirmation}
              autocomplete="new-password"
              maxlength={256}
              error={errors().confirmation}
            />
            <div class="form-actions">
              <button type="submit" class="button button-primary" disabled={props.pending}>
                {props.pending ? T.submitting : T.submit}
              </button>
              <button
                type="button"
                class="button button-secondary"
                onClick={() => {
                  setOpen(false);
                  toggle?.focus();
                }}
              >
                {T.cancel}
              </button>
            </div>
          </form>
        </Show>
      </div>
    </section>
  );
}
