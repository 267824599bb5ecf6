import {
  DOMAIN_LABELS,
  type Domain,
  grantHabilitationsInput,
  LEVEL_LABELS,
  type Level,
  PRIVILEGE_LABELS,
  SECTION_LABELS,
} from '@trajectoire/domain';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { attempt, fieldErrorsOf } from '../lib/errors';
import { formatDay } from '../lib/format';
import { trpc } from '../lib/trpc';
import { Dialog } from '../ui/Dialog';

type Catalogue = Awaited<ReturnType<typeof trpc.habilitations.catalogue.query>>;
type CatalogueProfile = Catalogue['profiles'][number];
type Rule<T> =
  | { kind: 'FIXED'; value: T }
  | { kind: 'CHOICE'; default: T; allowed: T[] }
  | { kind: 'NOT_DEPLOYED'; value: T };
const SECTIONS = ['ORIENTATION', 'MEDICAL', 'ADMINISTRATIF'] as const;

/** « + Ajouter une habilitation » for one account; « Fermer » grants it. */
export function GrantDialog(props: {
  open: boolean;
  accountId: string;
  onClose: () => void;
  onGranted: (message: string) => void;
}) {
  const [catalogue] = createResource(() => trpc.habilitations.catalogue.query());
  const [structures] = createResource(() => trpc.habilitations.structures.query());
  const [profileCode, setProfileCode] = createSignal('');
  const [domain, setDomain] = createSignal('');
  const [level, setLevel] = createSignal('');
  const [establishmentId, setEstablishmentId] = createSignal('');
  const [unitIds, setUnitIds] = createSignal<string[]>([]);
  const [deskId, setDeskId] = createSignal('');
  const [endsOn, setEndsOn] = createSignal('');
  const [choices, setChoices] = createSignal<Record<string, string | boolean>>({});
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [alert, setAlert] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  const profile = () => catalogue()?.profiles.find((p) => p.code === profileCode());
  const establishment = () => structures()?.find((s) => s.id === establishmentId());
  // A référent unité administers units only: no « Établissement » level (the server refuses it anyway).
  const levels = () => {
    const whole = establishment()?.wholeEstablishment ?? (structures() ?? []).some((s) => s.wholeEstablishment);
    return (profile()?.levels ?? []).filter((l) => whole || l !== 'ESTABLISHMENT');
  };
  const modeLabel = (v: unknown) =>
    typeof v === 'boolean' ? (v ? 'Oui' : 'Non') : (catalogue()?.modeLabels[String(v)] ?? String(v));

  const reset = () => {
    setProfileCode('');
    setDomain('');
    setLevel('');
    setEstablishmentId('');
    setUnitIds([]);
    setDeskId('');
    setEndsOn('');
    setChoices({});
    setErrors({});
    setAlert('');
  };
  const close = () => {
    reset();
    props.onClose();
  };

  const chooseProfile = (code: string) => {
    setProfileCode(code);
    const p = catalogue()?.profiles.find((x) => x.code === code);
    setDomain(p?.domains.length === 1 ? (p.domains[0] ?? '') : '');
    setLevel('');
    setChoices({});
  };

  const privilegeRows = (p: CatalogueProfile) => [
    { key: 'dashboard', label: PRIVILEGE_LABELS.dashboard, rule: p.rules.dashboard as Rule<unknown> },
    ...SECTIONS.map((s) => ({
      key: `sections.${s}`,
      label: SECTION_LABELS[s],
      rule: p.rules.sections[s] as Rule<unknown>,
    })),
    { key: 'sendRequests', label: PRIVILEGE_LABELS.sendRequests, rule: p.rules.sendRequests as Rule<unknown> },
    { key: 'teleExpertise', label: PRIVILEGE_LABELS.teleExpertise, rule: p.rules.teleExpertise as Rule<unknown> },
  ];

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const c = choices();
    const sections: Record<string, string> = {};
    for (const s of SECTIONS) if (typeof c[`sections.${s}`] === 'string') sections[s] = c[`sections.${s}`] as string;
    const input = {
      accountIds: [props.accountId],
      profile: profileCode() || undefined,
      domain: domain() || undefined,
      level: level() || undefined,
      establishmentId: establishmentId() || undefined,
      unitIds: level() === 'UNIT' ? unitIds() : [],
      ...(level() === 'ADMISSION_DESK' && deskId() ? { admissionDeskId: deskId() } : {}),
      ...(endsOn() ? { endsOn: endsOn() } : {}),
      privileges: {
        ...(typeof c.dashboard === 'string' ? { dashboard: c.dashboard } : {}),
        ...(Object.keys(sections).length > 0 ? { sections } : {}),
        ...(typeof c.sendRequests === 'boolean' ? { sendRequests: c.sendRequests } : {}),
        ...(typeof c.teleExpertise === 'boolean' ? { teleExpertise: c.teleExpertise } : {}),
      },
    };
    const parsed = grantHabilitationsInput.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error.issues).fieldErrors);
      setAlert('');
      queueMicrotask(() => document.querySelector<HTMLElement>('#attribution [aria-invalid="true"]')?.focus());
      return;
    }
    setErrors({});
    setBusy(true);
    const outcome = await attempt(() => trpc.habilitations.grant.mutate(parsed.data));
    setBusy(false);
    if (outcome.error) {
      setErrors(outcome.error.fieldErrors);
      setAlert(outcome.error.message ?? (Object.keys(outcome.error.fieldErrors).length ? '' : 'Erreur.'));
      return;
    }
    const label = profile()?.label ?? '';
    reset();
    props.onGranted(`L'habilitation « ${label} » a été ajoutée, jusqu'au ${formatDay(outcome.done.endsOn)}.`);
  };

  const invalid = (name: string) => ({
    'aria-invalid': errors()[name] ? true : undefined,
    'aria-describedby': errors()[name] ? `attribution-${name}-erreur` : undefined,
  });
  const fieldError = (name: string) => (
    <Show when={errors()[name]}>
      <p id={`attribution-${name}-erreur`} class="field-error">
        {errors()[name]}
      </p>
    </Show>
  );

  return (
    <Dialog
      open={props.open}
      title="Ajouter une habilitation"
      onClose={close}
      actions={
        <>
          <button type="submit" form="attribution" class="button button-primary" disabled={busy()}>
            Fermer
          </button>
          <button type="button" class="button button-secondary" onClick={close}>
            Annuler
          </button>
        </>
      }
    >
      <form id="attribution" novalidate onSubmit={submit}>
        <div role="alert" class="alert alert-error">
          {alert()}
        </div>
        <p class="note">« Fermer » enregistre l'habilitation.</p>
        <div class="field">
          <label for="attribution-profile">Profil</label>
          {fieldError('profile')}
          <select
            id="attribution-profile"
            data-autofocus
            {...invalid('profile')}
            value={profileCode()}
            onChange={(e) => chooseProfile(e.currentTarget.value)}
          >
            <option value="">Choisissez</option>
            <For each={catalogue()?.profiles ?? []}>{(p) => <option value={p.code}>{p.label}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="attribution-domain">Domaine</label>
          {fieldError('domain')}
          <select
            id="attribution-domain"
            {...invalid('domain')}
            value={domain()}
            onChange={(e) => setDomain(e.currentTarget.value)}
          >
            <option value="">Choisissez</option>
            <For each={profile()?.domains ?? []}>
              {(d) => <option value={d}>{DOMAIN_LABELS[d as Domain] ?? d}</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="attribution-level">Niveau</label>
          {fieldError('level')}
          <select
            id="attribution-level"
            {...invalid('level')}
            value={level()}
            onChange={(e) => setLevel(e.currentTarget.value)}
          >
            <option value="">Choisissez</option>
            <For each={levels()}>{(l) => <option value={l}>{LEVEL_LABELS[l as Level]}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="attribution-establishmentId">Structure</label>
          {fieldError('establishmentId')}
          <select
            id="attribution-establishmentId"
            {...invalid('establishmentId')}
            value={establishmentId()}
            onChange={(e) => {
              setEstablishmentId(e.currentTarget.value);
              setUnitIds([]);
              setDeskId('');
              if (!levels().includes(level() as Level)) setLevel('');
            }}
          >
            <option value="">Choisissez</option>
            <For each={structures() ?? []}>{(s) => <option value={s.id}>{s.name}</option>}</For>
          </select>
        </div>
        <Show when={level() === 'UNIT' && establishment()}>
          {(s) => (
            <fieldset class="field" aria-describedby={errors().unitIds ? 'attribution-unitIds-erreur' : undefined}>
              <legend>Unités</legend>
              {fieldError('unitIds')}
              <For each={s().units}>
                {(u) => (
                  <div class="radio">
                    <input
                      type="checkbox"
                      class="checkbox"
                      id={`attribution-unite-${u.id}`}
                      checked={unitIds().includes(u.id)}
                      onChange={(e) =>
                        setUnitIds(
                          e.currentTarget.checked ? [...unitIds(), u.id] : unitIds().filter((id) => id !== u.id),
                        )
                      }
                    />
                    <label for={`attribution-unite-${u.id}`}>{u.name}</label>
                  </div>
                )}
              </For>
            </fieldset>
          )}
        </Show>
        <Show when={level() === 'ADMISSION_DESK' && establishment()}>
          {(s) => (
            <div class="field">
              <label for="attribution-admissionDeskId">Guichet</label>
              {fieldError('admissionDeskId')}
              <select
                id="attribution-admissionDeskId"
                {...invalid('admissionDeskId')}
                value={deskId()}
                onChange={(e) => setDeskId(e.currentTarget.value)}
              >
                <option value="">Choisissez</option>
                <For each={s().admissionDesks}>{(d) => <option value={d.id}>{d.name}</option>}</For>
              </select>
            </div>
          )}
        </Show>
        <div class="field">
          <label for="attribution-endsOn">Date de fin</label>
          <p class="field-hint" id="attribution-endsOn-aide">
            Facultative : sans date, l'habilitation dure 5 ans.
          </p>
          {fieldError('endsOn')}
          <input
            id="attribution-endsOn"
            type="date"
            value={endsOn()}
            aria-invalid={errors().endsOn ? true : undefined}
            aria-describedby={
              errors().endsOn ? 'attribution-endsOn-aide attribution-endsOn-erreur' : 'attribution-endsOn-aide'
            }
            onInput={(e) => setEndsOn(e.currentTarget.value)}
          />
        </div>
        <Show when={profile()}>
          {(p) => (
            <fieldset class="field">
              <legend>Droits</legend>
              <ul class="privilege-rules">
                <For each={privilegeRows(p())}>
                  {(row) => (
                    <li>
                      <Switch>
                        <Match when={row.rule.kind === 'CHOICE' && (row.rule as Rule<unknown> & { kind: 'CHOICE' })}>
                          {(rule) =>
                            typeof rule().default === 'boolean' ? (
                              <span class="radio">
                                <input
                                  type="checkbox"
                                  class="checkbox"
                                  id={`attribution-droit-${row.key}`}
                                  checked={(choices()[row.key] ?? rule().default) as boolean}
                                  onChange={(e) => setChoices({ ...choices(), [row.key]: e.currentTarget.checked })}
                                />
                                <label for={`attribution-droit-${row.key}`}>{row.label}</label>
                              </span>
                            ) : (
                              <span class="privilege-choice">
                                <label for={`attribution-droit-${row.key}`}>{row.label}</label>
                                <select
                                  id={`attribution-droit-${row.key}`}
                                  value={String(choices()[row.key] ?? rule().default)}
                                  onChange={(e) => setChoices({ ...choices(), [row.key]: e.currentTarget.value })}
                                >
                                  <For each={rule().allowed}>
                                    {(v) => <option value={String(v)}>{modeLabel(v)}</option>}
                                  </For>
                                </select>
                              </span>
                            )
                          }
                        </Match>
                        <Match when={row.rule.kind === 'NOT_DEPLOYED'}>
                          <span class="privilege-not-deployed">{row.label} : Non déployé</span>
                        </Match>
                        <Match when={row.rule.kind === 'FIXED' && (row.rule as Rule<unknown> & { kind: 'FIXED' })}>
                          {(rule) => (
                            <span>
                              {row.label} : {modeLabel(rule().value)} <span class="muted">(non modifiable)</span>
                            </span>
                          )}
                        </Match>
                      </Switch>
                    </li>
                  )}
                </For>
              </ul>
            </fieldset>
          )}
        </Show>
      </form>
    </Dialog>
  );
}
