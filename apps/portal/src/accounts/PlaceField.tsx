import { createResource, For, Show } from 'solid-js';
import { trpc } from '../lib/trpc';
import { ACCOUNTS_TEXTS } from './texts';

const T = ACCOUNTS_TEXTS.place;

type Structure = Awaited<ReturnType<typeof trpc.habilitations.structures.query>>[number];

/** « establishmentId » or « establishmentId:unitId »: the value a place option carries. */
function placeOptions(structures: readonly Structure[], nationalAdmin: boolean) {
  return structures.flatMap((s) => [
    ...(s.wholeEstablishment ? [{ value: s.id, label: T.whole(s.name) }] : []),
    // An administrator's list stays short: establishments only.
    ...(nationalAdmin ? [] : s.units.map((u) => ({ value: `${s.id}:${u.id}`, label: T.unit(s.name, u.name) }))),
  ]);
}

/**
 * « Rattachement »: where the new account is created. It puts the account in the scope of that
 * place's référents until it holds habilitations; the list offers only the référent's own places.
 */
export function PlaceField(props: { nationalAdmin: boolean; error?: string | undefined }) {
  const [structures] = createResource(() => trpc.habilitations.structures.query());
  const options = () => placeOptions(structures() ?? [], props.nationalAdmin);
  return (
    <div class="field" classList={{ 'field-invalid': !!props.error }}>
      <label for="account-place">{T.label}</label>
      <p id="account-place-aide" class="field-hint">
        {props.nationalAdmin ? T.adminHint : T.hint}
      </p>
      <Show when={props.error}>
        <p id="account-place-erreur" class="field-error">
          {props.error}
        </p>
      </Show>
      <select
        id="account-place"
        name="place"
        aria-describedby={props.error ? 'account-place-aide account-place-erreur' : 'account-place-aide'}
        aria-invalid={props.error ? 'true' : undefined}
        aria-busy={structures.loading ? 'true' : undefined}
      >
        <Show when={props.nationalAdmin}>
          <option value="">{T.none}</option>
        </Show>
        <For each={options()}>{(o) => <option value={o.value}>{o.label}</option>}</For>
      </select>
    </div>
  );
}

/** The form's « place » value as the procedure's input. */
export function placeFromForm(value: FormDataEntryValue | null) {
  if (typeof value !== 'string' || value === '') return undefined;
  const [establishmentId = '', unitId] = value.split(':');
  return unitId ? { establishmentId, unitId } : { establishmentId };
}
