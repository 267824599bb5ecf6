import { A } from '@solidjs/router';
import { setPageTitle } from '../lib/page-title';
import { AUTH_TEXTS } from './texts';

const T = AUTH_TEXTS.forgotPassword;

export function ForgotPasswordPage() {
  setPageTitle(T.title);
  return (
    <div class="card narrow">
      <h1>{T.heading}</h1>
      <p>{T.coming}</p>
      <p>{T.meanwhile}</p>
      <p class="back-link">
        <A href="/connexion">{T.back}</A>
      </p>
    </div>
  );
}
