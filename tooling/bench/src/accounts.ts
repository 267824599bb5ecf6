import { hashPassword } from '@trajectoire/core';
import type { Database } from '@trajectoire/db';
import { SingleBar } from 'cli-progress';
import { sql } from 'kysely';
import { adminServer } from './admin-server';
import { summarize } from './stats';

export const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Thomas',
  'Petit',
  'Robert',
  'Richard',
  'Durand',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Lefèvre',
  'Leroy',
  'Roux',
  'David',
  'Bertrand',
  'Morel',
  'Fournier',
  'Girard',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
  'Rousseau',
  'Vincent',
  'Müller',
  'Lefebvre',
  'Faure',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Garnier',
  'Chevalier',
  'François',
  'Legrand',
  'Gauthier',
  'Garcia',
  'Perrin',
  'Robin',
  'Clément',
  'Morin',
  'Nicolas',
  'Henry',
  'Roussel',
  'Mathieu',
  'Gautier',
  'Masson',
  'Marchand',
  'Duval',
  'Denis',
  'Dumont',
  'Marie',
  'Lemaire',
  'Noël',
  'Meyer',
  'Dufour',
  'Meunier',
  'Brun',
  'Blanchard',
  'Giraud',
  'Joly',
  'Rivière',
  'Lucas',
  'Brunet',
  'Gaillard',
  'Barbier',
  'Arnaud',
  'Martínez',
  'Gérard',
  'Roche',
  'Renard',
  'Schmitt',
  'Roy',
  'Leroux',
  'Colin',
  'Vidal',
  'Caron',
  'Picard',
  'Roger',
  'Fabre',
  'Aubert',
  'Lemoine',
  'Renaud',
  'Dumas',
  'Lacroix',
  'Olivier',
  'Philippe',
  'Bourgeois',
  'Pierre',
  'Benoît',
  'Rey',
  'Leclerc',
  'Payet',
  'Rolland',
  'Leclercq',
  'Guillaume',
  'Lecomte',
];
export const FIRST_NAMES = [
  'Marie',
  'Jean',
  'Pierre',
  'Michel',
  'André',
  'Philippe',
  'René',
  'Louis',
  'Alain',
  'Jacques',
  'Nathalie',
  'Isabelle',
  'Sylvie',
  'Catherine',
  'Françoise',
  'Valérie',
  'Christine',
  'Monique',
  'Hélène',
  'Anne',
  'Léa',
  'Chloé',
  'Emma',
  'Inès',
  'Manon',
  'Camille',
  'Zoé',
  'Jade',
  'Louise',
  'Lucie',
  'Lucas',
  'Hugo',
  'Théo',
  'Nathan',
  'Enzo',
  'Mathis',
  'Noé',
  'Raphaël',
  'Jérôme',
  'Stéphane',
];

/** Fills the accounts table up to `count` rows, with French names (accents included), in batches. */
export async function insertBenchAccounts(db: Database, count: number) {
  const existing = Number((await sql<{ n: string }>`select count(*) as n from accounts`.execute(db)).rows[0]?.n ?? 0);
  if (existing >= count) return;
  const hash = await hashPassword('Bench-Mot-De-Passe-2026!');
  const bar = new SingleBar({ format: '  {phase} {bar} {value}/{total}', hideCursor: true });
  const batch = 50_000;
  bar.start(count, 0, { phase: 'Inserting accounts' });
  for (let from = 0; from < count; from += batch) {
    const to = Math.min(count, from + batch) - 1;
    await sql`
      insert into accounts (username, last_name, first_name, email, password_hash, password_changed_at)
      select lower(f.name) || '.' || lower(l.name) || '.' || g, l.name || case when g % 3 = 0 then '' else '-' || (g % 997) end,
             f.name, 'agent' || g || '@etab' || (g % 5000) || '.bench.test', ${hash}, now()
      from generate_series(${from}::bigint, ${to}::bigint) g
      cross join lateral (select (${LAST_NAMES}::text[])[1 + (g * 7919) % ${LAST_NAMES.length}] as name) l
      cross join lateral (select (${FIRST_NAMES}::text[])[1 + (g * 104729) % ${FIRST_NAMES.length}] as name) f`.execute(
      db,
    );
    bar.update(to + 1);
  }
  bar.stop();
  // Steady state, as autovacuum leaves a table after a bulk load (statistics, visibility map),
  // written out to disk: left to autovacuum and the checkpointer, that work would run during
  // the measurements.
  await sql`vacuum analyze accounts`.execute(db);
  await sql`checkpoint`.execute(db);
}

/**
 * « Rechercher un utilisateur » and « Créer un utilisateur » with 500,000 accounts, through the
 * typed client over HTTP, next to the bare indexed prefix query on the same database.
 */
export async function benchAccounts(
  db: Database,
  url: string,
  options: { accounts: number; searches: number; warmUpSearches: number; creations: number },
) {
  await insertBenchAccounts(db, options.accounts);
  const bar = new SingleBar({ format: '  {phase} {bar} {value}/{total}', hideCursor: true });

  const { server, client } = await adminServer(db, url, 'bench.admin');

  const queries = Array.from({ length: 400 }, (_, i) => {
    const pick = <T>(list: T[]) => list[(i * 31 + 7) % list.length] as T;
    switch (i % 4) {
      case 0:
        return pick(LAST_NAMES).slice(0, 3 + (i % 3));
      case 1:
        return pick(FIRST_NAMES).toLowerCase().slice(0, 4);
      case 2:
        return `agent${(i * 7717) % options.accounts}`;
      default:
        return `${pick(FIRST_NAMES).toLowerCase()}.${pick(LAST_NAMES).toLowerCase().slice(0, 2)}`;
    }
  });
  // « Nom, Prénom » of people who exist (the names insertBenchAccounts gave account g): two words,
  // in either order, often shortened as people type.
  const fullNames = Array.from({ length: 400 }, (_, i) => {
    const g = (i * 1237 + 11) % options.accounts;
    const last = LAST_NAMES[(g * 7919) % LAST_NAMES.length] as string;
    const first = FIRST_NAMES[(g * 104729) % FIRST_NAMES.length] as string;
    switch (i % 4) {
      case 0:
        return `${last} ${first}`;
      case 1:
        return `${first.toLowerCase()} ${last.toLowerCase()}`;
      case 2:
        return `${last.slice(0, 4)} ${first.slice(0, 2)}`;
      default:
        return `${first.slice(0, 3)} ${last}`;
    }
  });
  const search = async (query: string) => (await client.accounts.search.query({ query, pageSize: 20 })).accounts.length;
  const measure = async (phase: string, count: number, list: string[] = queries) => {
    const latencies: number[] = [];
    let found = 0;
    bar.start(count, 0, { phase });
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      found += await search(list[i % list.length] as string);
      latencies.push(performance.now() - t0);
      bar.update(i + 1);
    }
    bar.stop();
    return { ...summarize(latencies), averageHits: found / count };
  };
  // Just started: prepared statements in place, but the JIT of both processes still cold.
  for (const query of queries.slice(0, 300)) await search(query);
  const justStarted = await measure('accounts.search (tRPC), just started', queries.length);
  // A server in service runs its hot paths compiled: V8 only optimises a function after
  // thousands of calls, and on this machine latencies keep falling until about 3,000 searches.
  await measure('accounts.search (tRPC), warming up', options.warmUpSearches);
  const steady = await measure('accounts.search (tRPC), steady state', options.searches);
  const fullName = await measure('accounts.search (tRPC), « Nom Prénom »', options.searches, fullNames);

  const bareLatencies: number[] = [];
  for (const query of queries) {
    const t0 = performance.now();
    await sql`select id from accounts
      where search_last_name >= search_key(${query}) and search_last_name < search_key(${query}) || chr(1114111)
        and deactivated_at is null
      order by search_last_name limit 21`.execute(db);
    bareLatencies.push(performance.now() - t0);
  }

  const createLatencies: number[] = [];
  bar.start(options.creations, 0, { phase: 'accounts.create (tRPC)' });
  for (let i = 0; i < options.creations; i++) {
    const t0 = performance.now();
    await client.accounts.create.mutate({
      data: {
        lastName: 'Nouvel',
        firstName: `Agent${i}`,
        email: `nouvel.agent${i}@bench.test`,
        phone: '',
        mobile: '06 12 34 56 78',
        profession: 'IDE',
      },
    });
    createLatencies.push(performance.now() - t0);
    bar.update(i + 1);
  }
  bar.stop();
  await server.stop();
  return {
    search: steady,
    searchFullName: fullName,
    searchJustStarted: justStarted,
    bareIndexedQuery: summarize(bareLatencies),
    create: summarize(createLatencies),
  };
}
