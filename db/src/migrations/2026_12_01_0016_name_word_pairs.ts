import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  // The word index of migration 0015 answers for the names its walk does not settle, but a word
  // common among later words (a first name: « Math Mo », « Lucas Valérie ») has a posting list of
  // thousands of accounts, and intersecting two of them took 1–1.6 ms, twice per search. The index
  // now also holds pairs of words, each cut to its first 2 and 3 characters: '^mo&mat' (a name that
  // starts with mo and has a later word starting with mat), 'mat&mo' (two later words, in byte
  // order). A search adds the pairs of its words, the rarest key leads, and the lookup reads the
  // few names that have both: 0.05 ms. 56 MB instead of 23 MB at 500,000 accounts.
  //
  // A GIN index also queues the entries of new rows in a pending list, merged by vacuum or once it
  // reaches gin_pending_list_limit (4 MB by default), and every lookup reads the whole list: 2,000
  // accounts created since the last vacuum added 108 pages and 0.4–0.8 ms to each lookup, twice per
  // search. At 512 kB (64 pages at most; 33 pages, 0.2 ms, after 5,000 creations) bulk creation
  // costs 15 % more than at 4 MB (at 64 kB, 57 % more; with no list at all, 70 %): seeding the
  // bench's 500,000 accounts takes 89 s (51 s with migration 0015 alone).
  await sql`
    -- {^le&go, ^le&gof, ^le&je, …, go&je, gof&jea, …} for Le Goff, Jean.
    create function name_pair_keys(search_last_name text, search_first_name text) returns text[]
      language sql immutable parallel safe strict
      return (
        with p as (
          select distinct s.i, left(s.w, n.n) collate "C" as p
          from regexp_split_to_table((search_last_name || ' ' || search_first_name) collate "default",
                                     '[^[:alnum:]]+') with ordinality s(w, i),
               (values (2), (3)) n(n)
          where s.w <> '')
        select coalesce(array_agg(distinct case when a.i = 1 then '^' || a.p || '&' || b.p
                                                else least(a.p, b.p) || '&' || greatest(a.p, b.p) end), '{}')
        from p a join p b on b.i > a.i);

    create function name_word_keys(search_last_name text, search_first_name text) returns text[]
      language sql immutable parallel safe strict
      return name_search_keys(search_last_name, search_first_name) || name_pair_keys(search_last_name, search_first_name);

    create index accounts_active_name_word_keys_idx on accounts
      using gin (name_word_keys(search_last_name, search_first_name))
      with (gin_pending_list_limit = 512) where deactivated_at is null;
    drop index accounts_active_name_keys_idx;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index accounts_active_name_keys_idx on accounts
      using gin (name_search_keys(search_last_name, search_first_name)) where deactivated_at is null;
    drop index accounts_active_name_word_keys_idx;
    drop function name_word_keys(text, text), name_pair_keys(text, text);
  `.execute(db);
}
