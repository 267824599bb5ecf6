import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  // The search only ever looks at active accounts. Partial indexes that carry the id answer each
  // branch from the index alone (no visit to the table to test deactivated_at), and they skip
  // deactivated accounts instead of filtering them out one by one. Usernames stay unique among
  // deactivated accounts too, so their index covers every account and carries deactivated_at.
  await sql`
    create index accounts_active_last_name_idx on accounts (search_last_name, id) where deactivated_at is null;
    create index accounts_active_first_name_idx on accounts (search_first_name, id) where deactivated_at is null;
    create index accounts_username_c_idx on accounts ((username collate "C"), id) include (deactivated_at);
    create index accounts_active_email_idx on accounts (search_email, id) where deactivated_at is null;
    drop index accounts_search_last_name_idx, accounts_search_first_name_idx,
      accounts_search_username_idx, accounts_search_email_idx;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index accounts_search_last_name_idx on accounts (search_last_name);
    create index accounts_search_first_name_idx on accounts (search_first_name);
    create index accounts_search_email_idx on accounts (search_email);
    create index accounts_search_username_idx on accounts ((username collate "C"));
    drop index accounts_active_last_name_idx, accounts_active_first_name_idx,
      accounts_username_c_idx, accounts_active_email_idx;
  `.execute(db);
}
