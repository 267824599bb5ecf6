import { Show } from 'solid-js';
import type { Outcome } from '../lib/errors';
import { HabilitationTable, type TableSort } from './HabilitationTable';
import { REVIEW_PAGE_SIZE, type ReviewAnswer, type ReviewRow } from './queries';
import { HABILITATIONS_TEXTS } from './texts';

const T = HABILITATIONS_TEXTS.review;

/** « Prénom Nom »: how the review names a habilitation's holder. */
export const holderName = (row: ReviewRow) => `${row.firstName} ${row.lastName}`;

/** « Habilitations »: the export, the news of the last change, the count, the table and its pages. */
export function ReviewResults(props: {
  answer: Outcome<ReviewAnswer> | undefined;
  exportHref: string;
  alert: string;
  status: string;
  sort: TableSort;
  page: number;
  onPage: (page: number) => void;
  onEmails: (row: ReviewRow, receiveEmails: boolean) => Promise<Outcome<unknown>>;
  onChangeEnd: (row: ReviewRow) => void;
  onRemove: (row: ReviewRow) => void;
}) {
  return (
    <section class="card" aria-labelledby="revue-resultats-titre">
      <div class="page-heading">
        <h2 id="revue-resultats-titre">{T.results}</h2>
        <a href={props.exportHref} download="" class="button button-secondary">
          {T.export}
        </a>
      </div>
      <div role="alert" class="alert alert-error">
        {props.alert}
      </div>
      <div role="status" class="alert alert-success">
        {props.status}
      </div>
      <Show when={props.answer?.error}>
        {(failure) => <p class="alert alert-error">{failure().message ?? Object.values(failure().fieldErrors)[0]}</p>}
      </Show>
      <Show when={props.answer?.done}>
        {(found) => (
          <>
            <p>{T.count(found().total)}</p>
            <Show when={found().rows.length > 0}>
              <HabilitationTable
                habilitations={found().rows}
                region={T.tableRegion}
                caption={T.caption}
                sort={props.sort}
                columns={{
                  holder: {
                    lastName: T.columns.lastName,
                    firstName: T.columns.firstName,
                    username: T.columns.username,
                  },
                  profile: T.columns.profile,
                  place: T.columns.place,
                  startsOn: T.columns.startsOn,
                  endsOn: { header: T.columns.endsOn, expiry: true },
                  emails: {
                    header: T.columns.emails,
                    label: (row) => T.emailsLabel(holderName(row)),
                    onChange: props.onEmails,
                  },
                  privileges: { header: T.columns.privileges, who: holderName },
                  actions: {
                    header: HABILITATIONS_TEXTS.table.actions,
                    changeEnd: {
                      label: (row) => HABILITATIONS_TEXTS.table.changeEnd(holderName(row)),
                      onClick: props.onChangeEnd,
                    },
                    remove: {
                      label: (row) => HABILITATIONS_TEXTS.table.remove(holderName(row)),
                      onClick: props.onRemove,
                    },
                  },
                }}
              />
            </Show>
            <ReviewPagination page={props.page} total={found().total} onPage={props.onPage} />
          </>
        )}
      </Show>
    </section>
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
