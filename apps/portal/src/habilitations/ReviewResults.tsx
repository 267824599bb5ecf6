import { Show } from 'solid-js';
import type { Outcome } from '../lib/errors';
import { describeHabilitation } from './HabilitationDialogs';
import { HabilitationTable, type TableSort } from './HabilitationTable';
import { REVIEW_PAGE_SIZE, type ReviewAnswer, type ReviewRow } from './queries';
import { HABILITATIONS_TEXTS } from './texts';

const T = HABILITATIONS_TEXTS.review;
const TABLE = HABILITATIONS_TEXTS.table;

/** « Prénom Nom »: how the review names a habilitation's holder. */
export const holderName = (row: ReviewRow) => `${row.firstName} ${row.lastName}`;

/** A row's habilitation and its holder, as its buttons and dialogs name it. */
export const namedRow = (row: ReviewRow) => TABLE.named(describeHabilitation(row), holderName(row));

/** « Habilitations »: the export, the news of the last change, the count, the table and its pages. */
export function ReviewResults(props: {
  answer: Outcome<ReviewAnswer> | undefined;
  /** A search is under way: the answer shown is the previous one. */
  busy: boolean;
  exporting: boolean;
  onExport: () => void;
  alert: string;
  status: string;
  sort: TableSort;
  page: number;
  onPage: (page: number) => void;
  onEmails: (row: ReviewRow, receiveEmails: boolean) => Promise<Outcome<unknown>>;
  onChangeEnd: (row: ReviewRow) => void;
  onRemove: (row: ReviewRow) => void;
}) {
  const found = () => props.answer?.done;
  const empty = () => found()?.total === 0;
  return (
    <section class="card" aria-labelledby="revue-resultats-titre" aria-busy={props.busy ? 'true' : 'false'}>
      <div class="page-heading">
        <h2 id="revue-resultats-titre">{T.results}</h2>
        <ExportButton
          exporting={props.exporting}
          // Nothing to export, or not yet known: nothing to click.
          unavailable={found() === undefined || empty()}
          onExport={props.onExport}
        />
      </div>
      <div role="alert" class="alert alert-error">
        {props.alert}
      </div>
      <div role="status" class="alert alert-success">
        {props.status}
      </div>
      <p role="status" class="note">
        {props.busy ? T.searching : props.exporting ? T.preparing : ''}
      </p>
      <Show when={props.answer?.error}>
        {(failure) => <p class="alert alert-error">{failure().message ?? Object.values(failure().fieldErrors)[0]}</p>}
      </Show>
      <Show when={found()}>
        {(page) => (
          <>
            <p>{empty() ? T.empty : T.count(page().total)}</p>
            <Show when={page().rows.length > 0}>
              <HabilitationTable
                habilitations={page().rows}
                region={T.tableRegion}
                caption={T.caption}
                sort={props.sort}
                columns={{
                  holder: { header: T.columns.holder },
                  profile: T.columns.profile,
                  place: { header: T.columns.place, whole: TABLE.wholeEstablishment },
                  startsOn: T.columns.startsOn,
                  endsOn: { header: T.columns.endsOn, expiry: true },
                  emails: {
                    header: T.columns.emails,
                    label: (row) => T.emailsLabel(holderName(row)),
                    onChange: props.onEmails,
                    offered: (row) => row.may.setEmails,
                  },
                  privileges: { header: T.columns.privileges, who: holderName },
                  actions: {
                    header: TABLE.actions,
                    changeEnd: {
                      label: (row) => TABLE.changeEnd(namedRow(row)),
                      onClick: props.onChangeEnd,
                      offered: (row) => row.may.prolong || row.may.reduce,
                    },
                    remove: {
                      label: (row) => TABLE.remove(namedRow(row)),
                      onClick: props.onRemove,
                      offered: (row) => row.may.delete,
                    },
                  },
                }}
              />
            </Show>
            <ReviewPagination page={props.page} total={page().total} onPage={props.onPage} />
          </>
        )}
      </Show>
    </section>
  );
}

/**
 * « Exporter »: busy (not disabled, it keeps the focus) while the file is prepared, until its
 * download starts; disabled when there is nothing to export.
 */
function ExportButton(props: { exporting: boolean; unavailable: boolean; onExport: () => void }) {
  return (
    <button
      type="button"
      class="button button-secondary"
      disabled={props.unavailable && !props.exporting}
      aria-disabled={props.exporting ? 'true' : undefined}
      onClick={() => {
        if (!props.exporting) props.onExport();
      }}
    >
      {props.exporting ? T.exporting : T.export}
    </button>
  );
}

/** « Précédent » and « Suivant », when there is more than one page. */
function ReviewPagination(props: { page: number; total: number; onPage: (page: number) => void }) {
  return (
    <Show when={props.page > 1 || props.page * REVIEW_PAGE_SIZE < props.total}>
      <nav class="pagination" aria-label={T.pagination}>
        <button
          type="button"
          class="button button-secondary"
          disabled={props.page <= 1}
          onClick={() => props.onPage(props.page - 1)}
        >
          {T.previous}
        </button>
        <button
          type="button"
          class="button button-secondary"
          disabled={props.page * REVIEW_PAGE_SIZE >= props.total}
          onClick={() => props.onPage(props.page + 1)}
        >
          {T.next}
        </button>
      </nav>
    </Show>
  );
}
