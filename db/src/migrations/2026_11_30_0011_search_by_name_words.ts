import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  // « Moreau David », « david moreau », « mor dav »: every word of the query must start a word of
  // the last or first name. Each account's name words are indexed with all their prefixes (up to
  // 24 characters) in one GIN index: a query of several words intersects their posting lists, so
  // its cost follows the few accounts that match every word, not the thousands that share a
  // common last name (walking a name index from « martin » and testing each entry took tens of
  // milliseconds). Words are split on anything that is not a letter or digit (« Jean-Pierre »,
  // « Martin-45 ») after the same accent- and case-folding as the other search keys.
  await sql`
    create function search_words(value text) returns text[]
      language sql immutable parallel safe strict
      return (select coalesce(array_agg(distinct left(w, 24)), '{}')
              from regexp_split_to_table(search_key(value), '[^[:alnum:]]+') w where w <> '');

    create function name_prefixes(last_name text, first_name text) returns text[]
      language sql immutable parallel safe strict
      return (select coalesce(array_agg(distinct left(w, n)), '{}')
              from unnest(search_words(last_name || ' ' || first_name)) w,
                   generate_series(1, length(w)) n);

    create index accounts_active_name_prefixes_idx on accounts
      using gin (name_prefixes(last_name, first_name)) where deactivated_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index accounts_active_name_prefixes_idx;
    drop function name_prefixes(text, text), search_words(text);
  `.execute(db);
}
