import { A, createAsync, revalidate } from '@solidjs/router';
import { createMemo, createSignal, For, Match, Show, Switch } from 'solid-js';
import { RequireSession } from '../layout/RequireSession';
import { attempt, type FormError, type Outcome, toFormError } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { setPageTitle } from '../lib/page-title';
import { trpc } from '../lib/trpc';
import { Dialog } from '../ui/Dialog';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { getRuns } from './queries';
import { isActive, RunProgress } from './RunProgress';
import { ROR_SYNC_TEXTS } from './texts';
import type { RunSummary } from './types';
import '../directory/directory.css';

const T = ROR_SYNC_TEXTS.page;

export function SyncPage() {
  setPageTitle(T.title);
  return (
    <RequireSession>
      {(session) => (
        <Show when={session().account.nationalAdmin} fallback={<Reserved />}>
          <Sync />
        </Show>
      )}
    </RequireSession>
  );
}

function Reserved() {
  const R = ROR_SYNC_TEXTS.reserved;
  setPageTitle(R.title);
  return (
    <div class="card narrow">
      <h1>{R.heading}</h1>
      <p>{R.text}</p>
      <p class="back-link">
        <A href="/etablissements">{R.establishments}</A>
      </p>
    </div>
  );
}

type Kind = 'FULL' | 'DELTA';

function Sync() {
  const runs = createAsync(() => getRuns());
  const [asking, setAsking] = createSignal<Kind | undefined>();
  const [started, setStarted] = createSignal<Outcome<{ runId: string }> & { kind?: Kind }>();
  const [starting, setStarting] = createSignal(false);
  const [more, setMore] = createSignal<{ items: RunSummary[]; nextCursor: string | null }[]>([]);
  const [moreError, setMoreError] = createSignal<FormError | undefined>();
  // The run being watched: the one just started, else one already queued or running.
  const watched = createMemo(() => started()?.done?.runId ?? runs()?.done?.items.find(isActive)?.id);
  const [finished, setFinished] = createSignal<ReadonlySet<string>>(new Set());
  /** While a run goes on, another is not offered (the server refuses it anyway). */
  const running = () => {
    const id = watched();
    return id !== undefined && !finished().has(id);
  };
  const items = () => [...(runs()?.done?.items ?? []), ...more().flatMap((p) => p.items)];
  const nextCursor = () => {
    const pages = more();
    return pages.length > 0 ? (pages[pages.length - 1]?.nextCursor ?? null) : (runs()?.done?.nextCursor ?? null);
  };
  let progressHeading: HTMLHeadingElement | undefined;

  const start = async () => {
    const kind = asking();
    if (!kind || starting()) return;
    setStarting(true);
    const outcome = await attempt(() => trpc.rorSync.start.mutate({ kind }));
    setStarting(false);
    setAsking(undefined);
    setStarted({ ...outcome, kind });
    setMore([]);
    void revalidate(getRuns.key);
    if (outcome.done) queueMicrotask(() => progressHeading?.focus());
  };
  const showMore = async () => {
    const cursor = nextCursor();
    if (!cursor) return;
    try {
      const page = await trpc.rorSync.runs.query({ cursor });
      setMore((pages) => [...pages, page]);
      setMoreError(undefined);
    } catch (error) {
      setMoreError(toFormError(error));
    }
  };

  return (
    <>
      <h1>{T.heading}</h1>
      <div class="stack">
        <section class="card" aria-labelledby="lancer-titre">
          <h2 id="lancer-titre">{T.startHeading}</h2>
          <p class="note">{T.intro}</p>
          <FormAlert>{started()?.error?.message}</FormAlert>
          <FormStatus>
            {started()?.done && started()?.kind ? T.started(ROR_SYNC_TEXTS.kinds[started()?.kind ?? ''] ?? '') : ''}
          </FormStatus>
          <Show when={running()}>
            <p id="sync-en-cours" class="note sync-busy">
              {T.busy}
            </p>
          </Show>
          <div class="sync-choices">
            <div class="sync-choice">
              <button
                type="button"
                class="button button-primary"
                aria-describedby={running() ? 'aide-complet sync-en-cours' : 'aide-complet'}
                aria-disabled={running() ? 'true' : undefined}
                onClick={() => !running() && setAsking('FULL')}
              >
                {T.full}
              </button>
              <p id="aide-complet" class="note">
                {T.fullHelp}
              </p>
            </div>
            <div class="sync-choice">
              <button
                type="button"
                class="button button-secondary"
                aria-describedby={running() ? 'aide-incremental sync-en-cours' : 'aide-incremental'}
                aria-disabled={running() ? 'true' : undefined}
                onClick={() => !running() && setAsking('DELTA')}
              >
                {T.delta}
              </button>
              <p id="aide-incremental" class="note">
                {T.deltaHelp}
              </p>
            </div>
          </div>
        </section>

        <Show when={watched()} keyed>
          {(runId) => (
            <section class="card" aria-labelledby="en-cours-titre">
              <h2 id="en-cours-titre" ref={progressHeading} tabindex="-1">
                {ROR_SYNC_TEXTS.progress.heading}
              </h2>
              <RunProgress
                runId={runId}
                reportLink
                onFinished={(run) => {
                  setFinished((ids) => new Set([...ids, run.id]));
                  setMore([]);
                  void revalidate(getRuns.key);
                }}
              />
            </section>
          )}
        </Show>

        <section class="card" aria-labelledby="passees-titre">
          <h2 id="passees-titre">{T.runsHeading}</h2>
          <Switch>
            <Match when={runs()?.error}>
              {(error) => (
                <div role="alert" class="alert alert-error">
                  {error().message}
                </div>
              )}
            </Match>
            <Match when={runs()?.done}>
              <Show when={items().length > 0} fallback={<p>{T.none}</p>}>
                <RunsTable runs={items()} />
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
            </Match>
          </Switch>
        </section>
      </div>

      <Dialog
        open={!!asking()}
        title={T.confirmTitle(ROR_SYNC_TEXTS.kinds[asking() ?? ''] ?? '')}
        onClose={() => setAsking(undefined)}
        actions={
          <>
            <button
              type="button"
              class="button button-primary"
              data-autofocus
              aria-disabled={starting() ? 'true' : undefined}
              onClick={() => void start()}
            >
              {T.confirm}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setAsking(undefined)}>
              {T.cancel}
            </button>
          </>
        }
      >
        <p>{asking() === 'FULL' ? T.confirmFull : T.confirmDelta}</p>
      </Dialog>
    </>
  );
}

export function RunsTable(props: { runs: readonly RunSummary[] }) {
  const C = T.columns;
  return (
    <section class="table-scroll directory-table runs-table stack-on-phone" aria-label={T.runsCaption} tabindex="0">
      <table>
        <caption class="visually-hidden">{T.runsCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{C.kind}</th>
            <th scope="col">{C.state}</th>
            <th scope="col">{C.startedAt}</th>
            <th scope="col">{C.duration}</th>
            <th scope="col" class="cell-number">
              {C.created}
            </th>
            <th scope="col" class="cell-number">
              {C.updated}
            </th>
            <th scope="col" class="cell-number">
              {C.unchanged}
            </th>
            <th scope="col" class="cell-number">
              {C.closed}
            </th>
            <th scope="col" class="cell-number">
              {C.errors}
            </th>
            <th scope="col">
              <span class="visually-hidden">{C.report}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.runs}>
            {(run) => {
              const kind = () =>
                run.kind === 'ESTABLISHMENT' && run.establishmentName
                  ? `${ROR_SYNC_TEXTS.kinds.ESTABLISHMENT} ${run.establishmentName}`
                  : (ROR_SYNC_TEXTS.kinds[run.kind] ?? run.kind);
              const when = () => formatDateTime(run.startedAt ?? run.queuedAt);
              return (
                <tr>
                  <th scope="row" class="cell-wrap">
                    {kind()}
                  </th>
                  <td data-label={C.state}>
                    <span
                      class="badge"
                      classList={{
                        'badge-active': run.state === 'SUCCEEDED',
                        'badge-ends-today': run.state === 'FAILED',
                        'badge-inactive': isActive(run),
                      }}
                    >
                      {ROR_SYNC_TEXTS.states[run.state] ?? run.state}
                    </span>
                  </td>
                  <td data-label={C.startedAt}>{when()}</td>
                  <td data-label={C.duration}>{ROR_SYNC_TEXTS.duration(run.durationMs)}</td>
                  <td class="cell-number" data-label={C.created}>
                    {run.created}
                  </td>
                  <td class="cell-number" data-label={C.updated}>
                    {run.updated}
                  </td>
                  <td class="cell-number" data-label={C.unchanged}>
                    {run.unchanged}
                  </td>
                  <td class="cell-number" data-label={C.closed}>
                    {run.closed}
                  </td>
                  <td class="cell-number" data-label={C.errors}>
                    {run.errorCount}
                  </td>
                  <td class="cell-action">
                    <A href={`/synchronisation-ror/${run.id}`} aria-label={T.reportLabel(kind(), when())}>
                      {T.report}
                    </A>
                  </td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
    </section>
  );
}
