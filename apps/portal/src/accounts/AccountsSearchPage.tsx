import { A, createAsync, useSearchParams } from '@solidjs/router';
import { accountSearchInput } from '@trajectoire/domain';
import { createEffect, createSignal, Match, on, Show, Switch } from 'solid-js';
import { setPageTitle } from '../lib/page-title';
import { TextField } from '../ui/TextField';
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
    setParams({ page: target > 1 ? target : undefined });
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget as HTMLFormElement).get('q');
    const parsed = accountSearchInput.safeParse({ query: typeof value === 'string' ? value : '' });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      field?.focus();
      return;
    }
    setError(undefined);
    setParams({ q: parsed.data.query, page: undefined });
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
            <button type="submit" class="button button-primary">
              {T.submit}
            </button>
          </form>
        </section>

        <Show when={results()}>
          {(outcome) => (
            <section class="card" aria-labelledby="resultats-titre">
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
                      <p role="status">{T.count(found().accounts.length, page(), found().hasMore)}</p>
                      <Show when={found().accounts.length > 0}>
                        <AccountsTable accounts={found().accounts} query={text()} />
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
