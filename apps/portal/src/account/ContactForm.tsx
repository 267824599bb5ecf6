import { createMemo, createSignal, Match, Show, Switch } from 'solid-js';
import { LAYOUT_TEXTS } from '../layout/texts';
import type { Outcome } from '../lib/errors';
import { formatPhone } from '../lib/format';
import { onNewResult } from '../lib/submissions';
import type { MyAccount } from '../lib/trpc';
import { useUnsavedChanges } from '../lib/unsaved';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { focusFirstInvalid } from '../ui/focus';
import { TextField } from '../ui/TextField';
import type { changeMyContact } from './actions';
import { ACCOUNT_TEXTS } from './texts';

const T = ACCOUNT_TEXTS.contact;

interface ContactFormProps {
  account: MyAccount['account'];
  action: typeof changeMyContact;
  pending: boolean;
  outcome: Outcome<{ changed: string[] }> | undefined;
  onVerify: () => void;
  verifying: boolean;
  verification: Outcome<unknown> | undefined;
}

/** Where the codes go: e-mail, mobile (verified by an SMS link) and the channel; the password is asked again. */
export function ContactForm(props: ContactFormProps) {
  let form: HTMLFormElement | undefined;
  let password: HTMLInputElement | undefined;
  const unsaved = useUnsavedChanges('contact', () => form);
  onNewResult(
    () => props.outcome,
    (outcome) => {
      if (outcome?.done) unsaved.saved();
      // The password is not kept in the page longer than needed.
      if (outcome?.done && password) password.value = '';
      focusFirstInvalid(form);
    },
  );
  // Only the latest answer is shown: saving, or the verification SMS.
  const [latest, setLatest] = createSignal<'save' | 'verify' | null>(null);
  const outcome = () => (latest() === 'save' ? props.outcome : undefined);
  const verification = () => (latest() === 'verify' ? props.verification : undefined);
  const errors = () => outcome()?.error?.fieldErrors ?? {};
  // As for the fields, only a change on the server moves the selection.
  const channel = createMemo(() => props.account.codeChannel);
  const smsAllowed = () => props.account.mobile !== null && props.account.mobileVerified;
  const savedMobile = () => (props.account.mobile ? formatPhone(props.account.mobile) : '');

  return (
    <section class="card" aria-labelledby="contact-titre">
      <h2 id="contact-titre">{T.heading}</h2>
      <p class="note">{T.intro}</p>
      <Show when={unsaved.restored()}>
        <p class="alert alert-warning">{LAYOUT_TEXTS.unsaved.restored}</p>
      </Show>
      <FormAlert>{outcome()?.error?.message ?? verification()?.error?.message}</FormAlert>
      <FormStatus>
        <Switch>
          <Match when={outcome()?.done}>
            {(done) => (done().changed.length > 0 ? T.saved : ACCOUNT_TEXTS.nothingChanged)}
          </Match>
          <Match when={verification()?.done && props.account.mobile && !props.account.mobileVerified}>
            {T.verificationSent(savedMobile())}
          </Match>
        </Switch>
      </FormStatus>
      <form ref={form} action={props.action} method="post" novalidate onSubmit={() => setLatest('save')}>
        <div class="form-grid">
          <TextField
            id="email"
            name="email"
            type="email"
            label={T.email}
            autocomplete="email"
            maxlength={254}
            value={props.account.email}
            error={errors().email}
          />
          <TextField
            id="mobile"
            name="mobile"
            type="tel"
            label={T.mobile}
            hint={T.mobileHint}
            optional
            autocomplete="tel"
            maxlength={30}
            value={savedMobile()}
            describedBy={props.account.mobile ? 'mobile-etat' : undefined}
            error={errors().mobile}
          >
            <Show when={props.account.mobile}>
              <Show
                when={props.account.mobileVerified}
                fallback={
                  <>
                    <span id="mobile-etat" class="visually-hidden">
                      {T.notVerified}
                    </span>
                    <button
                      type="button"
                      class="button button-secondary"
                      disabled={props.verifying}
                      onClick={() => {
                        setLatest('verify');
                        props.onVerify();
                      }}
                    >
                      {props.verifying ? T.verifying : T.verify}
                    </button>
                  </>
                }
              >
                <span id="mobile-etat" class="badge badge-active">
                  {T.verified}
                </span>
              </Show>
            </Show>
          </TextField>
        </div>

        <fieldset class="radio-group" aria-describedby={smsAllowed() ? undefined : 'canal-aide'}>
          <legend>{T.channel}</legend>
          <Show when={!smsAllowed()}>
            <p id="canal-aide" class="field-hint">
              {T.smsUnavailable}
            </p>
          </Show>
          <Show when={errors().codeChannel}>
            <p class="field-error">{errors().codeChannel}</p>
          </Show>
          <div class="radio">
            <input type="radio" id="canal-email" name="codeChannel" value="EMAIL" checked={channel() === 'EMAIL'} />
            <label for="canal-email">{T.channelEmail}</label>
          </div>
          <div class="radio">
            <input
              type="radio"
              id="canal-sms"
              name="codeChannel"
              value="SMS"
              checked={channel() === 'SMS'}
              disabled={!smsAllowed()}
            />
            <label for="canal-sms">{T.channelSms}</label>
          </div>
        </fieldset>

        <TextField
          ref={(element) => {
            password = element;
          }}
          id="contact-password"
          name="password"
          type="password"
          label={T.password}
          hint={T.passwordHint}
          autocomplete="current-password"
          maxlength={256}
          error={errors().password}
        />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={props.pending}>
            {props.pending ? ACCOUNT_TEXTS.saving : ACCOUNT_TEXTS.save}
          </button>
        </div>
      </form>
    </section>
  );
}
