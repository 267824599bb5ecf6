import { Show } from 'solid-js';
import { LAYOUT_TEXTS } from '../layout/texts';
import type { Outcome } from '../lib/errors';
import { formatPhone } from '../lib/format';
import { onNewResult } from '../lib/submissions';
import type { MyAccount } from '../lib/trpc';
import { useUnsavedChanges } from '../lib/unsaved';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { focusFirstInvalid } from '../ui/focus';
import { TextField } from '../ui/TextField';
import type { updateMyDetails } from './actions';
import { ACCOUNT_TEXTS } from './texts';

const T = ACCOUNT_TEXTS;

interface DetailsFormProps {
  account: MyAccount['account'];
  action: typeof updateMyDetails;
  pending: boolean;
  outcome: Outcome<{ changed: string[] }> | undefined;
}

/** « Mes coordonnées »: name, phone and profession, which need no password to change. */
export function DetailsForm(props: DetailsFormProps) {
  let form: HTMLFormElement | undefined;
  const unsaved = useUnsavedChanges('coordonnees', () => form);
  onNewResult(
    () => props.outcome,
    (outcome) => {
      if (outcome?.done) unsaved.saved();
      focusFirstInvalid(form);
    },
  );
  const errors = () => props.outcome?.error?.fieldErrors ?? {};
  return (
    <section class="card" aria-labelledby="coordonnees-titre">
      <h2 id="coordonnees-titre">{T.details.heading}</h2>
      <p class="note">{T.username(props.account.username)}</p>
      <Show when={unsaved.restored()}>
        <p class="alert alert-warning">{LAYOUT_TEXTS.unsaved.restored}</p>
      </Show>
      <FormAlert>{props.outcome?.error?.message}</FormAlert>
      <FormStatus>
        <Show when={props.outcome?.done}>
          {(done) => (done().changed.length > 0 ? T.details.saved : T.nothingChanged)}
        </Show>
      </FormStatus>
      <form ref={form} action={props.action} method="post" novalidate class="form-grid">
        <TextField
          id="lastName"
          name="lastName"
          label={T.details.lastName}
          autocomplete="family-name"
          maxlength={100}
          value={props.account.lastName}
          error={errors()['data.lastName']}
        />
        <TextField
          id="firstName"
          name="firstName"
          label={T.details.firstName}
          autocomplete="given-name"
          maxlength={100}
          value={props.account.firstName}
          error={errors()['data.firstName']}
        />
        <TextField
          id="phone"
          name="phone"
          type="tel"
          label={T.details.phone}
          hint={T.optional}
          optional
          autocomplete="tel"
          maxlength={30}
          value={props.account.phone ? formatPhone(props.account.phone) : ''}
          error={errors()['data.phone']}
        />
        <TextField
          id="profession"
          name="profession"
          label={T.details.profession}
          hint={T.optional}
          optional
          autocomplete="organization-title"
          maxlength={100}
          value={props.account.profession}
          error={errors()['data.profession']}
        />
        <div class="form-actions form-grid-full">
          <button type="submit" class="button button-primary" disabled={props.pending}>
            {props.pending ? T.saving : T.save}
          </button>
        </div>
      </form>
    </section>
  );
}
