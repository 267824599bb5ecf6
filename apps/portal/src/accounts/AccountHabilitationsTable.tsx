import { For } from 'solid-js';
import { formatDay } from '../lib/format';
import { domainLabel, placeOf } from '../lib/habilitations';
import type { AccountDetail } from '../lib/trpc';
import { ACCOUNTS_TEXTS } from './texts';

const T = ACCOUNTS_TEXTS.habilitations;

/** The habilitations of an account, read-only for now. */
export function AccountHabilitationsTable(props: { habilitations: AccountDetail['habilitations'] }) {
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
                <td>{formatDay(h.endsOn)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}
