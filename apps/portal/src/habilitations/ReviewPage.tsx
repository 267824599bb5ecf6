import { createAsync, createAsyncStore, revalidate, useAction } from '@solidjs/router';
import { batch, createSignal, Show, Suspense } from 'solid-js';
import { ReferentsOnly } from '../accounts/ReferentsOnly';
import type { Outcome } from '../lib/errors';
import { setPageTitle } from '../lib/page-title';
import { onSessionExpired } from '../lib/session';
import { useForgetOnLeave } from '../lib/submissions';
import { setEmailReception } from './actions';
import { download } from './download';
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
import { holderName, namedRow, ReviewResults } from './ReviewResults';
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
  // Each search is numbered: the one answered is known without reading the answer (which would
  // suspend the page), so the criteria and the previous results stay on screen, marked busy.
  const [asked, setAsked] = createSignal(0);
  const [answered, setAnswered] = createSignal('');

  const request = (): ReviewRequest | undefined => {
    const f = filters();
    return f ? { ...f, sort: sort(), direction: direction(), page: page() } : undefined;
  };
  const searchKey = () => `${asked()} ${JSON.stringify(request() ?? null)}`;
  const busy = () => request() !== undefined && answered() !== searchKey();
  // Rows keep their identity across a refresh, so that a ticked box keeps the focus and « Droits » stays open.
  const results = createAsyncStore(
    async () => {
      const r = request();
      const key = searchKey();
      try {
        return r ? await getReview(r) : undefined;
      } finally {
        setAnswered(key);
      }
    },
    { reconcile: { key: 'id' } },
  );

  const search = (next: ReviewFilters) => {
    setAlert('');
    setStatus('');
    const current = request();
    batch(() => {
      setAsked(asked() + 1);
      // The same criteria again: the server is asked again all the same.
      if (current?.page === 1 && JSON.stringify(filters()) === JSON.stringify(next))
        void revalidate(getReview.keyFor(current));
      setPage(1);
      setFilters(next);
    });
  };

  // « Exporter »: the file is fetched, then handed to the browser; until then the page says so.
  const [exporting, setExporting] = createSignal(false);
  const exportReview = async () => {
    const f = filters();
    if (!f || exporting()) return;
    setAlert('');
    setStatus('');
    setExporting(true);
    const outcome = await download(reviewExportHref(f, sort(), direction()), 'revue-habilitations.xlsx');
    setExporting(false);
    if (outcome.kind === 'SIGNED_OUT') {
      // Said here, then on the sign-in page it leads to, which brings back here afterwards.
      setAlert(T.sessionExpired);
      onSessionExpired();
    } else if (outcome.kind === 'REFUSED') setAlert(outcome.message || T.exportFailed);
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
  const target = (row: ReviewRow): HabilitationTarget => ({
    id: row.id,
    endsOn: row.endsOn,
    named: namedRow(row),
    prolong: row.may.prolong,
  });
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
        <ReviewCriteria
          structures={structures() ?? []}
          profiles={catalogue()?.profiles ?? []}
          busy={busy()}
          onSearch={search}
        />
        <Show when={filters()}>
          {/* The first answer is waited for here, not by the whole page: the criteria stay. */}
          <Suspense fallback={<PendingResults />}>
            <ReviewResults
              answer={results.latest}
              busy={busy()}
              exporting={exporting()}
              onExport={exportReview}
              alert={alert()}
              status={status()}
              sort={{ by: sort(), direction: direction(), onSort: sortBy }}
              page={page()}
              onPage={setPage}
              onEmails={onEmails}
              onChangeEnd={(row) => actions.changeEnd(target(row))}
              onRemove={(row) => actions.remove(target(row))}
            />
          </Suspense>
        </Show>
      </div>

      <actions.Dialogs />
    </>
  );
}

/** The results' card while the first answer is awaited. */
function PendingResults() {
  return (
    <section class="card" aria-labelledby="revue-resultats-titre" aria-busy="true">
      <h2 id="revue-resultats-titre">{T.results}</h2>
      <p role="status" class="note">
        {T.searching}
      </p>
    </section>
  );
}
