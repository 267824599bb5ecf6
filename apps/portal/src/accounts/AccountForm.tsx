import { type JSX, Show } from 'solid-js';
import { formatPhone } from '../lib/format';
import { TextField } from '../ui/TextField';
import { ACCOUNTS_TEXTS } from './texts';

const T = ACCOUNTS_TEXTS.form;

export interface AccountValues {
  lastName: string;
  firstName: string;
  email: string;
  phone: string | null;
  mobile: string | null;
  profession: string | null;
}

interface AccountFieldsProps {
  values?: AccountValues | undefined;
  errors: Record<string, string>;
  emailRef?: (element: HTMLInputElement) => void;
  /** A new address asked for, that its holder has not confirmed yet. */
  pendingEmail?: string | null | undefined;
}

/**
 * The fields of someone else's account, as a référent types them: no browser autofill, since
 * these are not the référent's own details.
 */
export function AccountFields(props: AccountFieldsProps): JSX.Element {
  return (
    <div class="form-grid">
      <TextField
        id="lastName"
        name="lastName"
        label={T.lastName}
        autocomplete="off"
        maxlength={100}
        value={props.values?.lastName}
        error={props.errors['data.lastName']}
      />
      <TextField
        id="firstName"
        name="firstName"
        label={T.firstName}
        autocomplete="off"
        maxlength={100}
        value={props.values?.firstName}
        error={props.errors['data.firstName']}
      />
      <div class="form-grid-full">
        <TextField
          ref={props.emailRef}
          id="email"
          name="email"
          type="email"
          label={T.email}
          hint={T.emailHint}
          autocomplete="off"
          maxlength={254}
          value={props.values?.email}
          error={props.errors['data.email']}
          describedBy={props.pendingEmail ? 'email-en-attente' : undefined}
        />
        <Show when={props.pendingEmail}>
          {(pending) => (
            <p id="email-en-attente" class="note">
              {T.pendingEmail(pending())}
            </p>
          )}
        </Show>
      </div>
      <TextField
        id="phone"
        name="phone"
        type="tel"
        label={T.phone}
        hint={T.optional}
        optional
        autocomplete="off"
        maxlength={30}
        value={props.values?.phone ? formatPhone(props.values.phone) : ''}
        error={props.errors['data.phone']}
      />
      <TextField
        id="mobile"
        name="mobile"
        type="tel"
        label={T.mobile}
        hint={T.optional}
        optional
        autocomplete="off"
        maxlength={30}
        value={props.values?.mobile ? formatPhone(props.values.mobile) : ''}
        error={props.errors['data.mobile']}
      />
      <div class="form-grid-full">
        <TextField
          id="profession"
          name="profession"
          label={T.profession}
          hint={T.optional}
          optional
          autocomplete="off"
          maxlength={100}
          value={props.values?.profession}
          error={props.errors['data.profession']}
        />
      </div>
    </div>
  );
}
