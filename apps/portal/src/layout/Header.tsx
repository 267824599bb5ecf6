import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import type { signOut } from '../lib/session';
import { LAYOUT_TEXTS } from './texts';

const T = LAYOUT_TEXTS;

interface HeaderProps {
  /** The signed-in person, absent when nobody is. */
  user?: { firstName: string; lastName: string } | undefined;
  signOutAction: typeof signOut;
  signingOut: boolean;
  signOutError?: string | undefined;
}

export function Header(props: HeaderProps) {
  return (
    <header class="site-header">
      <div class="header-bar">
        <A href="/" class="brand" end>
          <span class="brand-name">{T.product}</span>
          <span class="brand-tagline">{T.tagline}</span>
        </A>
        <Show when={props.user}>
          {(user) => (
            <div class="account">
              <p class="account-name">
                <span class="visually-hidden">{T.signedInAs} </span>
                {user().firstName} {user().lastName}
              </p>
              <form action={props.signOutAction} method="post">
                <button type="submit" class="button button-on-dark" disabled={props.signingOut}>
                  {T.signOut}
                </button>
              </form>
            </div>
          )}
        </Show>
      </div>
      <Show when={props.user}>
        <nav class="main-nav" aria-label={T.mainNav}>
          <ul>
            <li>
              <A href="/" end>
                {T.home}
              </A>
            </li>
          </ul>
        </nav>
      </Show>
      <Show when={props.signOutError}>
        <div role="alert" class="alert alert-error header-alert">
          {props.signOutError}
        </div>
      </Show>
    </header>
  );
}
