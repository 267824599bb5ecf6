import { A, useSubmission } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { setPageTitle } from '../lib/page-title';
import { useSession } from '../lib/session';
import { onNewResult, useForgetOnLeave } from '../lib/submissions';
import { useUnsavedChanges } from '../lib/unsaved';
import { Dialog } from '../ui/Dialog';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { focusFirstInvalid } from '../ui/focus';
import { Toast } from '../ui/Toast';
import { AccountFields } from './AccountForm';
import { createAccount } from './actions';
import { PlaceField } from './PlaceField';
import { ReferentsOnly } from './ReferentsOnly';
import { ACCOUNTS_TEXTS } from './texts';

const T = ACCOUNTS_TEXTS.create;

export function NewAccountPage() {
  setPageTitle(T.title);
  return <ReferentsOnly>{() => <NewAccount />}</ReferentsOnly>;
}

function NewAccount() {
  const submission = useSubmission(createAccount);
  const session = useSession();
  useForgetOnLeave(createAccount);
  // The address the référent was warned about: submitted again unchanged, it goes to the server.
  const [acknowledged, setAcknowledged] = createSignal('');
  const [warning, setWarning] = createSignal(false);
  const [toast, setToast] = createSignal<string | undefined>();
  let form: HTMLFormElement | undefined;
  let email: HTMLInputElement | undefined;
  let confirmation: HTMLDivElement | undefined;
  const unsaved = useUnsavedChanges('nouveau-compte', () => form);

  onNewResult(
    () => submission.result,
    (result) => {
      if (result?.created) unsaved.saved();
      if (result?.emailInUse) {
        setAcknowledged(result.emailInUse);
        setWarning(true);
      } else if (result?.created) {
        confirmation?.focus();
      } else if (result?.error?.appCode === 'EMAIL_IN_USE') {
        setToast(result.error.message);
      } else {
        focusFirstInvalid(form);
      }
    },
  );
  const errors = () => submission.result?.error?.fieldErrors ?? {};
  const formError = () =>
    submission.result?.error?.appCode === 'EMAIL_IN_USE' ? undefined : submission.result?.error?.message;

  return (
    <>
      <p class="breadcrumb">
        <A href="/comptes">{T.back}</A>
      </p>
      <div class="card form-card">
        <h1>{T.heading}</h1>
        <Show
          when={submission.result?.created}
          fallback={
            <>
              <p class="lead">{T.intro}</p>
              <FormAlert>{formError()}</FormAlert>
              <form ref={form} action={createAccount} method="post" novalidate onSubmit={() => setToast(undefined)}>
                <input type="hidden" name="acknowledgedEmail" value={acknowledged()} />
                <AccountFields
                  errors={errors()}
                  emailRef={(element) => {
                    email = element;
                  }}
                />
                <PlaceField nationalAdmin={session()?.account.nationalAdmin ?? false} error={errors().place} />
                <div class="form-actions">
                  <button type="submit" class="button button-primary" disabled={submission.pending}>
                    {submission.pending ? T.submitting : T.submit}
                  </button>
                </div>
              </form>
            </>
          }
        >
          {(created) => (
            <div ref={confirmation} tabindex="-1" class="confirmation">
              <FormStatus>
                <p>{T.created(created().username, created().email)}</p>
              </FormStatus>
              <div class="form-actions">
                <A href={`/comptes/${created().id}`} class="button button-primary">
                  {T.open}
                </A>
                <button
                  type="button"
                  class="button button-secondary"
                  onClick={() => {
                    setAcknowledged('');
                    submission.clear();
                    queueMicrotask(() => form?.querySelector<HTMLInputElement>('input:not([type="hidden"])')?.focus());
                  }}
                >
                  {T.another}
                </button>
              </div>
            </div>
          )}
        </Show>
      </div>

      <Dialog
        open={warning()}
        role="alertdialog"
        title={T.emailInUseTitle}
        onClose={() => setWarning(false)}
        returnFocus={() => email}
        actions={
          <button type="button" class="button button-primary" data-autofocus onClick={() => setWarning(false)}>
            {T.ok}
          </button>
        }
      >
        <p>{T.emailInUse}</p>
        <p>{T.emailInUseHelp}</p>
      </Dialog>
      <Toast message={toast()} closeLabel={T.close} onClose={() => setToast(undefined)} />
    </>
  );
}
