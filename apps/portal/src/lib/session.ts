import { action, createAsync, query, redirect, revalidate } from '@solidjs/router';
import { createSignal } from 'solid-js';
import { type FormError, toFormError } from './errors';
import { onNotSignedIn, trpc } from './trpc';
import { keepDrafts } from './unsaved';

/** What the sign-in page tells the person it was sent to. */
export type SignInNotice = 'expired' | 'signed-out';

const [notice, setNotice] = createSignal<SignInNotice | null>(null);
/** Why the sign-in page is shown: the session expired, or the person signed out. */
export const signInNotice = notice;

/**
 * Whether this tab has seen someone signed in since the last sign-out: a session that then
 * disappears has expired, or was ended elsewhere (a password changed on another device).
 */
let signedIn = false;

// A new value each time, so that two expiries in a row both lead to the sign-in page.
const [ended, setEnded] = createSignal<number>(0);
/** Changes whenever the session is found ended: the layout then leads to the sign-in page. */
export const sessionEnded = ended;

/** Who is signed in, or null; shared by every reader through the router's query cache. */
export const getSession = query(async () => {
  const session = await trpc.auth.session.query();
  if (session) {
    signedIn = true;
    setNotice(null);
  } else {
    sessionGone();
  }
  return session;
}, 'session');

function sessionGone(): void {
  if (!signedIn) return;
  signedIn = false;
  keepDrafts();
  setNotice('expired');
  setEnded((n) => n + 1);
}

/**
 * The session ended under the page (30 minutes idle, a password changed elsewhere, a
 * revocation): what was being typed is kept for after the sign-in, the sign-in page says why it
 * is shown, and the layout goes there, remembering the page. Whatever does not go through tRPC
 * (a download) calls it when it finds no session.
 */
export function onSessionExpired(): void {
  sessionGone();
  void revalidate(getSession.key);
}

onNotSignedIn(onSessionExpired);

/**
 * The session as an async accessor: undefined while loading, then the session or null.
 * Each caller gets its own resource over the shared cache, so a page that mounts after a
 * revalidation reads the fresh answer, not the one an older reader still holds.
 */
export function useSession() {
  return createAsync(() => getSession());
}

export const signOut = action(async (): Promise<FormError> => {
  try {
    await trpc.auth.signOut.mutate();
  } catch (error) {
    const failure = toFormError(error);
    // A session that already expired is signed out all the same.
    if (failure.appCode !== 'NOT_SIGNED_IN') return failure;
  }
  signedIn = false;
  setNotice('signed-out');
  // Every cached answer goes: they were this person's.
  throw redirect('/connexion');
}, 'sign-out');

const SIGN_IN_PAGES = /^\/(connexion|mot-de-passe)(\/|$)/;

/**
 * A page to come back to after signing in, if it is one: a path of this site (never another
 * origin, which would make the sign-in page an open redirect), and not a sign-in page itself.
 */
export function returnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2000) return undefined;
  let url: URL;
  try {
    url = new URL(value, window.location.origin);
  } catch {
    return undefined;
  }
  if (url.origin !== window.location.origin || SIGN_IN_PAGES.test(url.pathname)) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path === '/' ? undefined : path;
}

/** A sign-in page (`/connexion`, `/connexion/code`…) that leads back to `back` once signed in. */
export function withReturn(page: string, back: unknown): string {
  const path = returnPath(back);
  return path ? `${page}?retour=${encodeURIComponent(path)}` : page;
}

/** Where a completed sign-in goes: the page asked for, else the home page. */
export function afterSignIn(form: FormData | URLSearchParams): string {
  return returnPath(form.get('retour')) ?? '/';
}

/**
 * Whether the session still holds, asked before what does not go through tRPC (a download link,
 * which would otherwise end as a broken file); when it ended, the sign-in page is shown instead.
 * A network failure lets the caller go on: the download will say so itself.
 */
export async function sessionAlive(): Promise<boolean> {
  const session = await trpc.auth.session.query().catch(() => undefined);
  if (session !== null) return true;
  onSessionExpired();
  return false;
}

/**
 * `onClick` of a download link (« Exporter »): the session is checked first, then the same link
 * is followed as it was written (its `download` attribute and all).
 */
export function startDownload(event: MouseEvent & { currentTarget: HTMLAnchorElement }): void {
  const link = event.currentTarget;
  if (link.dataset.sessionChecked) {
    delete link.dataset.sessionChecked;
    return;
  }
  event.preventDefault();
  void sessionAlive().then((alive) => {
    if (!alive) return;
    link.dataset.sessionChecked = 'true';
    link.click();
  });
}
