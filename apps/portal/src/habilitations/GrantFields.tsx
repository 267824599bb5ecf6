import { For, Show } from 'solid-js';
import type { GrantForm } from './actions';
import type { CatalogueProfile, Structure } from './queries';
import { HABILITATIONS_TEXTS } from './texts';

const T = HABILITATIONS_TEXTS.grant;

export type FieldErrors = Record<string, string>;

/** A field's error state, for its control: the error is read with the field. */
export function invalid(errors: FieldErrors, name: string) {
  return {
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `attribution-${name}-erreur` : undefined,
  } as const;
}

/** The error under a field's label. */
export function FieldError(props: { errors: FieldErrors; name: string }) {
  return (
    <Show when={props.errors[props.name]}>
      <p id={`attribution-${props.name}-erreur`} class="field-error">
        {props.errors[props.name]}
      </p>
    </Show>
  );
}

/** A labelled list to choose from, « Choisissez » first. */
function Picker(props: {
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  /** By value, so that a list read again keeps its options, and the one chosen. */
  options: readonly string[];
  labelOf: (value: string) => string;
  onChange: (value: string) => void;
  autofocus?: boolean;
}) {
  return (
    <div class="field">
      <label for={`attribution-${props.name}`}>{props.label}</label>
      <FieldError errors={props.errors} name={props.name} />
      <select
        id={`attribution-${props.name}`}
        data-autofocus={props.autofocus}
        {...invalid(props.errors, props.name)}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <option value="">{T.choose}</option>
        <For each={props.options}>{(o) => <option value={o}>{props.labelOf(o)}</option>}</For>
      </select>
    </div>
  );
}

/** « Profil », then « Domaine » among those of the profile. */
export function ProfilePicker(props: {
  profiles: readonly CatalogueProfile[];
  profile: CatalogueProfile | undefined;
  form: GrantForm;
  errors: FieldErrors;
  domainLabel: (domain: string) => string;
  onProfile: (code: string) => void;
  onDomain: (domain: string) => void;
}) {
  return (
    <>
      <Picker
        name="profile"
        label={T.profile}
        autofocus
        value={props.form.profile}
        errors={props.errors}
        options={props.profiles.map((p) => p.code)}
        labelOf={(code) => props.profiles.find((p) => p.code === code)?.label ?? code}
        onChange={props.onProfile}
      />
      <Picker
        name="domain"
        label={T.domain}
        value={props.form.domain}
        errors={props.errors}
        options={props.profile?.domains ?? []}
        labelOf={props.domainLabel}
        onChange={props.onDomain}
      />
    </>
  );
}

/** « Niveau »: where the habilitation applies, among those the profile and the référent allow. */
export function LevelPicker(props: {
  levels: readonly string[];
  value: string;
  errors: FieldErrors;
  levelLabel: (level: string) => string;
  onChange: (level: string) => void;
}) {
  return (
    <Picker
      name="level"
      label={T.level}
      value={props.value}
      errors={props.errors}
      options={props.levels}
      labelOf={props.levelLabel}
      onChange={props.onChange}
    />
  );
}

/** « Structure », then its « Unités » or its « Guichet » as the level asks. */
export function PlacePicker(props: {
  structures: readonly Structure[];
  establishment: Structure | undefined;
  form: GrantForm;
  errors: FieldErrors;
  onEstablishment: (id: string) => void;
  onUnits: (ids: string[]) => void;
  onDesk: (id: string) => void;
}) {
  const toggle = (id: string, checked: boolean) =>
    props.onUnits(checked ? [...props.form.unitIds, id] : props.form.unitIds.filter((u) => u !== id));
  return (
    <>
      <Picker
        name="establishmentId"
        label={T.establishment}
        value={props.form.establishmentId}
        errors={props.errors}
        options={props.structures.map((s) => s.id)}
        labelOf={(id) => props.structures.find((s) => s.id === id)?.name ?? id}
        onChange={props.onEstablishment}
      />
      <Show when={props.form.level === 'UNIT' && props.establishment}>
        {(s) => (
          <fieldset class="field" aria-describedby={props.errors.unitIds ? 'attribution-unitIds-erreur' : undefined}>
            <legend>{T.units}</legend>
            <FieldError errors={props.errors} name="unitIds" />
            {/* A closed unit keeps its habilitations but receives no new one (the server refuses it too). */}
            <For each={s().units.filter((u) => !u.closed)}>
              {(u) => (
                <div class="radio">
                  <input
                    type="checkbox"
                    class="checkbox"
                    id={`attribution-unite-${u.id}`}
                    checked={props.form.unitIds.includes(u.id)}
                    onChange={(e) => toggle(u.id, e.currentTarget.checked)}
                  />
                  <label for={`attribution-unite-${u.id}`}>{u.name}</label>
                </div>
              )}
            </For>
          </fieldset>
        )}
      </Show>
      <Show when={props.form.level === 'ADMISSION_DESK' && props.establishment}>
        {(s) => (
          <Picker
            name="admissionDeskId"
            label={T.admissionDesk}
            value={props.form.admissionDeskId}
            errors={props.errors}
            options={s()
              .admissionDesks.filter((d) => !d.closed)
              .map((d) => d.id)}
            labelOf={(id) => s().admissionDesks.find((d) => d.id === id)?.name ?? id}
            onChange={props.onDesk}
          />
        )}
      </Show>
    </>
  );
}

/** « Date de fin », optional. */
export function EndDateField(props: { value: string; errors: FieldErrors; onChange: (day: string) => void }) {
  return (
    <div class="field">
      <label for="attribution-endsOn">{T.endsOn}</label>
      <p class="field-hint" id="attribution-endsOn-aide">
        {T.endsOnHint}
      </p>
      <FieldError errors={props.errors} name="endsOn" />
      <input
        id="attribution-endsOn"
        type="date"
        value={props.value}
        aria-invalid={props.errors.endsOn ? true : undefined}
        aria-describedby={
          props.errors.endsOn ? 'attribution-endsOn-aide attribution-endsOn-erreur' : 'attribution-endsOn-aide'
        }
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
    </div>
  );
}
