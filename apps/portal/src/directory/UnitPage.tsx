import { A, createAsync, useParams } from '@solidjs/router';
import { isRorManaged, UNIT_LOCAL_FIELDS, type UnitField } from '@trajectoire/domain';
import { createEffect, For, Match, Show, Switch } from 'solid-js';
import { setPageTitle } from '../lib/page-title';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { updateUnit } from './actions';
import { DirectoryField } from './Field';
import { UNIT_FORM } from './fields';
import { getUnit } from './queries';
import { useRecordForm } from './record-form';
import { DIRECTORY_TEXTS } from './texts';
import type { Unit, UnitDetail } from './types';

const T = DIRECTORY_TEXTS.unit;

/** A unit's page: the ROR's fields greyed, the local ones typed (coverage for home care only). */
export function UnitPage() {
  const params = useParams();
  const detail = createAsync(() => getUnit(params.unitId ?? ''));
  setPageTitle(T.loadingTitle);
  createEffect(() => {
    const found = detail()?.done;
    if (found) setPageTitle(T.title(found.unit.name));
  });
  return (
    <>
      <p class="breadcrumb">
        <A href={`/etablissements/${params.id ?? ''}/unites`}>{T.back}</A>
      </p>
      <Switch>
        <Match when={detail()?.error}>
          {(error) => (
            <section class="card" aria-labelledby="unite-titre">
              <h2 id="unite-titre">{T.notFound}</h2>
              <div role="alert" class="alert alert-error">
                {error().message ?? Object.values(error().fieldErrors)[0]}
              </div>
            </section>
          )}
        </Match>
        <Match when={detail()?.done}>{(found) => <UnitForm detail={found()} />}</Match>
      </Switch>
    </>
  );
}

const LOCAL = UNIT_LOCAL_FIELDS as readonly UnitField[];

function UnitForm(props: { detail: UnitDetail }) {
  const u = () => props.detail.unit;
  const readOnly = (field: UnitField) => !props.detail.may.edit || props.detail.readOnly.includes(field);
  const { submission, generation, setForm, reload } = useRecordForm(updateUnit, getUnit.key, 'unite');
  const errors = () => submission.result?.error?.fieldErrors ?? {};
  const managed = () => isRorManaged(u().syncState);
  const rorFields = UNIT_FORM.filter((f) => !LOCAL.includes(f.field));
  // Coverage means something for home care only.
  const localFields = () =>
    UNIT_FORM.filter((f) => LOCAL.includes(f.field) && (f.field !== 'coverage' || u().kind === 'HAD'));

  return (
    <section class="card" aria-labelledby="unite-titre">
      <h2 id="unite-titre">{u().name}</h2>
      <Show when={u().closedAt}>
        <p class="alert alert-warning">{T.closed}</p>
      </Show>
      <FormAlert>
        <Show when={submission.result?.error?.message}>
          {(message) => (
            <>
              <p>{message()}</p>
              <Show when={submission.result?.error?.appCode === 'DIRECTORY_STALE'}>
                <button type="button" class="button button-secondary" onClick={() => void reload()}>
                  {DIRECTORY_TEXTS.errors.reload}
                </button>
              </Show>
            </>
          )}
        </Show>
      </FormAlert>
      <FormStatus>
        <Show when={submission.result?.done}>
          {(done) => (done().saved ? T.saved : DIRECTORY_TEXTS.general.nothingChanged)}
        </Show>
      </FormStatus>
      <Show when={!props.detail.may.edit}>
        <p class="note">{T.readOnly}</p>
      </Show>
      <Show when={generation()} keyed>
        <form
          ref={setForm}
          action={updateUnit.with({ unit: u(), readOnly: props.detail.readOnly })}
          method="post"
          novalidate
        >
          <fieldset class="directory-group" classList={{ 'directory-group-ror': managed() }}>
            <legend>{T.rorSection}</legend>
            <p id="note-ror-unite" class="note ror-note">
              {managed() ? T.fromRor : T.notSynchronised}
            </p>
            <div class="form-grid">
              <For each={rorFields}>
                {(f) => (
                  <DirectoryField
                    id={`unite-${f.field}`}
                    name={f.field}
                    label={T.fields[f.field as keyof typeof T.fields]}
                    hint={f.kind === 'list' ? T.listHint : undefined}
                    kind={f.kind}
                    codes={f.codes}
                    value={u()[f.field as keyof Unit]}
                    readOnly={readOnly(f.field)}
                    maxlength={f.maxlength}
                    error={errors()[f.field]}
                    describedBy="note-ror-unite"
                  />
                )}
              </For>
            </div>
          </fieldset>
          <fieldset class="directory-group">
            <legend>{T.localSection}</legend>
            <div class="form-grid">
              <For each={localFields()}>
                {(f) => (
                  <DirectoryField
                    id={`unite-${f.field}`}
                    name={f.field}
                    label={T.fields[f.field as keyof typeof T.fields]}
                    hint={f.field === 'coverage' ? T.coverageHint : f.kind === 'list' ? T.listHint : undefined}
                    kind={f.kind}
                    value={u()[f.field as keyof Unit]}
                    readOnly={readOnly(f.field)}
                    maxlength={f.maxlength}
                    error={errors()[f.field]}
                  />
                )}
              </For>
            </div>
          </fieldset>
          <Show when={props.detail.may.edit}>
            <div class="form-actions">
              <button type="submit" class="button button-primary" disabled={submission.pending}>
                {submission.pending ? T.saving : T.save}
              </button>
            </div>
          </Show>
        </form>
      </Show>
    </section>
  );
}
