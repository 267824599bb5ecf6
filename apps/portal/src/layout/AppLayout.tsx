import {
  type RouteSectionProps,
  revalidate,
  useBeforeLeave,
  useIsRouting,
  useLocation,
  useNavigate,
  useSubmission,
} from '@solidjs/router';
import { createEffect, ErrorBoundary, on, Show, Suspense } from 'solid-js';
import { toFormError } from '../lib/errors';
import { getSession, sessionEnded, signOut, useSession, withReturn } from '../lib/session';
import { Header } from './Header';
import { LAYOUT_TEXTS } from './texts';

const T = LAYOUT_TEXTS;

/** The frame of every page: header with the signed-in person, then the page. */
export function AppLayout(props: RouteSectionProps) {
  const session = useSession();
  const signingOut = useSubmission(signOut);
  // The last known answer, so the header does not blink while the session is re-read; a
  // failure to read it is reported once, by the page, not by the header too.
  const latest = () => {
    try {
      return session.latest ?? undefined;
    } catch {
      return undefined;
    }
  };
  // After a change of page, start reading from the new content, as a full page load would.
  let main: HTMLElement | undefined;
  const location = useLocation();
  createEffect(
    on(
      () => location.pathname,
      () => {
        main?.focus({ preventScroll: true });
        // Each new page asks again who is signed in: a session that ended meanwhile shows now,
        // not at the first click that needs the server.
        if (latest()) void revalidate(getSession.key);
      },
      { defer: true },
    ),
  );
  // The session ended under the page: to the sign-in page, which leads back to the page asked
  // for (the one being opened, when a link was followed).
  const navigate = useNavigate();
  const isRouting = useIsRouting();
  let asked: string | undefined;
  useBeforeLeave((event) => {
    asked = typeof event.to === 'string' ? event.to : undefined;
  });
  createEffect(
    on(
      sessionEnded,
      () => {
        const here = `${location.pathname}${location.search}${location.hash}`;
        navigate(withReturn('/connexion', isRouting() && asked ? asked : here));
      },
      { defer: true },
    ),
  );
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
          fallback={(error, reset) => {
            // Another page is another chance.
            createEffect(on(() => location.pathname, reset, { defer: true }));
            return (
              <Show
                when={toFormError(error).appCode !== 'NOT_SIGNED_IN'}
                fallback={<p class="loading">{T.signingInAgain}</p>}
              >
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
              </Show>
            );
          }}
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
