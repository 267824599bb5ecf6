import { For, Show } from 'solid-js';
import { formatDay } from '../lib/format';
import { domainLabel, placeOf } from '../lib/habilitations';
import type { AccountDetail } from '../lib/trpc';
import { ACCOUNTS_TEXTS } from './texts';

const T = ACCOUNTS_TEXTS.habilitations;

type AccountHabilitation = AccountDetail['habilitations'][number];

/** How a habilitation of the account is named in labels: profile, place and establishment. */
export function describeHabilitation(h: AccountHabilitation): string {
  return `${h.profileLabel} — ${placeOf(h) ?? T.wholeEstablishment}, ${h.establishmentName}`;
}

/** The habilitations of an account; with the calendar and the red cross when the référent manages it. */
export function AccountHabilitationsTable(props: {
  habilitations: AccountDetail['habilitations'];
  onChangeEnd?: ((h: AccountHabilitation) => void) | undefined;
  onDelete?: ((h: AccountHabilitation) => void) | undefined;
}) {
  return (
    <section class="table-scroll" aria-label={T.tableRegion} tabindex="0">
      <table>
        <caption class="visually-hidden">{T.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{T.columns.profile}</th>
            <th scope="col">{T.columns.domain}</th>
            <th scope="col">{T.columns.establishment}</th>
            <th scope="col">{T.columns.unit}</th>
            <th scope="col">{T.columns.startsOn}</th>
            <th scope="col">{T.columns.endsOn}</th>
            <Show when={props.onChangeEnd}>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </Show>
          </tr>
        </thead>
        <tbody>
          <For each={props.habilitations}>
            {(h) => (
              <tr>
                <th scope="row">{h.profileLabel}</th>
                <td>{domainLabel(h.domain)}</td>
                <td>{h.establishmentName}</td>
                <td>{placeOf(h) ?? T.wholeEstablishment}</td>
                <td>{formatDay(h.startsOn)}</td>
                <td classList={{ 'expiry-red': h.expiry === 'RED', 'expiry-orange': h.expiry === 'ORANGE' }}>
                  {formatDay(h.endsOn)}
                  <Show when={h.expiry}>
                    <span> ({h.expiry === 'RED' ? 'fin très proche' : 'fin proche'})</span>
                  </Show>
                </td>
                <Show when={props.onChangeEnd}>
                  <td class="cell-actions">
                    <button type="button" class="icon-button" onClick={() => props.onChangeEnd?.(h)}>
                      <span aria-hidden="true">📅</span>
                      <span class="visually-hidden">Modifier la date de fin de {describeHabilitation(h)}</span>
                    </button>
                    <button type="button" class="icon-button icon-button-danger" onClick={() => props.onDelete?.(h)}>
                      <span aria-hidden="true" class="cross" />
                      <span class="visually-hidden">Supprimer l'habilitation de {describeHabilitation(h)}</span>
                    </button>
                  </td>
                </Show>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}
