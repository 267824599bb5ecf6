import { Show } from 'solid-js';
import { PasswordPolicy } from '../ui/PasswordPolicy';
import { TextField } from '../ui/TextField';
import { AUTH_TEXTS } from './texts';

const T = AUTH_TEXTS.password;

interface NewPasswordFieldsProps {
  rules: readonly string[];
  errors: Record<string, string>;
  /** Lets password managers file the new password under the right account. */
  username?: string | undefined;
}

/** The policy first, then the new password twice. */
export function NewPasswordFields(props: NewPasswordFieldsProps) {
  return (
    <>
      <PasswordPolicy id="politique-mot-de-passe" intro={T.policyIntro} rules={props.rules} />
      <Show when={props.username}>
        {(username) => <input type="text" name="username" value={username()} autocomplete="username" hidden readonly />}
      </Show>
      <TextField
        id="newPassword"
        name="newPassword"
        type="password"
        label={T.newPassword}
        autocomplete="new-password"
        maxlength={256}
        error={props.errors.newPassword}
      />
      <TextField
        id="confirmation"
        name="confirmation"
        type="password"
        label={T.confirmation}
        autocomplete="new-password"
        maxlength={256}
        error={props.errors.confirmation}
      />
    </>
  );
}
