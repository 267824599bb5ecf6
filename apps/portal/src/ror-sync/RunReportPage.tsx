import { A, createAsync, revalidate, useParams } from '@solidjs/router';
import { createEffect, createSignal, For, Match, on, Show, Switch } from 'solid-js';
import { RequireSession } from '../layout/RequireSession';
import { type FormError, toFormError } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { setPageTitle } from '../lib/page-title';
import { trpc } from '../lib/trpc';
import { getRun } from './queries';
import { isActive, RunProgress } from './RunProgress';
import { ROR_SYNC_TEXTS } from './texts';
import type { RunError, RunSummary } from './types';
import '../directory/directory.css';

const T = ROR_SYNC_TEXTS.report;

/** A run's report: its counts, then its errors, a page at a time. The server says who may read it. */
export function RunReportPage() {
  setPageTitle(T.title);
  return <RequireSession>{(session) => <Report admin={session().account.nationalAdmin} />}</RequireSession>;
}

function Report(props: { admin: boolean }) {
  const params = useParams();
  const report = createAsync(() => getRun(params.runId ?? ''));
  const [more, setMore] = createSignal<{ items: RunError[]; nextCursor: string | null }[]>([]);
  const [moreError, setMoreError] = createSignal<FormError | undefined>();
  createEffect(
    on(
      () => params.runId,
      () => setMore([]),
    ),
  );
  const errors = () => [...(report()?.done?.errors ?? []), ...more().flatMap((p) => p.items)];
  const nextCursor = () => {
    const pages = more();
    return pages.length > 0 ? (pages[pages.length - 1]?.nextCursor ?? null) : (report()?.done?.errorsCursor ?? null);
  };
  let table: HTMLElement | undefined;
  const showMore = async () => {
    const cursor = nextCursor();
    if (!cursor) return;
    const before = errors().length;
    try {
      const page = await trpc.rorSync.run.query({ id: params.runId ?? '', errorsCursor: cursor });
      setMore((pages) => [...pages, { items: page.errors, nextCursor: page.errorsCursor }]);
      setMoreError(undefined);
      queueMicrotask(() => table?.querySelectorAll<HTMLElement>('tbody tr th')[before]?.focus());
    } catch (error) {
      setMoreError(toFormError(error));
    }
  };
  const kindOf = (run: RunSummary) =>
    run.kind === 'ESTABLISHMENT' && run.establishmentName
      ? `${ROR_SYNC_TEXTS.kinds.ESTABLISHMENT} ${run.establishmentName}`
      : (ROR_SYNC_TEXTS.kinds[run.kind] ?? run.kind);
  createEffect(() => {
    const run = report()?.done;
    if (run) setPageTitle(`${T.title} : ${kindOf(run)}`);
  });

  return (
    <>
      <p class="breadcrumb">
        <A href={props.admin ? '/synchronisation-ror' : '/etablissements'}>{T.back}</A>
      </p>
      <Switch>
        <Match when={report()?.error}>
          {(error) => (
            <div class="card narrow">
              <h1>{T.notFound}</h1>
              <div role="alert" class="alert alert-error">
                {error().message}
              </div>
            </div>
          )}
        </Match>
        <Match when={report()?.done}>
          {(run) => (
            <>
              <h1>{T.heading(kindOf(run()))}</h1>
              <div class="stack">
                <section class="card" aria-labelledby="resume-titre">
                  <h2 id="resume-titre">{T.summary}</h2>
                  <Show when={isActive(run())}>
                    <RunProgress
                      runId={run().id}
                      initial={run()}
                      onFinished={() => {
                        setMore([]);
                        void revalidate(getRun.key);
                      }}
                    />
                  </Show>
                  <dl class="details">
                    <Show when={run().establishmentName}>
                      <div>
                        <dt>{T.establishment}</dt>
                        <dd>{run().establishmentName}</dd>
                      </div>
                    </Show>
                    <div>
                      <dt>{T.state}</dt>
                      <dd>{ROR_SYNC_TEXTS.states[run().state] ?? run().state}</dd>
                    </div>
                    <div>
                      <dt>{T.queuedAt}</dt>
                      <dd>{formatDateTime(run().queuedAt)}</dd>
                    </div>
                    <div>
                      <dt>{T.startedAt}</dt>
                      <dd>{run().startedAt ? formatDateTime(run().startedAt as string) : T.notYet}</dd>
                    </div>
                    <div>
                      <dt>{T.finishedAt}</dt>
                      <dd>{run().finishedAt ? formatDateTime(run().finishedAt as string) : T.notYet}</dd>
                    </div>
                    <div>
                      <dt>{T.duration}</dt>
                      <dd>{ROR_SYNC_TEXTS.duration(run().durationMs)}</dd>
                    </div>
                    <div>
                      <dt>{T.created}</dt>
                      <dd>{run().created}</dd>
                    </div>
                    <div>
                      <dt>{T.updated}</dt>
                      <dd>{run().updated}</dd>
                    </div>
                    <div>
                      <dt>{T.unchanged}</dt>
                      <dd>{run().unchanged}</dd>
                    </div>
                    <div>
                      <dt>{T.closed}</dt>
                      <dd>{run().closed}</dd>
                    </div>
                    <div>
                      <dt>{T.errorCount}</dt>
                      <dd>{run().errorCount}</dd>
                    </div>
                  </dl>
                  <Show when={run().failure}>
                    <div class="alert alert-error">
                      <p>
                        <strong>{T.failure} : </strong>
                        {run().failure}
                      </p>
                    </div>
                  </Show>
                </section>
                <section class="card" aria-labelledby="erreurs-titre">
                  <h2 id="erreurs-titre">{T.errorsHeading}</h2>
                  <Show when={errors().length > 0} fallback={<p>{T.noErrors}</p>}>
                    <section
                      ref={table}
                      class="table-scroll directory-table stack-on-phone"
                      aria-label={T.errorsCaption}
                      tabindex="0"
                    >
                      <table>
                        <caption class="visually-hidden">{T.errorsCaption}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{T.columns.resourceType}</th>
                            <th scope="col">{T.columns.resourceId}</th>
                            <th scope="col">{T.columns.reason}</th>
                          </tr>
                        </thead>
                        <tbody>
                          <For each={errors()}>
                            {(error) => (
                              <tr>
                                <th scope="row" tabindex="-1">
                                  {error.resourceType}
                                </th>
                                <td class="cell-wrap" data-label={T.columns.resourceId}>
                                  <code>{error.resourceId}</code>
                                </td>
                                <td class="cell-wrap" data-label={T.columns.reason}>
                                  {error.reason}
                                </td>
                              </tr>
                            )}
                          </For>
                        </tbody>
                      </table>
                    </section>
                  </Show>
                  <div role="alert" class="alert alert-error">
                    {moreError()?.message}
                  </div>
                  <Show when={nextCursor()}>
                    <div class="form-actions">
                      <button type="button" class="button button-secondary" onClick={() => void showMore()}>
                        {T.more}
                      </button>
                    </div>
                  </Show>
                </section>
              </div>
            </>
          )}
        </Match>
      </Switch>
    </>
  );
}
