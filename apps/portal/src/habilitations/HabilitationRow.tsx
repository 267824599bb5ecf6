import { createSignal, For, Show } from 'solid-js';
import { formatDay } from '../lib/format';
import { domainLabel, placeAndEstablishment, placeOf } from '../lib/habilitations';
import type { HabilitationColumns, TableHabilitation } from './table-types';
import { HABILITATIONS_TEXTS } from './texts';

const T = HABILITATIONS_TEXTS.table;

/** One habilitation, with the cells of the columns shown, in the order of the headers. */
export function HabilitationRow<H extends TableHabilitation>(props: {
  habilitation: H;
  columns: HabilitationColumns<H>;
}) {
  const h = () => props.habilitation;
  const c = () => props.columns;
  const cell = (when: unknown, text: () => string | undefined) => <Show when={when}>{<td>{text()}</td>}</Show>;
  return (
    <tr>
      <Show when={c().holder} fallback={<th scope="row">{h().profileLabel}</th>}>
        <th scope="row">{h().lastName}</th>
        <td>{h().firstName}</td>
        <td class="cell-wrap">{h().username}</td>
        <td>{h().profileLabel}</td>
      </Show>
      {cell(c().domain, () => domainLabel(h().domain ?? ''))}
      <Show when={c().establishment}>
        {(establishment) => (
          <td>
            {h().establishmentName}
            <Show when={establishment().departement}>
              {(departement) => (
                <>
                  {' '}
                  <span class="muted">{departement()(h().departement ?? '')}</span>
                </>
              )}
            </Show>
          </td>
        )}
      </Show>
      <Show when={c().unit}>{(unit) => <td>{placeOf(h()) ?? unit().whole}</td>}</Show>
      {cell(c().place, () => placeAndEstablishment(h()))}
      <td>{formatDay(h().startsOn)}</td>
      <Show when={c().endsOn.expiry} fallback={<td>{formatDay(h().endsOn)}</td>}>
        <td classList={{ 'expiry-red': h().expiry === 'RED', 'expiry-orange': h().expiry === 'ORANGE' }}>
          {formatDay(h().endsOn)}
          <Show when={h().expiry}>{(level) => <span class="expiry-note">{T.expiry(level())}</span>}</Show>
        </td>
      </Show>
      <Show when={c().state}>
        {(state) => (
          <td>
            <span class="badge" classList={{ 'badge-active': h().active, 'badge-inactive': !h().active }}>
              {h().active ? state().active : state().inactive}
            </span>
          </td>
        )}
      </Show>
      <Show when={c().emails}>
        {(emails) => (
          <td class="cell-center">
            <input
              type="checkbox"
              class="checkbox"
              checked={h().receiveEmails}
              aria-label={emails().label(h())}
              onChange={async (event) => {
                const box = event.currentTarget;
                const wanted = box.checked;
                const outcome = await emails().onChange(h(), wanted);
                if (outcome.error) box.checked = !wanted;
              }}
            />
          </td>
        )}
      </Show>
      <Show when={c().privileges}>
        {(privileges) => (
          <td>
            <PrivilegesToggle id={h().id} who={privileges().who(h())} lines={h().privileges ?? []} />
          </td>
        )}
      </Show>
      <Show when={c().actions}>
        {(actions) => (
          <td class={actions().changeEnd ? 'cell-actions' : 'cell-center'}>
            <Show when={actions().changeEnd}>
              {(changeEnd) => (
                <button type="button" class="icon-button" onClick={() => changeEnd().onClick(h())}>
                  <span aria-hidden="true">📅</span>
                  <span class="visually-hidden">{changeEnd().label(h())}</span>
                </button>
              )}
            </Show>
            <Show when={actions().remove}>
              {(remove) => (
                <button type="button" class="icon-button icon-button-danger" onClick={() => remove().onClick(h())}>
                  <span aria-hidden="true" class="cross" />
                  <span class="visually-hidden">{remove().label(h())}</span>
                </button>
              )}
            </Show>
          </td>
        )}
      </Show>
    </tr>
  );
}

/** « Droits »: a disclosure button and the privilege lines it shows. */
function PrivilegesToggle(props: { id: string; who: string; lines: readonly string[] }) {
  const [open, setOpen] = createSignal(false);
  const panelId = `droits-${props.id}`;
  return (
    <>
      <button
        type="button"
        class="button-link"
        aria-expanded={open()}
        aria-controls={panelId}
        onClick={() => setOpen(!open())}
      >
        <span class="disclosure-sign" aria-hidden="true">
          {open() ? '−' : '+'}
        </span>
        {T.privileges}
        <span class="visually-hidden">{T.privilegesOf(props.who)}</span>
      </button>
      <ul id={panelId} class="privileges" hidden={!open()}>
        <For each={props.lines}>{(line) => <li>{line}</li>}</For>
      </ul>
    </>
  );
}
