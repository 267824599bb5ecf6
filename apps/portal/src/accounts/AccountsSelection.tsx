import { useAction } from '@solidjs/router';
import { createEffect, createSignal, Show, Suspense } from 'solid-js';
import { grantHabilitations } from '../habilitations/actions';
import { GrantDialog, type GrantRecipient } from '../habilitations/GrantDialog';
import type { Catalogue, Structure } from '../habilitations/queries';
import { HABILITATIONS_TEXTS } from '../habilitations/texts';
import { useForgetOnLeave } from '../lib/submissions';
import type { AccountSummary } from '../lib/trpc';
import { selectionName } from './AccountsTable';
import { ACCOUNTS_TEXTS } from './texts';

const T = ACCOUNTS_TEXTS.search;

/**
 * The accounts ticked in the search results, in the order they were ticked. It outlives a page
 * of results: a selection may gather accounts from several pages, or several searches.
 */
export function createAccountSelection() {
  const [selected, setSelected] = createSignal<ReadonlyMap<string, GrantRecipient>>(new Map());
  const change = (edit: (next: Map<string, GrantRecipient>) => void) => {
    const next = new Map(selected());
    edit(next);
    setSelected(next);
  };
  return {
    isSelected: (id: string) => selected().has(id),
    count: () => selected().size,
    recipients: (): GrantRecipient[] => [...selected().values()],
    set: (accounts: readonly AccountSummary[], on: boolean) =>
      change((next) => {
        for (const a of accounts) {
          if (!on) next.delete(a.id);
          else if (a.manageable && !next.has(a.id)) next.set(a.id, { id: a.id, name: selectionName(a) });
        }
      }),
    remove: (ids: readonly string[]) =>
      change((next) => {
        for (const id of ids) next.delete(id);
      }),
    clear: () => setSelected(new Map()),
  };
}

export type AccountSelection = ReturnType<typeof createAccountSelection>;

/**
 * Above the results: « Tout sélectionner » for the page's accounts the référent manages, how many
 * are selected, and « Attribuer une habilitation », which grants one habilitation to all of them.
 */
export function SelectionBar(props: {
  selection: AccountSelection;
  /** The accounts of the page shown. */
  accounts: readonly AccountSummary[];
  catalogue: Catalogue | undefined;
  structures: readonly Structure[] | undefined;
  /** After a grant: the results may name new establishments. */
  onGranted: () => void;
}) {
  const [granting, setGranting] = createSignal(false);
  const [status, setStatus] = createSignal('');
  const grant = useAction(grantHabilitations);
  useForgetOnLeave(grantHabilitations);
  const selectable = () => props.accounts.filter((a) => a.manageable);
  const selectedHere = () => selectable().filter((a) => props.selection.isSelected(a.id)).length;
  const all = () => selectable().length > 0 && selectedHere() === selectable().length;
  return (
    <div class="selection-bar">
      <p class="note">{T.selectionHelp}</p>
      <div class="selection-actions">
        <Show when={selectable().length > 0}>
          <div class="radio">
            <input
              type="checkbox"
              class="checkbox"
              id="tout-selectionner"
              checked={all()}
              ref={(box) => createEffect(() => (box.indeterminate = selectedHere() > 0 && !all()))}
              onChange={(event) => props.selection.set(selectable(), event.currentTarget.checked)}
            />
            <label for="tout-selectionner">{T.selectAll}</label>
          </div>
        </Show>
        {/* Announced politely, but not a status: the results' own status says what the search found. */}
        <p class="selection-count" aria-live="polite">
          {T.selected(props.selection.count())}
        </p>
        <button
          type="button"
          class="button button-primary"
          disabled={props.selection.count() === 0}
          onClick={() => {
            setStatus('');
            setGranting(true);
          }}
        >
          <span aria-hidden="true">+ </span>
          {T.grant}
        </button>
        <Show when={props.selection.count() > 0}>
          <button type="button" class="button button-secondary" onClick={() => props.selection.clear()}>
            {T.clearSelection}
          </button>
        </Show>
      </div>
      <div role="status" class="alert alert-success">
        {status()}
      </div>
      {/* The lists load once something is selected; meanwhile only the (closed) dialog waits. */}
      <Suspense>
        <GrantDialog
          open={granting()}
          title={HABILITATIONS_TEXTS.grant.selectionTitle}
          report
          recipients={props.selection.recipients()}
          catalogue={props.catalogue}
          structures={props.structures}
          onGrant={grant}
          onClose={() => setGranting(false)}
          onGranted={(message) => {
            setStatus(message);
            props.onGranted();
          }}
          onRemoveRecipients={(ids) => props.selection.remove(ids)}
        />
      </Suspense>
    </div>
  );
}
