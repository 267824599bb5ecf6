import { For } from 'solid-js';
import { formatDay } from '../lib/format';
import { domainLabel, placeOf } from '../lib/habilitations';
import type { Habilitation } from '../lib/trpc';
import { HOME_TEXTS } from './texts';

const T = HOME_TEXTS.habilitations;

export function HabilitationsTable(props: { habilitations: readonly Habilitation[] }) {
  return (
    // Scrolls sideways on narrow screens, so it must take the keyboard focus too.
    <section class="table-scroll" aria-label={T.tableRegion} tabindex="0">
      <table>
        {/* The section's visible heading names the table for sighted readers already. */}
        <caption class="visually-hidden">{T.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{T.columns.profile}</th>
            <th scope="col">{T.columns.domain}</th>
            <th scope="col">{T.columns.establishment}</th>
            <th scope="col">{T.columns.unit}</th>
            <th scope="col">{T.columns.startsOn}</th>
            <th scope="col">{T.columns.endsOn}</th>
            <th scope="col">{T.columns.state}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.habilitations}>
            {(h) => (
              <tr>
                <th scope="row">{h.profileLabel}</th>
                <td>{domainLabel(h.domain)}</td>
                <td>
                  {h.establishmentName} <span class="muted">{T.departement(h.departement)}</span>
                </td>
                <td>{placeOf(h) ?? T.wholeEstablishment}</td>
                <td>{formatDay(h.startsOn)}</td>
                <td>{formatDay(h.endsOn)}</td>
                <td>
                  <span class="badge" classList={{ 'badge-active': h.active, 'badge-inactive': !h.active }}>
                    {h.active ? T.active : T.inactive}
                  </span>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}
