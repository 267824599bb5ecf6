import { A, createAsync, revalidate, useIsRouting, useSearchParams } from '@solidjs/router';
import { accountSearchInput } from '@trajectoire/domain';
import { createEffect, createSignal, Match, on, Show, Switch } from 'solid-js';
import { getCatalogue, getStructures } from '../habilitations/queries';
import { setPageTitle } from '../lib/page-title';
import { TextField } from '../ui/TextField';
import { createAccountSelection, SelectionBar } from './AccountsSelection';
import { AccountsTable } from './AccountsTable';
import { searchAccounts } from './queries';
import { ReferentsOnly } from './ReferentsOnly';
import { ACCOUNTS_TEXTS } from './texts';

const T = ACCOUNTS_TEXTS.search;

export function AccountsSearchPage() {
  setPageTitle(T.title);
  return <ReferentsOnly>{() => <AccountsSearch />}</ReferentsOnly>;
}

/** The query lives in the address (?q=…&page=…), so that « back » from an account finds the results again. */
function AccountsSearch() {
  const [params, setParams] = useSearchParams();
  const text = () => (typeof params.q === 'string' ? params.q : '');
  const page = () => {
    const n = Number(params.page);
    return Number.isInteger(n) && n >= 1 ? n : 1;
  };
  const results = createAsync(async () => (text().trim().length >= 2 ? searchAccounts(text(), page()) : undefined));
  // A search is a change of address: until its answer arrives, the criteria and the previous
  // results stay on screen, marked busy.
  const isRouting = useIsRouting();
  const [asked, setAsked] = createSignal(false);
  const searching = () => asked() && isRouting();
  createEffect(
    on(isRouting, (routing) => {
      if (!routing) setAsked(false);
    }),
  );
  /** Only a different search changes the address, and is waited for. */
  const search = (next: { q: string; page: number }) => {
    if (next.q === text() && next.page === page()) return;
    setAsked(true);
    setParams({ q: next.q, page: next.page > 1 ? next.page : undefined });
  };
  const selection = createAccountSelection();
  // What the grant dialog offers, read once something is selected.
  const catalogue = createAsync(async () => (selection.count() > 0 ? getCatalogue() : undefined));
  const structures = createAsync(async () => (selection.count() > 0 ? getStructures() : undefined));
  const [error, setError] = createSignal<string | undefined>();
  let field: HTMLInputElement | undefined;
  // After « Précédent » or « Suivant », reading resumes at the top of the new page of results.
  let resultsHeading: HTMLHeadingElement | undefined;
  let turningPage = false;
  createEffect(
    on(results, () => {
      if (turningPage) resultsHeading?.focus();
      turningPage = false;
    }),
  );
  const goTo = (target: number) => {
    turningPage = true;
    search({ q: text(), page: target });
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    if (searching()) return;
    const value = new FormData(event.currentTarget as HTMLFormElement).get('q');
    const parsed = accountSearchInput.safeParse({ query: typeof value === 'string' ? value : '' });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      field?.focus();
      return;
    }
    setError(undefined);
    search({ q: parsed.data.query, page: 1 });
  };

  return (
    <>
      <div class="page-heading">
        <h1>{T.heading}</h1>
        <A href="/comptes/nouveau" class="button button-primary">
          <span aria-hidden="true">+ </span>
          {T.create}
        </A>
      </div>
      <div class="stack">
        <section class="card" aria-labelledby="recherche-titre">
          <h2 id="recherche-titre">{T.searchHeading}</h2>
          <p class="note">{T.intro}</p>
          <form novalidate onSubmit={onSubmit} class="search-form">
            <TextField
              ref={(element) => {
                field = element;
              }}
              id="q"
              name="q"
              label={T.query}
              hint={T.queryHint}
              autocomplete="off"
              maxlength={100}
              value={text()}
              error={error()}
            />
            {/* Busy, not disabled: the button keeps the focus it was given. */}
            <button type="submit" class="button button-primary" aria-disabled={searching() ? 'true' : undefined}>
              {searching() ? T.searching : T.submit}
            </button>
          </form>
        </section>

        <Show when={!results() && searching()}>
          <section class="card" aria-labelledby="resultats-titre" aria-busy="true">
            <h2 id="resultats-titre">{T.resultsHeading}</h2>
            <p role="status">{T.searchingStatus}</p>
          </section>
        </Show>
        <Show when={results()}>
          {(outcome) => (
            <section class="card" aria-labelledby="resultats-titre" aria-busy={searching() ? 'true' : 'false'}>
              <h2 id="resultats-titre" ref={resultsHeading} tabindex="-1">
                {T.resultsHeading}
              </h2>
              <Switch>
                <Match when={outcome().error}>
                  {(failure) => (
                    <div role="alert" class="alert alert-error">
                      {failure().message ?? Object.values(failure().fieldErrors)[0]}
                    </div>
                  )}
                </Match>
                <Match when={outcome().done}>
                  {(found) => (
                    <>
                      <p role="status">
                        {searching() ? T.searchingStatus : T.count(found().accounts.length, page(), found().hasMore)}
                      </p>
                      <Show when={found().accounts.some((a) => a.manageable) || selection.count() > 0}>
                        <SelectionBar
                          selection={selection}
                          accounts={found().accounts}
                          catalogue={catalogue()}
                          structures={structures()}
                          onGranted={() => void revalidate(searchAccounts.key)}
                        />
                      </Show>
                      <Show when={found().accounts.length > 0}>
                        <AccountsTable
                          accounts={found().accounts}
                          query={text()}
                          isSelected={selection.isSelected}
                          onSelect={(account, selected) => selection.set([account], selected)}
                        />
                      </Show>
                      <Show when={page() > 1 || found().hasMore}>
                        <nav class="pagination" aria-label={T.pagination}>
                          <button
                            type="button"
                            class="button button-secondary"
                            disabled={page() <= 1}
                            onClick={() => goTo(page() - 1)}
                          >
                            {T.previous}
                          </button>
                          <button
                            type="button"
                            class="button button-secondary"
                            disabled={!found().hasMore}
                            onClick={() => goTo(page() + 1)}
                          >
                            {T.next}
                          </button>
                        </nav>
                      </Show>
                    </>
                  )}
                </Match>
              </Switch>
            </section>
          )}
        </Show>
      </div>
    </>
  );
}
