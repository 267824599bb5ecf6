import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { AccountSummary } from '../lib/trpc';
import { ACCOUNTS_TEXTS } from './texts';

const T = ACCOUNTS_TEXTS.search;

/** A closed padlock, drawn in CSS colours so that it follows the text. */
export function PadlockIcon() {
  return (
    <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path
        fill="currentColor"
        d="M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1.5 1.5 0 0 0-1.5 1.5v6A1.5 1.5 0 0 0 4 15h8a1.5 1.5 0 0 0 1.5-1.5v-6A1.5 1.5 0 0 0 12 6h-.5V4.5A3.5 3.5 0 0 0 8 1Zm-2 5V4.5a2 2 0 1 1 4 0V6H6Zm2 3a1.25 1.25 0 0 1 .75 2.25V12.5h-1.5v-1.25A1.25 1.25 0 0 1 8 9Z"
      />
    </svg>
  );
}

/** « Prénom Nom (nom.utilisateur) »: how a selected account is named, as the server names it in a grant's answer. */
export const selectionName = (account: AccountSummary) =>
  `${account.firstName} ${account.lastName} (${account.username})`;

/**
 * Search results; each row leads to the account. An account the référent manages has a box, to
 * grant one habilitation to several accounts at once.
 */
export function AccountsTable(props: {
  accounts: readonly AccountSummary[];
  query: string;
  isSelected: (id: string) => boolean;
  onSelect: (account: AccountSummary, selected: boolean) => void;
}) {
  return (
    <section class="table-scroll" aria-label={T.caption(props.query)} tabindex="0">
      <table>
        <caption class="visually-hidden">{T.caption(props.query)}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">{T.columns.selection}</span>
            </th>
            <th scope="col">{T.columns.lastName}</th>
            <th scope="col">{T.columns.firstName}</th>
            <th scope="col">{T.columns.username}</th>
            <th scope="col">{T.columns.email}</th>
            <th scope="col">{T.columns.establishments}</th>
            <th scope="col">{T.columns.state}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.accounts}>
            {(account) => (
              <tr>
                <td class="cell-center">
                  <Show when={account.manageable}>
                    <input
                      type="checkbox"
                      class="checkbox"
                      aria-label={T.select(selectionName(account))}
                      checked={props.isSelected(account.id)}
                      onChange={(event) => props.onSelect(account, event.currentTarget.checked)}
                    />
                  </Show>
                </td>
                <th scope="row">{account.lastName}</th>
                <td>{account.firstName}</td>
                <td>
                  <A href={`/comptes/${account.id}`}>{account.username}</A>
                </td>
                <td class="cell-wrap">{account.email}</td>
                <td class="cell-wrap">{account.establishments.join(', ')}</td>
                <td>
                  <Show when={account.blocked} fallback={<span class="muted">{T.active}</span>}>
                    <span class="state-blocked">
                      <PadlockIcon />
                      {T.blocked}
                    </span>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}
