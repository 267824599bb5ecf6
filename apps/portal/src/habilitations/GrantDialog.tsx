import { DOMAIN_LABELS, type Domain, LEVEL_LABELS, type Level } from '@trajectoire/domain';
import { createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { formatDay } from '../lib/format';
import { Dialog } from '../ui/Dialog';
import { focusFirstInvalid } from '../ui/focus';
import type { GrantAnswer, GrantForm, GrantOutcome, RefusedAccount } from './actions';
import { EndDateField, type FieldErrors, LevelPicker, PlacePicker, ProfilePicker } from './GrantFields';
import { PrivilegesEditor } from './PrivilegesEditor';
import type { Catalogue, Structure } from './queries';
import { HABILITATIONS_TEXTS } from './texts';

const T = HABILITATIONS_TEXTS.grant;

const emptyForm = (): GrantForm => ({
  profile: '',
  domain: '',
  level: '',
  establishmentId: '',
  unitIds: [],
  admissionDeskId: '',
  endsOn: '',
  choices: {},
});

/** Who receives a grant, named as the server names them: « Prénom Nom (nom.utilisateur) ». */
export interface GrantRecipient {
  id: string;
  name: string;
}

/**
 * « + Ajouter une habilitation » for one account, or « Attribuer une habilitation » for the
 * accounts selected in the search; « Fermer » grants it to all of them at once.
 */
export function GrantDialog(props: {
  open: boolean;
  recipients: readonly GrantRecipient[];
  /** The dialog's title, when not « Ajouter une habilitation ». */
  title?: string;
  /** After « Fermer », the dialog says who received it and who held it already, until « OK ». */
  report?: boolean;
  catalogue: Catalogue | undefined;
  structures: readonly Structure[] | undefined;
  onGrant: (accountIds: readonly string[], form: GrantForm) => Promise<GrantOutcome>;
  onClose: () => void;
  onGranted: (message: string) => void;
  /** Offered when the server refused some of the recipients. */
  onRemoveRecipients?: (accountIds: readonly string[]) => void;
}) {
  const [form, setForm] = createStore<GrantForm>(emptyForm());
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [alert, setAlert] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [refused, setRefused] = createSignal<readonly RefusedAccount[]>([]);
  const [report, setReport] = createSignal<{ answer: GrantAnswer; message: string } | undefined>();
  let formElement: HTMLFormElement | undefined;
  let reportStatus: HTMLParagraphElement | undefined;

  const structures = () => props.structures ?? [];
  const profile = () => props.catalogue?.profiles.find((p) => p.code === form.profile);
  const establishment = () => structures().find((s) => s.id === form.establishmentId);
  // Only what the server says the référent may grant (a Référent unité: the unit level in her
  // units, never a Référent structure): each list offered is one that leads somewhere, so
  // « Niveau » is never empty. The server refuses the rest all the same.
  const grantableLevels = (code: string, where: readonly Structure[]) =>
    new Set(where.flatMap((s) => s.profiles.find((p) => p.code === code)?.levels ?? []));
  const offeredProfiles = () => {
    const where = establishment() ? [establishment() as Structure] : structures();
    return (props.catalogue?.profiles ?? []).filter((p) => grantableLevels(p.code, where).size > 0);
  };
  const offeredStructures = () =>
    form.profile ? structures().filter((s) => s.profiles.some((p) => p.code === form.profile)) : structures();
  const levels = () => {
    const allowed = grantableLevels(form.profile, establishment() ? [establishment() as Structure] : structures());
    return (profile()?.levels ?? []).filter((l) => allowed.has(l));
  };

  const reset = () => {
    setForm(emptyForm());
    setErrors({});
    setAlert('');
    setRefused([]);
    setReport(undefined);
  };
  const close = () => {
    reset();
    props.onClose();
  };
  const chooseProfile = (code: string) => {
    const p = props.catalogue?.profiles.find((x) => x.code === code);
    setForm({ profile: code, domain: p?.domains.length === 1 ? (p.domains[0] ?? '') : '', level: '', choices: {} });
    // A structure where this profile cannot be granted is chosen again.
    if (form.establishmentId && !offeredStructures().some((s) => s.id === form.establishmentId))
      setForm({ establishmentId: '', unitIds: [], admissionDeskId: '' });
  };
  const chooseEstablishment = (id: string) => {
    setForm({ establishmentId: id, unitIds: [], admissionDeskId: '' });
    if (!levels().includes(form.level as Level)) setForm({ level: '' });
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    const outcome = await props.onGrant(
      props.recipients.map((r) => r.id),
      { ...form, unitIds: [...form.unitIds], choices: { ...form.choices } },
    );
    setBusy(false);
    if (outcome.error) {
      setErrors(outcome.error.fieldErrors);
      setRefused(outcome.refused ?? []);
      setAlert(
        outcome.refused?.length
          ? T.refused
          : (outcome.error.message ?? (Object.keys(outcome.error.fieldErrors).length ? '' : T.failed)),
      );
      queueMicrotask(() => focusFirstInvalid(formElement));
      return;
    }
    const message = grantMessage(profile()?.label ?? '', outcome.done, props.report === true);
    if (props.report) {
      setReport({ answer: outcome.done, message });
      props.onGranted(message);
      queueMicrotask(() => reportStatus?.focus());
      return;
    }
    reset();
    props.onGranted(message);
  };

  return (
    <Dialog
      open={props.open}
      title={report() ? T.reportTitle : (props.title ?? T.title)}
      onClose={close}
      actions={
        <Show
          when={!report()}
          fallback={
            <button type="button" class="button button-primary" onClick={close}>
              {T.ok}
            </button>
          }
        >
          {/* « Fermer » is the sheet's word for saving: the line above it says so; « Annuler » stands apart. */}
          <p class="dialog-actions-note" id="attribution-fermer-aide">
            {T.note}
          </p>
          <button type="button" class="button button-quiet dialog-actions-apart" onClick={close}>
            {T.cancel}
          </button>
          <button
            type="submit"
            form="attribution"
            class="button button-primary"
            aria-describedby="attribution-fermer-aide"
            disabled={busy()}
          >
            {T.submit}
          </button>
        </Show>
      }
    >
      <Show when={report()}>
        {(done) => (
          <GrantReport
            answer={done().answer}
            message={done().message}
            statusRef={(element) => {
              reportStatus = element;
            }}
          />
        )}
      </Show>
      <form id="attribution" ref={formElement} novalidate onSubmit={submit} hidden={report() !== undefined}>
        <div role="alert" class="alert alert-error">
          {alert() && (
            <>
              {alert()}
              <Show when={refused().length > 0}>
                <ul class="recipients">
                  <For each={refused()}>
                    {(r) => (
                      <li>
                        {r.name} : {T.refusedReason[r.reason]}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </>
          )}
        </div>
        <Show when={props.onRemoveRecipients && refused().length > 0}>
          <button
            type="button"
            class="button button-secondary"
            onClick={() => {
              props.onRemoveRecipients?.(refused().map((r) => r.accountId));
              setRefused([]);
              setAlert('');
            }}
          >
            {T.removeRefused}
          </button>
        </Show>
        <Recipients recipients={props.recipients} />
        <ProfilePicker
          profiles={offeredProfiles()}
          profile={profile()}
          form={form}
          errors={errors()}
          domainLabel={(d) => DOMAIN_LABELS[d as Domain] ?? d}
          onProfile={chooseProfile}
          onDomain={(domain) => setForm({ domain })}
        />
        <LevelPicker
          levels={levels()}
          value={form.level}
          errors={errors()}
          levelLabel={(l) => LEVEL_LABELS[l as Level]}
          onChange={(level) => setForm({ level })}
        />
        <PlacePicker
          structures={offeredStructures()}
          establishment={establishment()}
          form={form}
          errors={errors()}
          onEstablishment={chooseEstablishment}
          onUnits={(unitIds) => setForm({ unitIds })}
          onDesk={(admissionDeskId) => setForm({ admissionDeskId })}
        />
        <EndDateField value={form.endsOn} errors={errors()} onChange={(endsOn) => setForm({ endsOn })} />
        <Show when={profile()}>
          {(p) => (
            <PrivilegesEditor
              profile={p()}
              modeLabels={props.catalogue?.modeLabels ?? {}}
              choices={form.choices}
              onChoose={(key, value) => setForm('choices', key, value)}
            />
          )}
        </Show>
      </form>
    </Dialog>
  );
}

/** What the référent is told once granted: to whom, until when, and who held it already. */
function grantMessage(label: string, done: GrantAnswer, selection: boolean): string {
  const endsOn = formatDay(done.endsOn);
  if (selection) return T.grantedTo(label, done.granted.length, endsOn, done.alreadyHolding.length);
  if (done.granted.length === 0) return T.alreadyHeld(label);
  const units = done.alreadyHolding.flatMap((h) => h.unitNames);
  return units.length > 0 ? `${T.granted(label, endsOn)} ${T.heldOn(units)}` : T.granted(label, endsOn);
}

/** « 3 utilisateurs recevront cette habilitation », and who they are, on demand. */
function Recipients(props: { recipients: readonly GrantRecipient[] }) {
  return (
    <Show when={props.recipients.length > 0}>
      <p class="recipients-count">{T.recipients(props.recipients.length, props.recipients[0]?.name ?? '')}</p>
      <Show when={props.recipients.length > 1}>
        <details class="recipients-list">
          <summary>{T.seeRecipients}</summary>
          <ul class="recipients">
            <For each={props.recipients}>{(r) => <li>{r.name}</li>}</For>
          </ul>
        </details>
      </Show>
    </Show>
  );
}

/** After « Fermer » for a selection: who received it, who held it already. */
function GrantReport(props: {
  answer: GrantAnswer;
  message: string;
  statusRef: (element: HTMLParagraphElement) => void;
}) {
  return (
    <>
      <p role="status" tabindex="-1" ref={props.statusRef}>
        {props.message}
      </p>
      <Show when={props.answer.granted.length > 0}>
        <h3 class="recipients-heading">{T.receivedHeading(props.answer.granted.length)}</h3>
        <ul class="recipients">
          <For each={props.answer.granted}>{(r) => <li>{r.name}</li>}</For>
        </ul>
      </Show>
      <Show when={props.answer.alreadyHolding.length > 0}>
        <h3 class="recipients-heading">{T.heldHeading(props.answer.alreadyHolding.length)}</h3>
        <ul class="recipients">
          <For each={props.answer.alreadyHolding}>
            {(r) => (
              <li>
                {r.name}
                {r.unitNames.length > 0 ? T.heldUnits(r.unitNames) : ''}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}
