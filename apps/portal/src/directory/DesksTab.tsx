import { createAsync, revalidate, useParams } from '@solidjs/router';
import { createEffect, createSignal, For, Match, Show, Switch } from 'solid-js';
import { attempt } from '../lib/errors';
import { setPageTitle } from '../lib/page-title';
import { trpc } from '../lib/trpc';
import { Dialog } from '../ui/Dialog';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { TextField } from '../ui/TextField';
import { getDesks, getEstablishment } from './queries';
import { DIRECTORY_TEXTS } from './texts';
import type { Desk } from './types';

const T = DIRECTORY_TEXTS.desks;

/** « Guichets »: the establishment's admission desks; its référents structure create, rename and close them. */
export function DesksTab() {
  const params = useParams();
  const detail = createAsync(() => getEstablishment(params.id ?? ''));
  const desks = createAsync(() => getDesks(params.id ?? ''));
  createEffect(() => {
    const found = detail()?.done;
    if (found) setPageTitle(T.title(found.establishment.name));
  });
  const [status, setStatus] = createSignal('');
  const [alert, setAlert] = createSignal('');
  const [createError, setCreateError] = createSignal<string | undefined>();
  const [renaming, setRenaming] = createSignal<Desk | undefined>();
  const [renameError, setRenameError] = createSignal<string | undefined>();
  const [closing, setClosing] = createSignal<Desk | undefined>();
  const [busy, setBusy] = createSignal(false);
  let nameInput: HTMLInputElement | undefined;
  let renameInput: HTMLInputElement | undefined;

  const report = (message: string, failed = false) => {
    setAlert(failed ? message : '');
    setStatus(failed ? '' : message);
  };

  const create = async (event: SubmitEvent) => {
    event.preventDefault();
    const name = nameInput?.value.trim() ?? '';
    if (!name) {
      setCreateError(T.nameRequired);
      nameInput?.focus();
      return;
    }
    if (busy()) return;
    setBusy(true);
    const outcome = await attempt(() => trpc.directory.createDesk.mutate({ establishmentId: params.id ?? '', name }));
    setBusy(false);
    if (outcome.error) {
      const message = outcome.error.message ?? Object.values(outcome.error.fieldErrors)[0] ?? '';
      setCreateError(message);
      nameInput?.focus();
      return;
    }
    setCreateError(undefined);
    if (nameInput) nameInput.value = '';
    report(T.created(name));
    void revalidate(getDesks.key);
  };

  const rename = async () => {
    const desk = renaming();
    const name = renameInput?.value.trim() ?? '';
    if (!desk) return;
    if (!name) {
      setRenameError(T.nameRequired);
      renameInput?.focus();
      return;
    }
    setBusy(true);
    const outcome = await attempt(() => trpc.directory.renameDesk.mutate({ id: desk.id, name }));
    setBusy(false);
    if (outcome.error) {
      setRenameError(outcome.error.message ?? Object.values(outcome.error.fieldErrors)[0]);
      renameInput?.focus();
      return;
    }
    setRenaming(undefined);
    report(T.renamed(name));
    void revalidate(getDesks.key);
  };

  const close = async () => {
    const desk = closing();
    if (!desk) return;
    setBusy(true);
    const outcome = await attempt(() => trpc.directory.closeDesk.mutate({ id: desk.id }));
    setBusy(false);
    setClosing(undefined);
    if (outcome.error) report(outcome.error.message ?? '', true);
    else report(T.closedDone(desk.name));
    void revalidate(getDesks.key);
  };

  return (
    <Show when={detail()?.done}>
      {(found) => (
        <Show
          when={found().may.manageDesks}
          fallback={
            <section class="card" aria-labelledby="guichets-titre">
              <h2 id="guichets-titre">{T.heading}</h2>
              <p>{T.notAllowed}</p>
            </section>
          }
        >
          <section class="card" aria-labelledby="guichets-titre">
            <h2 id="guichets-titre">{T.heading}</h2>
            <p class="note">{T.intro}</p>
            <FormAlert>{alert()}</FormAlert>
            <FormStatus>{status()}</FormStatus>
            <Switch>
              <Match when={desks()?.error}>
                {(error) => (
                  <div role="alert" class="alert alert-error">
                    {error().message ?? Object.values(error().fieldErrors)[0]}
                  </div>
                )}
              </Match>
              <Match when={desks()?.done}>
                {(list) => (
                  <Show when={list().items.length > 0} fallback={<p>{T.none}</p>}>
                    <section class="table-scroll directory-table stack-on-phone" aria-label={T.caption} tabindex="0">
                      <table>
                        <caption class="visually-hidden">{T.caption}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{T.columns.name}</th>
                            <th scope="col">{T.columns.state}</th>
                            <th scope="col">{T.columns.actions}</th>
                          </tr>
                        </thead>
                        <tbody>
                          <For each={list().items}>
                            {(desk) => (
                              <tr classList={{ 'row-ended': desk.closed }}>
                                <th scope="row" class="cell-wrap">
                                  {desk.name}
                                </th>
                                <td data-label={T.columns.state}>
                                  <Show when={desk.closed} fallback={<span class="muted">{T.open}</span>}>
                                    <span class="badge badge-ended">{T.closed}</span>
                                  </Show>
                                </td>
                                <td class="cell-actions cell-action">
                                  <Show when={!desk.closed}>
                                    <button
                                      type="button"
                                      class="button-link"
                                      aria-label={T.renameLabel(desk.name)}
                                      onClick={() => {
                                        setRenameError(undefined);
                                        setRenaming(desk);
                                      }}
                                    >
                                      {T.rename}
                                    </button>{' '}
                                    <button
                                      type="button"
                                      class="button-link"
                                      aria-label={T.closeLabel(desk.name)}
                                      onClick={() => setClosing(desk)}
                                    >
                                      {T.close}
                                    </button>
                                  </Show>
                                </td>
                              </tr>
                            )}
                          </For>
                        </tbody>
                      </table>
                    </section>
                  </Show>
                )}
              </Match>
            </Switch>
            <h3 class="desk-create-heading">{T.createHeading}</h3>
            <form novalidate onSubmit={create} class="search-form">
              <TextField
                ref={(element) => {
                  nameInput = element;
                }}
                id="guichet-nom"
                name="deskName"
                label={T.name}
                autocomplete="off"
                maxlength={200}
                error={createError()}
              />
              <button type="submit" class="button button-primary" aria-disabled={busy() ? 'true' : undefined}>
                {T.add}
              </button>
            </form>
          </section>
          <Dialog
            open={!!renaming()}
            title={T.renameTitle(renaming()?.name ?? '')}
            onClose={() => setRenaming(undefined)}
            actions={
              <>
                <button type="button" class="button button-primary" onClick={() => void rename()}>
                  {T.save}
                </button>
                <button type="button" class="button button-secondary" onClick={() => setRenaming(undefined)}>
                  {T.cancel}
                </button>
              </>
            }
          >
            <form
              novalidate
              onSubmit={(event) => {
                event.preventDefault();
                void rename();
              }}
            >
              <Show when={renaming()} keyed>
                {(desk) => (
                  <TextField
                    ref={(element) => {
                      renameInput = element;
                      queueMicrotask(() => element.focus());
                    }}
                    id="guichet-renommer"
                    name="renameDesk"
                    label={T.name}
                    autocomplete="off"
                    maxlength={200}
                    value={desk.name}
                    error={renameError()}
                  />
                )}
              </Show>
            </form>
          </Dialog>
          <Dialog
            open={!!closing()}
            role="alertdialog"
            title={T.closeTitle}
            onClose={() => setClosing(undefined)}
            actions={
              <>
                <button type="button" class="button button-danger" data-autofocus onClick={() => void close()}>
                  {T.ok}
                </button>
                <button type="button" class="button button-secondary" onClick={() => setClosing(undefined)}>
                  {T.cancel}
                </button>
              </>
            }
          >
            <p>{T.closeText(closing()?.name ?? '')}</p>
          </Dialog>
        </Show>
      )}
    </Show>
  );
}
