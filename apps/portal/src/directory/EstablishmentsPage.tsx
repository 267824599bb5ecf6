import { A, createAsync, useSearchParams } from '@solidjs/router';
import { createEffect, createSignal, For, Match, on, Show, Switch } from 'solid-js';
import { type FormError, toFormError } from '../lib/errors';
import { departementLabel, formatDateTime } from '../lib/format';
import { setPageTitle } from '../lib/page-title';
import { trpc } from '../lib/trpc';
import { PencilIcon } from '../ui/icons';
import { TextField } from '../ui/TextField';
import { DirectoryAccess } from './DirectoryAccess';
import { getEstablishments } from './queries';
import { SyncStateIcon } from './SyncState';
import { DIRECTORY_TEXTS } from './texts';
import type { EstablishmentSummary } from './types';
import './directory.css';

const T = DIRECTORY_TEXTS.list;

export function EstablishmentsPage() {
  setPageTitle(T.title);
  return <DirectoryAccess>{(session) => <Establishments admin={session().account.nationalAdmin} />}</DirectoryAccess>;
}

/** The establishments the viewer manages; administrators, who manage them all, search them. */
function Establishments(props: { admin: boolean }) {
  const [params, setParams] = useSearchParams();
  const text = () => (props.admin && typeof params.q === 'string' ? params.q : '');
  const first = createAsync(() => getEstablishments(text(), null));
  // « Afficher plus » adds the next pages under the first one.
  const [more, setMore] = createSignal<{ items: EstablishmentSummary[]; nextCursor: string | null }[]>([]);
  const [moreError, setMoreError] = createSignal<FormError | undefined>();
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [queryError, setQueryError] = createSignal<string | undefined>();
  createEffect(
    on(text, () => {
      setMore([]);
      setMoreError(undefined);
    }),
  );
  const items = () => [...(first()?.done?.items ?? []), ...more().flatMap((p) => p.items)];
  const nextCursor = () => {
    const pages = more();
    return pages.length > 0 ? (pages[pages.length - 1]?.nextCursor ?? null) : (first()?.done?.nextCursor ?? null);
  };
  let table: HTMLElement | undefined;
  const showMore = async () => {
    const cursor = nextCursor();
    if (!cursor || loadingMore()) return;
    const before = items().length;
    setLoadingMore(true);
    try {
      const page = await trpc.directory.establishments.query({ ...(text() ? { query: text() } : {}), cursor });
      setMore((pages) => [...pages, page]);
      setMoreError(undefined);
      // The keyboard goes on with the first establishment just added.
      queueMicrotask(() => table?.querySelectorAll<HTMLElement>('tbody tr a')[before]?.focus());
    } catch (error) {
      setMoreError(toFormError(error));
    } finally {
      setLoadingMore(false);
    }
  };
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget as HTMLFormElement).get('q');
    const q = typeof value === 'string' ? value.trim() : '';
    if (q.length === 1) {
      setQueryError(T.queryHint);
      return;
    }
    setQueryError(undefined);
    setParams({ q: q || undefined });
  };

  return (
    <>
      <h1>{T.heading}</h1>
      <div class="stack">
        <section class="card" aria-labelledby="etablissements-titre">
          <h2 id="etablissements-titre" class="visually-hidden">
            {T.heading}
          </h2>
          <p class="note">{T.intro}</p>
          <Show when={props.admin}>
            <form novalidate onSubmit={onSubmit} class="search-form">
              <TextField
                id="q"
                name="q"
                label={T.query}
                hint={T.queryHint}
                autocomplete="off"
                maxlength={100}
                optional
                value={text()}
                error={queryError()}
              />
              <button type="submit" class="button button-primary">
                {T.submit}
              </button>
            </form>
          </Show>
          <Switch>
            <Match when={first()?.error}>
              {(error) => (
                <div role="alert" class="alert alert-error">
                  {error().message ?? Object.values(error().fieldErrors)[0]}
                </div>
              )}
            </Match>
            <Match when={first()?.done}>
              <p role="status">
                {items().length === 0 ? (text() ? T.noMatch : T.none) : T.count(items().length, !!nextCursor())}
              </p>
              <Show when={items().length > 0}>
                <section
                  ref={table}
                  class="table-scroll directory-table stack-on-phone"
                  aria-label={T.caption}
                  tabindex="0"
                >
                  <table>
                    <caption class="visually-hidden">{T.caption}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{T.columns.sync}</th>
                        <th scope="col">{T.columns.name}</th>
                        <th scope="col">{T.columns.finess}</th>
                        <th scope="col">{T.columns.city}</th>
                        <th scope="col">{T.columns.syncedAt}</th>
                        <th scope="col">
                          <span class="visually-hidden">{T.columns.edit}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={items()}>{(e) => <EstablishmentRow establishment={e} />}</For>
                    </tbody>
                  </table>
                </section>
              </Show>
              <div role="alert" class="alert alert-error">
                {moreError()?.message}
              </div>
              <Show when={nextCursor()}>
                <div class="form-actions">
                  <button
                    type="button"
                    class="button button-secondary"
                    aria-disabled={loadingMore() ? 'true' : undefined}
                    onClick={showMore}
                  >
                    {loadingMore() ? T.loadingMore : T.more}
                  </button>
                </div>
              </Show>
            </Match>
          </Switch>
        </section>
      </div>
    </>
  );
}

function EstablishmentRow(props: { establishment: EstablishmentSummary }) {
  const e = () => props.establishment;
  return (
    <tr>
      <td class="cell-center cell-lead">
        <SyncStateIcon state={e().syncState} error={e().syncError} />
      </td>
      <th scope="row" class="cell-wrap">
        {e().name}
        <Show when={e().closed}>
          {' '}
          <span class="badge badge-inactive">{T.closed}</span>
        </Show>
      </th>
      <td data-label={T.columns.finess}>{e().finess}</td>
      <td class="cell-wrap" data-label={T.columns.city}>
        {e().city ?? ''}
        <span class="muted"> ({departementLabel(e().departement)})</span>
      </td>
      <td data-label={T.columns.syncedAt}>
        <Show when={e().syncedAt} fallback={<span class="muted">{T.never}</span>}>
          {(at) => formatDateTime(at())}
        </Show>
      </td>
      <td class="cell-center cell-action">
        <A
          href={`/etablissements/${e().id}`}
          class="icon-button icon-link"
          aria-label={e().may.edit ? T.edit(e().name) : T.view(e().name)}
          title={e().may.edit ? T.edit(e().name) : T.view(e().name)}
        >
          <PencilIcon />
        </A>
      </td>
    </tr>
  );
}
