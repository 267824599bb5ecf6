import { For, Index, Show } from 'solid-js';
import type { Outcome } from '../lib/errors';
import { HabilitationRow } from './HabilitationRow';
import type { ReviewDirection, ReviewSort } from './queries';

/** A habilitation as the tables get it; the columns shown say which of the optional fields they read. */
export interface TableHabilitation {
  id: string;
  profileLabel: string;
  level: 'ESTABLISHMENT' | 'UNIT' | 'ADMISSION_DESK';
  establishmentName: string;
  unitName: string | null;
  admissionDeskName: string | null;
  startsOn: string;
  endsOn: string;
  domain?: string;
  departement?: string;
  expiry?: 'RED' | 'ORANGE' | null;
  active?: boolean;
  receiveEmails?: boolean;
  privileges?: readonly string[];
  lastName?: string;
  firstName?: string;
  username?: string;
}

/** A button of the actions column: its accessible name for a row, and what it does. */
export interface RowAction<H> {
  label: (h: H) => string;
  onClick: (h: H) => void;
}

/**
 * The columns shown, each with its header; they always come in this order. The holder's last
 * name heads each row when the holder is shown, the profile otherwise.
 */
export interface HabilitationColumns<H> {
  holder?: { lastName: string; firstName: string; username: string };
  profile: string;
  domain?: string;
  /** The establishment, followed by its département when `departement` words it. */
  establishment?: { header: string; departement?: (code: string) => string };
  /** The unit or admission desk, or `whole` for the whole establishment. */
  unit?: { header: string; whole: string };
  /** Unit or desk, then establishment, in one column. */
  place?: string;
  startsOn: string;
  /** With the orange or red of a near end, and its words, when `expiry`. */
  endsOn: { header: string; expiry?: boolean };
  state?: { header: string; active: string; inactive: string };
  /** « Réception des e-mails »: the box is put back when the change fails. */
  emails?: {
    header: string;
    label: (h: H) => string;
    onChange: (h: H, receiveEmails: boolean) => Promise<Outcome<unknown>>;
  };
  /** « Droits »: the privilege lines, shown on demand. */
  privileges?: { header: string; who: (h: H) => string };
  /** The calendar and the cross; the header is read by screen readers only. */
  actions?: { header: string; changeEnd?: RowAction<H>; remove?: RowAction<H> } | undefined;
}

/** The review's order: its headers become buttons that sort. */
export interface TableSort {
  by: ReviewSort;
  direction: ReviewDirection;
  onSort: (by: ReviewSort) => void;
}

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
    // Scrolls sideways on narrow screens, so it must take the keyboard focus too.
    <section class="table-scroll" aria-label={props.region} tabindex="0">
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
      <Show when={c().holder}>
        {(holder) => (
          <>
            <ColumnHeader label={holder().lastName} by="NAME" sort={props.sort} />
            <th scope="col">{holder().firstName}</th>
            <th scope="col">{holder().username}</th>
          </>
        )}
      </Show>
      <ColumnHeader label={c().profile} by="PROFILE" sort={props.sort} />
      {plain(c().domain)}
      {plain(c().establishment?.header)}
      {plain(c().unit?.header)}
      {plain(c().place)}
      {plain(c().startsOn)}
      <ColumnHeader label={c().endsOn.header} by="END" sort={props.sort} />
      {plain(c().state?.header)}
      {plain(c().emails?.header)}
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
        <th scope="col" aria-sort={active() ? (ascending() ? 'ascending' : 'descending') : undefined}>
          <button type="button" class="button-link sort-button" onClick={() => sort().onSort(props.by)}>
            {props.label}
            <span aria-hidden="true">{active() ? (ascending() ? ' ▲' : ' ▼') : ''}</span>
          </button>
        </th>
      )}
    </Show>
  );
}
