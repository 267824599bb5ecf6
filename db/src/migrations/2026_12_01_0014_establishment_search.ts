import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  // ADMINISTRATION → « Etablissements »: an administrator searches the directory by words of the
  // name or the commune, accents and case ignored. Folding each row at every search cost 0.4 s at
  // 30,000 establishments (translate() on every name and commune); kept folded, each word is one
  // strpos() per row. The folding is the directory's (core/src/directory/queries.ts), which folds
  // the typed words alike. Pages follow (name, id): the index reads them in that order.
  await sql`
    alter table establishments add column search_text text not null generated always as (
      replace(replace(translate(lower(name || ' ' || coalesce(city, '')),
        'àâäáãåçéèêëíìîïñóòôöõúùûüýÿ''’-', 'aaaaaaceeeeiiiinooooouuuuyy   '), 'œ', 'oe'), 'æ', 'ae')
    ) stored;
    create index establishments_name_idx on establishments (name, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index establishments_name_idx;
    alter table establishments drop column search_text;
  `.execute(db);
}
