import { A, createAsync, revalidate, useAction, useParams, useSubmission } from '@solidjs/router';
import { createEffect, createMemo, createSignal, Match, on, Show, Switch } from 'solid-js';
import { GrantDialog } from '../habilitations/GrantDialog';
import { createHabilitationActions, type HabilitationTarget } from '../habilitations/HabilitationDialogs';
import { getCatalogue, getStructures } from '../habilitations/queries';
import { HABILITATIONS_TEXTS } from '../habilitations/texts';
import type { Outcome } from '../lib/errors';
import { formatDate, formatDateTime, formatPhone } from '../lib/format';
import { setPageTitle } from '../lib/page-title';
import { onNewResult, useForgetOnLeave } from '../lib/submissions';
import type { AccountDetail } from '../lib/trpc';
import { Dialog } from '../ui/Dialog';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { focusFirstInvalid } from '../ui/focus';
import { AccountFields } from './AccountForm';
import { AccountHabilitationsTable, describeHabilitation } from './AccountHabilitationsTable';
import { PadlockIcon } from './AccountsTable';
import { unblockAccount, updateAccount } from './actions';
import { getAccount } from './queries';
import { ReferentsOnly } from './ReferentsOnly';
import { ACCOUNTS_TEXTS } from './texts';

const T = ACCOUNTS_TEXTS.detail;

export function AccountPage() {
  setPageTitle(T.loadingTitle);
  return <ReferentsOnly>{() => <Account />}</ReferentsOnly>;
}

function Account() {
  const params = useParams();
  const account = createAsync(() => getAccount(params.id ?? ''));
  const update = useSubmission(updateAccount);
  const unblock = useSubmission(unblockAccount);
  const doUnblock = useAction(unblockAccount);
  useForgetOnLeave(updateAccount, unblockAccount);
  createEffect(
    on(
      () => params.id,
      () => {
        update.clear();
        unblock.clear();
      },
      { defer: true },
    ),
  );
  createEffect(() => {
    const found = account()?.done;
    if (found) setPageTitle(T.title(`${found.firstName} ${found.lastName}`));
  });

  return (
    <>
      <p class="breadcrumb">
        <A href="/comptes">{T.back}</A>
      </p>
      <Switch>
        <Match when={account()?.error}>
          {(error) => (
            <div class="card narrow">
              <h1>{T.notFound}</h1>
              <div role="alert" class="alert alert-error">
                {error().message ?? Object.values(error().fieldErrors)[0]}
              </div>
            </div>
          )}
        </Match>
        <Match when={account()?.done}>
          {(found) => (
            <AccountView
              account={found()}
              updateAction={updateAccount}
              updatePending={update.pending ?? false}
              updateOutcome={update.result}
              onUnblock={() => doUnblock(found().id)}
              unblockOutcome={unblock.result}
            />
          )}
        </Match>
      </Switch>
    </>
  );
}

interface AccountViewProps {
  account: AccountDetail;
  updateAction: typeof updateAccount;
  updatePending: boolean;
  updateOutcome: Outcome<{ changed: string[] }> | undefined;
  onUnblock: () => Promise<Outcome<unknown>>;
  unblockOutcome: Outcome<unknown> | undefined;
}

function AccountView(props: AccountViewProps) {
  const name = () => `${props.account.firstName} ${props.account.lastName}`;
  const [confirming, setConfirming] = createSignal(false);
  let stateHeading: HTMLHeadingElement | undefined;
  let unblocked = false;
  let form: HTMLFormElement | undefined;
  let emailInput: HTMLInputElement | undefined;
  onNewResult(
    () => props.updateOutcome,
    (outcome) => {
      focusFirstInvalid(form);
      // The typed address is now pending, shown under the field: the field shows the current one again.
      if (outcome?.done?.changed.includes('pendingEmail') && emailInput) emailInput.value = props.account.email;
    },
  );
  const confirmUnblock = async () => {
    const outcome = await props.onUnblock();
    unblocked = !outcome.error;
    setConfirming(false);
  };
  const errors = () => props.updateOutcome?.error?.fieldErrors ?? {};
  const optional = (value: string | null, format: (v: string) => string = (v) => v) =>
    value ? format(value) : <span class="muted">{T.none}</span>;

  return (
    <>
      <h1>{name()}</h1>
      <div class="stack">
        <section class="card" aria-labelledby="compte-titre">
          <h2 id="compte-titre" ref={stateHeading} tabindex="-1">
            {T.details}
          </h2>
          <FormAlert>{props.unblockOutcome?.error?.message}</FormAlert>
          <FormStatus>{props.unblockOutcome?.done ? T.unblocked : undefined}</FormStatus>
          <dl class="details">
            <div>
              <dt>{T.username}</dt>
              <dd>{props.account.username}</dd>
            </div>
            <div>
              <dt>{T.state}</dt>
              <dd>
                <Show when={props.account.blocked} fallback={T.active}>
                  <span class="state-blocked">
                    <PadlockIcon />
                    {T.blockedSince(formatDateTime(props.account.blockedAt ?? props.account.createdAt))}
                  </span>
                </Show>
              </dd>
            </div>
            <div>
              <dt>{T.createdAt}</dt>
              <dd>{formatDate(props.account.createdAt)}</dd>
            </div>
            <div>
              <dt>{T.establishments}</dt>
              <dd>{props.account.establishments.join(', ') || <span class="muted">{T.none}</span>}</dd>
            </div>
            <Show when={!props.account.manageable}>
              <div>
                <dt>{T.email}</dt>
                <dd>{props.account.email}</dd>
              </div>
              <div>
                <dt>{T.phone}</dt>
                <dd>{optional(props.account.phone, formatPhone)}</dd>
              </div>
              <div>
                <dt>{T.mobile}</dt>
                <dd>{optional(props.account.mobile, formatPhone)}</dd>
              </div>
              <div>
                <dt>{T.profession}</dt>
                <dd>{optional(props.account.profession)}</dd>
              </div>
            </Show>
          </dl>
          <Show when={props.account.blocked && props.account.manageable}>
            <p class="note">{T.blockedHelp}</p>
            <button type="button" class="button button-secondary" onClick={() => setConfirming(true)}>
              <PadlockIcon />
              {T.unblock}
            </button>
          </Show>
          <Show when={!props.account.manageable}>
            <p class="note">{T.readOnly}</p>
          </Show>
        </section>

        <Show when={props.account.manageable}>
          <section class="card" aria-labelledby="modifier-titre">
            <h2 id="modifier-titre">{T.edit}</h2>
            <FormAlert>{props.updateOutcome?.error?.message}</FormAlert>
            <FormStatus>
              <Show when={props.updateOutcome?.done}>
                {(done) =>
                  done().changed.includes('pendingEmail')
                    ? T.emailConfirmationSent
                    : done().changed.length > 0
                      ? T.saved
                      : T.nothingChanged
                }
              </Show>
            </FormStatus>
            <form ref={form} action={props.updateAction} method="post" novalidate>
              <input type="hidden" name="id" value={props.account.id} />
              <AccountFields
                values={props.account}
                errors={errors()}
                pendingEmail={props.account.pendingEmail}
                emailRef={(element) => {
                  emailInput = element;
                }}
              />
              <div class="form-actions">
                <button type="submit" class="button button-primary" disabled={props.updatePending}>
                  {props.updatePending ? T.saving : T.save}
                </button>
              </div>
            </form>
          </section>
        </Show>

        <AccountHabilitations account={props.account} />
      </div>

      <Dialog
        open={confirming()}
        title={T.unblockTitle}
        onClose={() => setConfirming(false)}
        returnFocus={() => {
          // The padlock is gone once the account is unblocked: the keyboard goes to its section.
          const target = unblocked ? stateHeading : undefined;
          unblocked = false;
          return target;
        }}
        actions={
          <>
            <button type="button" class="button button-primary" data-autofocus onClick={confirmUnblock}>
              {T.ok}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setConfirming(false)}>
              {T.cancel}
            </button>
          </>
        }
      >
        <p>{T.unblockText(name())}</p>
      </Dialog>
    </>
  );
}

/** The account's habilitations; a référent who manages it changes their end, deletes them, adds one. */
function AccountHabilitations(props: { account: AccountDetail }) {
  const [granting, setGranting] = createSignal(false);
  const [status, setStatus] = createSignal('');
  const [alert, setAlert] = createSignal('');
  const holder = () => `${props.account.firstName} ${props.account.lastName}`;
  const target = (h: AccountDetail['habilitations'][number]): HabilitationTarget => ({
    id: h.id,
    endsOn: h.endsOn,
    named: HABILITATIONS_TEXTS.table.named(describeHabilitation(h), holder()),
    prolong: h.may.prolong,
  });
  // The calendar and the cross, where the server says the référent may use them (on one's own page too).
  const offersActions = () => props.account.habilitations.some((h) => h.may.prolong || h.may.reduce || h.may.delete);
  const done = (message: string, failed = false) => {
    setAlert(failed ? message : '');
    setStatus(failed ? '' : message);
    void revalidate(getAccount.key);
  };
  const actions = createHabilitationActions(done);
  // What the grant dialog offers, read only for an account the référent manages.
  const manageable = createMemo(() => props.account.manageable);
  const catalogue = createAsync(async () => (manageable() ? getCatalogue() : undefined));
  const structures = createAsync(async () => (manageable() ? getStructures() : undefined));
  return (
    <section class="card" aria-labelledby="habilitations-compte-titre">
      <div class="page-heading">
        <h2 id="habilitations-compte-titre">{T.habilitations}</h2>
        <Show when={props.account.manageable}>
          <button type="button" class="button button-primary" onClick={() => setGranting(true)}>
            <span aria-hidden="true">+ </span>
            Ajouter une habilitation
          </button>
        </Show>
      </div>
      <div role="alert" class="alert alert-error">
        {alert()}
      </div>
      <div role="status" class="alert alert-success">
        {status()}
      </div>
      <Show
        when={props.account.habilitations.length > 0}
        fallback={<p>{props.account.restricted ? T.habilitationsHidden : T.noHabilitation}</p>}
      >
        <AccountHabilitationsTable
          habilitations={props.account.habilitations}
          holder={holder()}
          onChangeEnd={offersActions() ? (h) => actions.changeEnd(target(h)) : undefined}
          onDelete={offersActions() ? (h) => actions.remove(target(h)) : undefined}
        />
      </Show>
      <actions.Dialogs />
      <Show when={props.account.manageable}>
        <GrantDialog
          open={granting()}
          recipients={[
            {
              id: props.account.id,
              name: `${props.account.firstName} ${props.account.lastName} (${props.account.username})`,
            },
          ]}
          catalogue={catalogue()}
          structures={structures()}
          onGrant={actions.grant}
          onClose={() => setGranting(false)}
          onGranted={(message) => {
            setGranting(false);
            done(message);
          }}
        />
      </Show>
    </section>
  );
}
