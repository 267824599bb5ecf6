import { A, createAsync, useParams } from '@solidjs/router';
import { createEffect, For, Match, Show, Switch } from 'solid-js';
import { setPageTitle } from '../lib/page-title';
import { kindLabel } from './fields';
import { getEstablishment, getUnits } from './queries';
import { DIRECTORY_TEXTS } from './texts';
import type { UnitSummary } from './types';

const T = DIRECTORY_TEXTS.units;

/** « Unités de soins »: the establishment's units; « Modifier » on those the viewer may change. */
export function UnitsTab() {
  const params = useParams();
  const detail = createAsync(() => getEstablishment(params.id ?? ''));
  const units = createAsync(() => getUnits(params.id ?? ''));
  createEffect(() => {
    const found = detail()?.done;
    if (found) setPageTitle(T.title(found.establishment.name));
  });
  return (
    <section class="card" aria-labelledby="unites-titre">
      <h2 id="unites-titre">{T.heading}</h2>
      <Switch>
        <Match when={units()?.error}>
          {(error) => (
            <div role="alert" class="alert alert-error">
              {error().message ?? Object.values(error().fieldErrors)[0]}
            </div>
          )}
        </Match>
        <Match when={units()?.done}>
          {(found) => (
            <Show when={found().items.length > 0} fallback={<p>{T.none}</p>}>
              <UnitsTable establishmentId={params.id ?? ''} units={found().items} />
            </Show>
          )}
        </Match>
      </Switch>
    </section>
  );
}

function UnitsTable(props: { establishmentId: string; units: readonly UnitSummary[] }) {
  return (
    <section class="table-scroll directory-table stack-on-phone" aria-label={T.caption} tabindex="0">
      <table>
        <caption class="visually-hidden">{T.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{T.columns.name}</th>
            <th scope="col">{T.columns.kind}</th>
            <th scope="col">{T.columns.internalCode}</th>
            <th scope="col">{T.columns.capacity}</th>
            <th scope="col">{T.columns.state}</th>
            <th scope="col">
              <span class="visually-hidden">{T.columns.edit}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.units}>
            {(unit) => (
              <tr classList={{ 'row-ended': unit.closed }}>
                <th scope="row" class="cell-wrap">
                  {unit.name}
                </th>
                <td class="cell-wrap" data-label={T.columns.kind}>
                  {kindLabel(unit.kind)}
                </td>
                <td data-label={T.columns.internalCode}>{unit.internalCode || <span class="muted">—</span>}</td>
                <td data-label={T.columns.capacity}>{T.capacity(unit.capacity, unit.capacityUnit)}</td>
                <td data-label={T.columns.state}>
                  <Show when={unit.closed} fallback={<span class="muted">{T.open}</span>}>
                    <span class="badge badge-ended">{T.closed}</span>
                  </Show>
                </td>
                <td class="cell-action">
                  <Show when={unit.may.edit}>
                    <A href={`/etablissements/${props.establishmentId}/unites/${unit.id}`} class="button-link">
                      {T.edit}
                      <span class="visually-hidden"> {T.unitNamed(unit.name)}</span>
                    </A>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}
