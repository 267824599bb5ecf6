import { createAsync, createAsyncStore, revalidate, useAction } from '@solidjs/router';
import { batch, createSignal, Show } from 'solid-js';
import { ReferentsOnly } from '../accounts/ReferentsOnly';
import type { Outcome } from '../lib/errors';
import { setPageTitle } from '../lib/page-title';
import { useForgetOnLeave } from '../lib/submissions';
import { setEmailReception } from './actions';
import { createHabilitationActions, type HabilitationTarget } from './HabilitationDialogs';
import {
  getCatalogue,
  getReview,
  getStructures,
  type ReviewDirection,
  type ReviewFilters,
  type ReviewRequest,
  type ReviewRow,
  type ReviewSort,
  reviewExportHref,
} from './queries';
import { ReviewCriteria } from './ReviewCriteria';
import { holderName, ReviewResults } from './ReviewResults';
import { HABILITATIONS_TEXTS } from './texts';

const T = HABILITATIONS_TEXTS.review;

export function ReviewPage() {
  setPageTitle(T.title);
  return <ReferentsOnly>{() => <Review />}</ReferentsOnly>;
}

function Review() {
  const structures = createAsync(() => getStructures());
  const catalogue = createAsync(() => getCatalogue());
  const [filters, setFilters] = createSignal<ReviewFilters | undefined>();
  const [sort, setSort] = createSignal<ReviewSort>('NAME');
  const [direction, setDirection] = createSignal<ReviewDirection>('ASC');
  const [page, setPage] = createSignal(1);
  const [alert, setAlert] = createSignal('');
  const [status, setStatus] = createSignal('');

  const request = (): ReviewRequest | undefined => {
    const f = filters();
    return f ? { ...f, sort: sort(), direction: direction(), page: page() } : undefined;
  };
  // Rows keep their identity across a refresh, so that a ticked box keeps the focus and « Droits » stays open.
  const results = createAsyncStore(
    async () => {
      const r = request();
      return r ? getReview(r) : undefined;
    },
    { reconcile: { key: 'id' } },
  );

  const search = (next: ReviewFilters) => {
    setAlert('');
    setStatus('');
    const current = request();
    // The same criteria again: the server is asked again all the same.
    if (current?.page === 1 && JSON.stringify(filters()) === JSON.stringify(next)) {
      void revalidate(getReview.keyFor(current));
      return;
    }
    batch(() => {
      setPage(1);
      setFilters(next);
    });
  };
  const sortBy = (column: ReviewSort) =>
    batch(() => {
      if (sort() === column) setDirection(direction() === 'ASC' ? 'DESC' : 'ASC');
      else {
        setSort(column);
        setDirection('ASC');
      }
      setPage(1);
    });

  const report = (outcome: Outcome<unknown>, success: string) => {
    setAlert(outcome.error ? (outcome.error.message ?? Object.values(outcome.error.fieldErrors)[0] ?? '') : '');
    setStatus(outcome.error ? '' : success);
  };
  const setEmails = useAction(setEmailReception);
  useForgetOnLeave(setEmailReception);
  const onEmails = async (row: ReviewRow, wanted: boolean) => {
    const outcome = await setEmails(row.id, wanted);
    report(outcome, wanted ? T.emailsOn(holderName(row)) : T.emailsOff(holderName(row)));
    return outcome;
  };

  // The calendar and the cross; their actions read the review again.
  const target = (row: ReviewRow): HabilitationTarget => ({ id: row.id, endsOn: row.endsOn, who: holderName(row) });
  const actions = createHabilitationActions((message, failed = false) => {
    setAlert(failed ? message : '');
    setStatus(failed ? '' : message);
  });

  return (
    <>
      <div class="page-heading">
        <h1>{T.heading}</h1>
      </div>
      <div class="stack">
        <ReviewCriteria structures={structures() ?? []} profiles={catalogue()?.profiles ?? []} onSearch={search} />
        <Show when={filters()}>
          {(f) => (
            <ReviewResults
              answer={results()}
              exportHref={reviewExportHref(f(), sort(), direction())}
              alert={alert()}
              status={status()}
              sort={{ by: sort(), direction: direction(), onSort: sortBy }}
              page={page()}
              onPage={setPage}
              onEmails={onEmails}
              onChangeEnd={(row) => actions.changeEnd(target(row))}
              onRemove={(row) => actions.remove(target(row))}
            />
          )}
        </Show>
      </div>

      <actions.Dialogs />
    </>
  );
}
