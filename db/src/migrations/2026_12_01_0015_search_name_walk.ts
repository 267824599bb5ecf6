import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  // Search by several words (« Moreau David », « mor dav »), without visiting every account that has
  // them all. Migration 0011's GIN index found them all (2,500 for « Lucas Valérie » at 500,000
  // accounts), each then read from the table and sorted to keep the first twenty: 10 ms.
  //
  // The name key, `search_last_name || ' ' || search_first_name`, orders the results. An account
  // found by a word that starts its name key lies in that word's range of the key: the btree below
  // walks that range in order, with the name's words (`name_words_text`) in each entry, so it tests
  // the other words without reading the table and stops after a page. Where few accounts of a long
  // range match (« Ren Roussel » walks Renard and Renaud), the GIN index answers instead: its keys
  // are the prefixes of the name's words, the first word's (the one that starts the name key) marked
  // by '^', so « the name starts with ren and some other word starts with roussel » is one lookup.
  // Accounts whose words match only words after the first (« goff jean » for Le Goff Jean) are found
  // through the same index, by their unmarked prefixes.
  //
  // Words are split on anything that is not a letter or digit, with the database's character
  // classes (hence `collate "default"`: the search keys are in "C", where é is no letter), as
  // search_words (migration 0011) splits the query; prefixes stop at 24 characters, as there.
  await sql`
    -- ' le goff martin jean pierre' for Le Goff-Martin, Jean-Pierre: each word after a space.
    create function name_words_text(search_last_name text, search_first_name text) returns text
      language sql immutable parallel safe strict
      return ' ' || regexp_replace((search_last_name || ' ' || search_first_name) collate "default",
                                   '[^[:alnum:]]+', ' ', 'g');

    -- {^l, ^le, g, go, gof, goff, m, …, j, je, jea, jean, …} for the same name.
    create function name_search_keys(search_last_name text, search_first_name text) returns text[]
      language sql immutable parallel safe strict
      return (select coalesce(array_agg(distinct case when s.i = 1 then '^' else '' end || left(s.w, n)), '{}')
              from regexp_split_to_table((search_last_name || ' ' || search_first_name) collate "default",
                                         '[^[:alnum:]]+') with ordinality s(w, i),
                   generate_series(1, least(length(s.w), 24)) n
              where s.w <> '');

    -- The name columns are included so that the walk reads nothing from the table: Postgres only
    -- scans an index alone when the columns under its expressions are in it.
    create index accounts_active_name_walk_idx on accounts
      ((search_last_name || ' ' || search_first_name), id, name_words_text(search_last_name, search_first_name))
      include (search_last_name, search_first_name) where deactivated_at is null;

    create index accounts_active_name_keys_idx on accounts
      using gin (name_search_keys(search_last_name, search_first_name)) where deactivated_at is null;

    drop index accounts_active_name_prefixes_idx;
    drop function name_prefixes(text, text);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function name_prefixes(last_name text, first_name text) returns text[]
      language sql immutable parallel safe strict
      return (select coalesce(array_agg(distinct left(w, n)), '{}')
              from unnest(search_words(last_name || ' ' || first_name)) w,
                   generate_series(1, length(w)) n);
    create index accounts_active_name_prefixes_idx on accounts
      using gin (name_prefixes(last_name, first_name)) where deactivated_at is null;
    drop index accounts_active_name_keys_idx, accounts_active_name_walk_idx;
    drop function name_search_keys(text, text), name_words_text(text, text);
  `.execute(db);
}
