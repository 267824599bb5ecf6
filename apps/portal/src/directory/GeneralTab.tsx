import { createAsync, useParams } from '@solidjs/router';
import { ESTABLISHMENT_LOCAL_FIELDS, type EstablishmentField, isRorManaged } from '@trajectoire/domain';
import { createEffect, For, Show } from 'solid-js';
import { setPageTitle } from '../lib/page-title';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { updateEstablishment } from './actions';
import { DirectoryField } from './Field';
import { ESTABLISHMENT_FORM } from './fields';
import { getEstablishment } from './queries';
import { useRecordForm } from './record-form';
import { DIRECTORY_TEXTS } from './texts';
import type { EstablishmentDetail } from './types';

const T = DIRECTORY_TEXTS.general;

/** « Informations générales »: the ROR's fields greyed while synchronised, the local ones typed. */
export function GeneralTab() {
  const params = useParams();
  const detail = createAsync(() => getEstablishment(params.id ?? ''));
  createEffect(() => {
    const found = detail()?.done;
    if (found) setPageTitle(T.title(found.establishment.name));
  });
  return <Show when={detail()?.done}>{(found) => <GeneralForm detail={found()} />}</Show>;
}

const LOCAL = ESTABLISHMENT_LOCAL_FIELDS as readonly EstablishmentField[];

function GeneralForm(props: { detail: EstablishmentDetail }) {
  const e = () => props.detail.establishment;
  const readOnly = (field: EstablishmentField) => !props.detail.may.edit || props.detail.readOnly.includes(field);
  const { submission, generation, setForm, reload } = useRecordForm(
    updateEstablishment,
    getEstablishment.key,
    'etablissement',
  );
  const errors = () => submission.result?.error?.fieldErrors ?? {};
  const rorFields = ESTABLISHMENT_FORM.filter((f) => !LOCAL.includes(f.field));
  const localFields = ESTABLISHMENT_FORM.filter((f) => LOCAL.includes(f.field));
  const managed = () => isRorManaged(e().syncState);

  return (
    <section class="card" aria-labelledby="informations-titre">
      <h2 id="informations-titre">{T.heading}</h2>
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
        <Show when={submission.result?.done}>{(done) => (done().saved ? T.saved : T.nothingChanged)}</Show>
      </FormStatus>
      <Show when={!props.detail.may.edit}>
        <p class="note">{T.readOnly}</p>
      </Show>
      <Show when={generation()} keyed>
        <form
          ref={setForm}
          action={updateEstablishment.with({ establishment: e(), readOnly: props.detail.readOnly })}
          method="post"
          novalidate
        >
          <fieldset class="directory-group" classList={{ 'directory-group-ror': managed() }}>
            <legend>{managed() ? T.rorSection : T.identity}</legend>
            <p id="note-ror" class="note ror-note">
              {managed() ? T.fromRor : T.notSynchronised}
            </p>
            <div class="form-grid">
              <For each={rorFields}>
                {(f) => (
                  <DirectoryField
                    id={`etablissement-${f.field}`}
                    name={f.field}
                    label={T.fields[f.field as keyof typeof T.fields]}
                    kind={f.kind}
                    value={e()[f.field]}
                    readOnly={readOnly(f.field)}
                    maxlength={f.maxlength}
                    error={errors()[f.field]}
                    describedBy="note-ror"
                  />
                )}
              </For>
            </div>
          </fieldset>
          <fieldset class="directory-group">
            <legend>{T.localSection}</legend>
            <div class="form-grid">
              <For each={localFields}>
                {(f) => (
                  <DirectoryField
                    id={`etablissement-${f.field}`}
                    name={f.field}
                    label={T.fields[f.field as keyof typeof T.fields]}
                    hint={f.field === 'description' ? T.descriptionHint : T.accessItineraryHint}
                    kind={f.kind}
                    value={e()[f.field]}
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
