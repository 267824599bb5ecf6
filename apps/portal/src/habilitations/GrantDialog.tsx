import { DOMAIN_LABELS, type Domain, LEVEL_LABELS, type Level } from '@trajectoire/domain';
import { createSignal, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { Outcome } from '../lib/errors';
import { formatDay } from '../lib/format';
import { Dialog } from '../ui/Dialog';
import { focusFirstInvalid } from '../ui/focus';
import type { GrantForm } from './actions';
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

/** « + Ajouter une habilitation » for one account; « Fermer » grants it. */
export function GrantDialog(props: {
  open: boolean;
  accountId: string;
  catalogue: Catalogue | undefined;
  structures: readonly Structure[] | undefined;
  onGrant: (accountId: string, form: GrantForm) => Promise<Outcome<{ endsOn: string }>>;
  onClose: () => void;
  onGranted: (message: string) => void;
}) {
  const [form, setForm] = createStore<GrantForm>(emptyForm());
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [alert, setAlert] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  let formElement: HTMLFormElement | undefined;

  const structures = () => props.structures ?? [];
  const profile = () => props.catalogue?.profiles.find((p) => p.code === form.profile);
  const establishment = () => structures().find((s) => s.id === form.establishmentId);
  // A référent unité administers units only: no « Établissement » level (the server refuses it anyway).
  const levels = () => {
    const whole = establishment()?.wholeEstablishment ?? structures().some((s) => s.wholeEstablishment);
    return (profile()?.levels ?? []).filter((l) => whole || l !== 'ESTABLISHMENT');
  };

  const reset = () => {
    setForm(emptyForm());
    setErrors({});
    setAlert('');
  };
  const close = () => {
    reset();
    props.onClose();
  };
  const chooseProfile = (code: string) => {
    const p = props.catalogue?.profiles.find((x) => x.code === code);
    setForm({ profile: code, domain: p?.domains.length === 1 ? (p.domains[0] ?? '') : '', level: '', choices: {} });
  };
  const chooseEstablishment = (id: string) => {
    setForm({ establishmentId: id, unitIds: [], admissionDeskId: '' });
    if (!levels().includes(form.level as Level)) setForm({ level: '' });
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    const outcome = await props.onGrant(props.accountId, {
      ...form,
      unitIds: [...form.unitIds],
      choices: { ...form.choices },
    });
    setBusy(false);
    if (outcome.error) {
      setErrors(outcome.error.fieldErrors);
      setAlert(outcome.error.message ?? (Object.keys(outcome.error.fieldErrors).length ? '' : T.failed));
      queueMicrotask(() => focusFirstInvalid(formElement));
      return;
    }
    const label = profile()?.label ?? '';
    reset();
    props.onGranted(T.granted(label, formatDay(outcome.done.endsOn)));
  };

  return (
    <Dialog
      open={props.open}
      title={T.title}
      onClose={close}
      actions={
        <>
          <button type="submit" form="attribution" class="button button-primary" disabled={busy()}>
            {T.submit}
          </button>
          <button type="button" class="button button-secondary" onClick={close}>
            {T.cancel}
          </button>
        </>
      }
    >
      <form id="attribution" ref={formElement} novalidate onSubmit={submit}>
        <div role="alert" class="alert alert-error">
          {alert()}
        </div>
        <p class="note">{T.note}</p>
        <ProfilePicker
          profiles={props.catalogue?.profiles ?? []}
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
          structures={structures()}
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
