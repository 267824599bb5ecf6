import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { formatDay } from '../lib/format';
import { domainLabel, placeOf } from '../lib/habilitations';
import { CalendarIcon } from '../ui/icons';
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
  // Each cell carries its column's header, shown before it when rows become cards (styles.css).
  const cell = (label: string | undefined, text: () => string | undefined) => (
    <Show when={label}>{(l) => <td data-label={l()}>{text()}</td>}</Show>
  );
  // A unit gone from the directory: its habilitations stay listed, the unit marked closed.
  const closed = () => (
    <Show when={h().unitClosed}>
      {' '}
      <span class="badge badge-ended">{T.unitClosed}</span>
    </Show>
  );
  const offered = (action: { offered?: (h: H) => boolean } | undefined) =>
    action !== undefined && (action.offered?.(h()) ?? true);
  return (
    <tr classList={{ 'row-ended': h().state === 'ENDED' }}>
      <Show when={c().holder} fallback={<th scope="row">{h().profileLabel}</th>}>
        <th scope="row" class="cell-holder">
          <span class="holder-name">
            {h().lastName} {h().firstName}
          </span>{' '}
          <span class="holder-username">{h().username}</span>
        </th>
        <td data-label={c().profile}>{h().profileLabel}</td>
      </Show>
      {cell(c().domain, () => domainLabel(h().domain ?? ''))}
      <Show when={c().establishment}>
        {(establishment) => (
          <td data-label={establishment().header}>
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
      <Show when={c().unit}>
        {(unit) => (
          <td data-label={unit().header}>
            {placeOf(h()) ?? unit().whole}
            {closed()}
          </td>
        )}
      </Show>
      <Show when={c().place}>
        {(place) => (
          <td data-label={place().header}>
            <span class="cell-line">
              {placeOf(h()) ?? place().whole}
              {closed()}
            </span>{' '}
            <span class="cell-line muted">{h().establishmentName}</span>
          </td>
        )}
      </Show>
      <td class="cell-date" data-label={c().startsOn}>
        {formatDay(h().startsOn)}
      </td>
      <Show
        when={c().endsOn.expiry}
        fallback={
          <td class="cell-date" data-label={c().endsOn.header}>
            {formatDay(h().endsOn)}
          </td>
        }
      >
        <td
          data-label={c().endsOn.header}
          classList={{
            'cell-date': true,
            'expiry-red': h().expiry === 'RED' && h().state !== 'ENDS_TODAY',
            'expiry-orange': h().expiry === 'ORANGE',
          }}
        >
          {formatDay(h().endsOn)}
          <Switch>
            <Match when={h().state === 'ENDED'}>
              {' '}
              <span class="badge badge-ended">{T.ended}</span>
            </Match>
            <Match when={h().state === 'ENDS_TODAY'}>
              {' '}
              <span class="badge badge-ends-today">{T.endsToday}</span>
            </Match>
            <Match when={h().expiry}>{(level) => <span class="expiry-note">{T.expiry(level())}</span>}</Match>
          </Switch>
        </td>
      </Show>
      <Show when={c().state}>
        {(state) => (
          <td data-label={state().header}>
            <span class="badge" classList={{ 'badge-active': h().active, 'badge-inactive': !h().active }}>
              {h().active ? state().active : state().inactive}
            </span>
          </td>
        )}
      </Show>
      <Show when={c().emails}>
        {(emails) => (
          <td class="cell-center" data-label={emails().header}>
            <input
              type="checkbox"
              class="checkbox"
              checked={h().receiveEmails}
              disabled={!offered(emails())}
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
          // No label before it on a card: the toggle says « Droits » itself.
          <td class="cell-privileges">
            <PrivilegesToggle id={h().id} who={privileges().who(h())} lines={h().privileges ?? []} />
          </td>
        )}
      </Show>
      <Show when={c().actions}>
        {(actions) => (
          <td class={actions().changeEnd ? 'cell-actions' : 'cell-center'}>
            <Show when={offered(actions().changeEnd) && actions().changeEnd}>
              {(changeEnd) => (
                <button type="button" class="icon-button" onClick={() => changeEnd().onClick(h())}>
                  <CalendarIcon />
                  <span class="visually-hidden">{changeEnd().label(h())}</span>
                </button>
              )}
            </Show>
            <Show when={offered(actions().remove) && actions().remove}>
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
