import { query } from '@solidjs/router';
import { attempt } from '../lib/errors';
import { trpc } from '../lib/trpc';

export const PAGE_SIZE = 20;

/** « Rechercher un utilisateur »: one page of accounts whose names, username or e-mail start with the query. */
export const searchAccounts = query(
  (text: string, page: number) => attempt(() => trpc.accounts.search.query({ query: text, page, pageSize: PAGE_SIZE })),
  'accounts-search',
);

/** One account, with whether the référent may change it; or why it cannot be shown. */
export const getAccount = query((id: string) => attempt(() => trpc.accounts.get.query({ id })), 'account');
