import { type RouteSectionProps, revalidate, useLocation, useSubmission } from '@solidjs/router';
import { createEffect, ErrorBoundary, on, Suspense } from 'solid-js';
import { getSession, signOut, useSession } from '../lib/session';
import { Header } from './Header';
import { LAYOUT_TEXTS } from './texts';

const T = LAYOUT_TEXTS;

/** The frame of every page: header with the signed-in person, then the page. */
export function AppLayout(props: RouteSectionProps) {
  const session = useSession();
  const signingOut = useSubmission(signOut);
  // After a change of page, start reading from the new content, as a full page load would.
  let main: HTMLElement | undefined;
  const location = useLocation();
  createEffect(
    on(
      () => location.pathname,
      () => main?.focus({ preventScroll: true }),
      { defer: true },
    ),
  );
  // The last known answer, so the header does not blink while the session is re-read; a
  // failure to read it is reported once, by the page, not by the header too.
  const latest = () => {
    try {
      return session.latest ?? undefined;
    } catch {
      return undefined;
    }
  };
  return (
    <>
      <a class="skip-link" href="#contenu">
        {T.skipLink}
      </a>
      <Header
        user={latest()?.account}
        isReferent={latest()?.isReferent ?? false}
        signOutAction={signOut}
        signingOut={signingOut.pending ?? false}
        signOutError={signingOut.result?.message}
      />
      <main id="contenu" tabindex="-1" ref={main}>
        <ErrorBoundary
          fallback={(_error, reset) => (
            <div class="card narrow">
              <h1>{T.failure.heading}</h1>
              <p>{T.failure.text}</p>
              <button
                type="button"
                class="button button-primary"
                onClick={() => {
                  reset();
                  void revalidate(getSession.key);
                }}
              >
                {T.failure.retry}
              </button>
            </div>
          )}
        >
          <Suspense fallback={<p class="loading">{T.loading}</p>}>{props.children}</Suspense>
        </ErrorBoundary>
      </main>
      <footer class="site-footer">
        <p>{T.footer}</p>
      </footer>
    </>
  );
}
