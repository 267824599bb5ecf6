import { A, useLocation } from '@solidjs/router';
import { createEffect, createSignal, on, onCleanup, Show } from 'solid-js';
import type { signOut } from '../lib/session';
import { LAYOUT_TEXTS } from './texts';

const T = LAYOUT_TEXTS;

interface HeaderProps {
  /** The signed-in person, absent when nobody is. */
  user?: { firstName: string; lastName: string; nationalAdmin?: boolean } | undefined;
  /** Référents and administrators manage accounts: they get « Comptes et Habilitations ». */
  isReferent: boolean;
  signOutAction: typeof signOut;
  signingOut: boolean;
  signOutError?: string | undefined;
}

const ADMINISTRATION_PATHS =
  /^\/(mon-compte|mes-referents|comptes|habilitations|etablissements|synchronisation-ror)(\/|$)/;

/**
 * « ADMINISTRATION »: a disclosure (a button showing a list of links), which keyboard and
 * screen-reader users operate like any button; Escape or leaving it closes it.
 */
function AdministrationMenu(props: { isReferent: boolean; isAdmin: boolean }) {
  const [open, setOpen] = createSignal(false);
  const location = useLocation();
  let container: HTMLLIElement | undefined;
  let button: HTMLButtonElement | undefined;

  createEffect(
    on(
      () => location.pathname,
      () => setOpen(false),
      { defer: true },
    ),
  );

  const onDocumentClick = (event: MouseEvent) => {
    if (open() && container && !container.contains(event.target as Node)) setOpen(false);
  };
  document.addEventListener('click', onDocumentClick);
  onCleanup(() => document.removeEventListener('click', onDocumentClick));

  return (
    <li
      ref={container}
      class="menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open()) {
          setOpen(false);
          button?.focus();
        }
      }}
      onFocusOut={(event) => {
        const next = event.relatedTarget as Node | null;
        if (next && container && !container.contains(next)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        class="menu-button"
        classList={{ 'menu-button-current': ADMINISTRATION_PATHS.test(location.pathname) }}
        aria-expanded={open()}
        aria-controls="menu-administration"
        onClick={() => setOpen(!open())}
      >
        {T.administration}
        <span class="menu-caret" aria-hidden="true" />
      </button>
      <ul id="menu-administration" class="menu-list" hidden={!open()}>
        <li>
          <A href="/mon-compte" end>
            {T.myAccount}
          </A>
        </li>
        <li>
          <A href="/mes-referents">{T.myReferents}</A>
        </li>
        <Show when={props.isReferent}>
          <li>
            <A href="/comptes">{T.accounts}</A>
          </li>
          <li>
            <A href="/habilitations/revue">{T.review}</A>
          </li>
          <li>
            <A href="/etablissements">{T.establishments}</A>
          </li>
        </Show>
        <Show when={props.isAdmin}>
          <li>
            <A href="/synchronisation-ror">{T.rorSync}</A>
          </li>
        </Show>
      </ul>
    </li>
  );
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
            <AdministrationMenu isReferent={props.isReferent} isAdmin={props.user?.nationalAdmin ?? false} />
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
