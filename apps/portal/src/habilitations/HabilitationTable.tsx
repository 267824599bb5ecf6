import { For, Index, Show } from 'solid-js';
import { HabilitationRow } from './HabilitationRow';
import type { ReviewSort } from './queries';
import type { HabilitationColumns, TableHabilitation, TableSort } from './table-types';

export type { HabilitationColumns, RowAction, TableHabilitation, TableSort } from './table-types';

/** The one table of habilitations: home page, « Mon compte », an account's page, the review. */
export function HabilitationTable<H extends TableHabilitation>(props: {
  habilitations: readonly H[];
  /** The scrolling region's name, and the table's caption (hidden: a visible heading names the section). */
  region: string;
  caption: string;
  columns: HabilitationColumns<H>;
  sort?: TableSort | undefined;
  /** Rows kept by position, so that a refreshed list keeps the row, and the focus, of the box just ticked. */
  byPosition?: boolean;
}) {
  return (
    // Scrolls sideways when too narrow for its columns, so it must take the keyboard focus too; on a
    // phone its rows become cards (styles.css), each with its actions in reach.
    <section class="table-scroll habilitation-table" aria-label={props.region} tabindex="0">
      <table>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <HeaderRow columns={props.columns} sort={props.sort} />
        </thead>
        <tbody>
          <Show
            when={props.byPosition}
            fallback={
              <For each={props.habilitations}>
                {(h) => <HabilitationRow habilitation={h} columns={props.columns} />}
              </For>
            }
          >
            <Index each={props.habilitations}>
              {(h) => <HabilitationRow habilitation={h()} columns={props.columns} />}
            </Index>
          </Show>
        </tbody>
      </table>
    </section>
  );
}

function HeaderRow<H>(props: { columns: HabilitationColumns<H>; sort: TableSort | undefined }) {
  const c = () => props.columns;
  const plain = (label: string | undefined) => <Show when={label}>{(l) => <th scope="col">{l()}</th>}</Show>;
  return (
    <tr>
      <Show when={c().holder}>{(holder) => <ColumnHeader label={holder().header} by="NAME" sort={props.sort} />}</Show>
      <ColumnHeader label={c().profile} by="PROFILE" sort={props.sort} />
      {plain(c().domain)}
      {plain(c().establishment?.header)}
      {plain(c().unit?.header)}
      {plain(c().place?.header)}
      {plain(c().startsOn)}
      <ColumnHeader label={c().endsOn.header} by="END" sort={props.sort} />
      {plain(c().state?.header)}
      <Show when={c().emails?.header}>
        {(header) => (
          <th scope="col" class="header-wrap">
            {header()}
          </th>
        )}
      </Show>
      {plain(c().privileges?.header)}
      <Show when={c().actions}>
        {(actions) => (
          <th scope="col">
            <span class="visually-hidden">{actions().header}</span>
          </th>
        )}
      </Show>
    </tr>
  );
}

/** A header; a button that sorts by it when the table is sorted. */
function ColumnHeader(props: { label: string; by: ReviewSort; sort: TableSort | undefined }) {
  const active = () => props.sort?.by === props.by;
  const ascending = () => props.sort?.direction === 'ASC';
  return (
    <Show when={props.sort} fallback={<th scope="col">{props.label}</th>}>
      {(sort) => (
        <th scope="col" class="sortable" aria-sort={active() ? (ascending() ? 'ascending' : 'descending') : undefined}>
          <button type="button" class="button-link sort-button" onClick={() => sort().onSort(props.by)}>
            {props.label}
            <span aria-hidden="true">{active() ? (ascending() ? ' ▲' : ' ▼') : ''}</span>
          </button>
        </th>
      )}
    </Show>
  );
}
