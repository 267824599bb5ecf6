import { A, createAsync, Navigate, useAction, useLocation, useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { RequireSession } from '../layout/RequireSession';
import { setPageTitle } from '../lib/page-title';
import { useForgetOnLeave } from '../lib/submissions';
import {
  changeMyContact,
  changeMyPassword,
  deleteMyHabilitation,
  requestMobileVerification,
  setHabilitationEmails,
  updateMyDetails,
} from './actions';
import { ContactForm } from './ContactForm';
import { DetailsForm } from './DetailsForm';
import { MyHabilitations } from './MyHabilitations';
import { PasswordSection } from './PasswordSection';
import { getMyAccount } from './queries';
import { ACCOUNT_TEXTS } from './texts';

const T = ACCOUNT_TEXTS;

export function MyAccountPage() {
  setPageTitle(T.title);
  const location = useLocation();
  return (
    // « Mes référents » used to be a section of this page, and mails already sent link to it there.
    <Show when={location.hash !== '#mes-referents'} fallback={<Navigate href="/mes-referents" />}>
      <RequireSession>{() => <MyAccount />}</RequireSession>
    </Show>
  );
}

function MyAccount() {
  const me = createAsync(() => getMyAccount());
  const details = useSubmission(updateMyDetails);
  const contact = useSubmission(changeMyContact);
  const password = useSubmission(changeMyPassword);
  const verification = useSubmission(requestMobileVerification);
  const verify = useAction(requestMobileVerification);
  const setEmails = useAction(setHabilitationEmails);
  const remove = useAction(deleteMyHabilitation);
  useForgetOnLeave(
    updateMyDetails,
    changeMyContact,
    changeMyPassword,
    requestMobileVerification,
    setHabilitationEmails,
    deleteMyHabilitation,
  );

  return (
    <Show when={me()}>
      {(m) => (
        <>
          <h1>{T.heading}</h1>
          <div class="stack">
            <DetailsForm
              account={m().account}
              action={updateMyDetails}
              pending={details.pending ?? false}
              outcome={details.result}
            />
            <ContactForm
              account={m().account}
              action={changeMyContact}
              pending={contact.pending ?? false}
              outcome={contact.result}
              onVerify={() => void verify()}
              verifying={verification.pending ?? false}
              verification={verification.result}
            />
            <PasswordSection
              username={m().account.username}
              expiresAt={m().account.passwordExpiresAt}
              policy={m().passwordPolicy}
              action={changeMyPassword}
              pending={password.pending ?? false}
              outcome={password.result}
              onReset={() => password.clear()}
            />
            <MyHabilitations
              habilitations={m().habilitations}
              onEmailsChange={(id, receive) => setEmails(id, receive)}
              onDelete={(id) => remove(id)}
            />
            <section class="card" aria-labelledby="referents-titre">
              <h2 id="referents-titre">{T.referents.heading}</h2>
              <p>{T.referents.pointer}</p>
              <p class="back-link">
                <A href="/mes-referents">{T.referents.open}</A>
              </p>
            </section>
          </div>
        </>
      )}
    </Show>
  );
}
