import type { AppRouter } from '@trajectoire/api';
import { createClient } from '@trajectoire/client';
import { addDays, type Domain, type ProfileCode, parisDate } from '@trajectoire/domain';
import {
  insertAccount,
  insertEstablishment,
  insertHabilitation,
  insertUnit,
  TEST_PASSWORD,
} from '@trajectoire/test-support/fixtures';
import type { TestSystem } from '@trajectoire/test-support/system';
import type { TRPCClient } from '@trpc/client';
import { sql } from 'kysely';

/**
 * The attack suite's world, shaped like the demo: two establishments in two départements, one
 * actor per demo profile, and accounts and habilitations placed everywhere an actor's scope may
 * begin or end.
 */

export const PLACES = ['A', 'A1', 'A2', 'deskA', 'B', 'B1'] as const;
export type PlaceName = (typeof PLACES)[number];

/** The people who act; the API key acts as `refA2`, whose key it is. */
export const PEOPLE = ['admin', 'refA', 'refA2', 'presc', 'admissions', 'refB'] as const;
export type Person = (typeof PEOPLE)[number];
export const ACTORS = [...PEOPLE, 'key', 'anon'] as const;
export type ActorName = (typeof ACTORS)[number];

/** The person an actor acts as (`anon` is nobody). */
export function personOf(actor: ActorName): Person | undefined {
  if (actor === 'anon') return undefined;
  return actor === 'key' ? 'refA2' : actor;
}

export interface HabilitationRecipe {
  profile: ProfileCode;
  at: PlaceName;
  domain?: Domain;
  startsOn?: string;
  endsOn?: string;
}

export interface AccountRecipe {
  nationalAdmin?: boolean;
  /** Where a référent created it. */
  attachedTo?: PlaceName;
  habilitations?: HabilitationRecipe[];
}

const CLOCK_START = '2026-11-25T09:00:00Z';
const TODAY = parisDate(new Date(CLOCK_START));
/**
 * Every live habilitation of the world ends in 60 days: a prolongation (6 months at least, from
 * today) is then always a real prolongation, and a reduction to `SHORTER_END` a real reduction.
 */
export const WORLD_END = addDays(TODAY, 60);
export const SHORTER_END = addDays(TODAY, 10);
const WORLD_START = '2026-01-01';

export const ACTOR_RECIPES: Record<Person, AccountRecipe> = {
  admin: { nationalAdmin: true },
  refA: { habilitations: [{ profile: 'REFERENT_STRUCTURE', at: 'A' }] },
  refA2: { habilitations: [{ profile: 'REFERENT_UNITE', at: 'A2' }] },
  presc: {
    habilitations: [
      { profile: 'PRESCRIPTEUR_MEDICAL', at: 'A1' },
      { profile: 'PRESCRIPTEUR_MEDICAL', at: 'A', domain: 'GRAND_AGE' },
    ],
  },
  admissions: { habilitations: [{ profile: 'RESPONSABLE_ADMISSIONS', at: 'B1' }] },
  refB: { habilitations: [{ profile: 'REFERENT_STRUCTURE', at: 'B' }] },
};

/** Accounts acted upon, named for where they are placed. */
export const TARGET_RECIPES = {
  habA: { habilitations: [{ profile: 'EQUIPE_SOIGNANTE', at: 'A' }] },
  habA1: { habilitations: [{ profile: 'EQUIPE_SOIGNANTE', at: 'A1' }] },
  habA2: { habilitations: [{ profile: 'EQUIPE_SOIGNANTE', at: 'A2' }] },
  /** Ended long ago: a habilitation of any dates places its holder. */
  endedA2: {
    habilitations: [{ profile: 'EQUIPE_SOIGNANTE', at: 'A2', startsOn: '2024-01-01', endsOn: '2025-06-30' }],
  },
  /** Not started yet. */
  futureB1: {
    habilitations: [{ profile: 'EQUIPE_SOIGNANTE', at: 'B1', startsOn: '2027-03-01', endsOn: '2028-02-29' }],
  },
  habB: { habilitations: [{ profile: 'EQUIPE_SOIGNANTE', at: 'B' }] },
  habB1: { habilitations: [{ profile: 'EQUIPE_SOIGNANTE', at: 'B1' }] },
  attA: { attachedTo: 'A' },
  attA2: { attachedTo: 'A2' },
  attB: { attachedTo: 'B' },
  nowhere: {},
  /** A national administrator holding a habilitation in A1: still an administrator's alone. */
  adminA1: { nationalAdmin: true, habilitations: [{ profile: 'EQUIPE_SOIGNANTE', at: 'A1' }] },
} satisfies Record<string, AccountRecipe>;
export type PlacedTarget = keyof typeof TARGET_RECIPES;
/** Every account target: the placed ones, and each person's own account (`me:refA`…). */
export type AccountTarget = PlacedTarget | `me:${Person}`;
export const ACCOUNT_TARGETS: readonly AccountTarget[] = [
  ...(Object.keys(TARGET_RECIPES) as PlacedTarget[]),
  ...PEOPLE.map((p) => `me:${p}` as const),
];

/** Habilitations acted upon (their holders are placed targets, already placed there). */
export const HABILITATION_RECIPES = {
  hA: { holder: 'habA', profile: 'EQUIPE_SOIGNANTE', at: 'A' },
  hA1: { holder: 'habA1', profile: 'EQUIPE_SOIGNANTE', at: 'A1' },
  hA2: { holder: 'habA2', profile: 'EQUIPE_SOIGNANTE', at: 'A2' },
  hA2ref: { holder: 'habA2', profile: 'REFERENT_UNITE', at: 'A2' },
  /** Another Référent structure of A: no Référent unité touches it. */
  hAref: { holder: 'habA', profile: 'REFERENT_STRUCTURE', at: 'A' },
  hDeskA: { holder: 'habA', profile: 'RESPONSABLE_ADMISSIONS', at: 'deskA' },
  hB: { holder: 'habB', profile: 'EQUIPE_SOIGNANTE', at: 'B' },
  hB1: { holder: 'habB1', profile: 'EQUIPE_SOIGNANTE', at: 'B1' },
} satisfies Record<string, { holder: PlacedTarget } & HabilitationRecipe>;
export type HabilitationTarget = keyof typeof HABILITATION_RECIPES;

export interface Account {
  id: string;
  username: string;
  email: string;
}

export type Client = TRPCClient<AppRouter>;

export async function buildWorld(system: TestSystem) {
  const { db, app } = system;
  await countWrites(db);
  const A = await insertEstablishment(db, { name: 'CHU de Lyon', departement: '69' });
  const A1 = await insertUnit(db, A.id, 'Cardiologie');
  const A2 = await insertUnit(db, A.id, 'SMR polyvalent');
  const deskA = await db
    .insertInto('admission_desks')
    .values({ establishment_id: A.id, name: 'Bureau des admissions' })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  const B = await insertEstablishment(db, { name: 'Clinique des Alpes', departement: '38' });
  const B1 = await insertUnit(db, B.id, 'SMR neurologique');

  const establishments = { A: { ...A, departement: '69' }, B: { ...B, departement: '38' } };
  const units = { A1, A2, B1 };
  const places: Record<PlaceName, { establishmentId: string; unitId: string | null; deskId: string | null }> = {
    A: { establishmentId: A.id, unitId: null, deskId: null },
    A1: { establishmentId: A.id, unitId: A1.id, deskId: null },
    A2: { establishmentId: A.id, unitId: A2.id, deskId: null },
    deskA: { establishmentId: A.id, unitId: null, deskId: deskA.id },
    B: { establishmentId: B.id, unitId: null, deskId: null },
    B1: { establishmentId: B.id, unitId: B1.id, deskId: null },
  };
  const establishmentName = (place: PlaceName) => (places[place].establishmentId === A.id ? A.name : B.name);

  async function insertHabilitationAt(accountId: string, recipe: HabilitationRecipe): Promise<string> {
    const place = places[recipe.at];
    if (place.deskId) {
      const row = await db
        .insertInto('habilitations')
        .values({
          account_id: accountId,
          profile: recipe.profile,
          domain: recipe.domain ?? 'SANITAIRE',
          level: 'ADMISSION_DESK',
          establishment_id: place.establishmentId,
          admission_desk_id: place.deskId,
          starts_on: recipe.startsOn ?? WORLD_START,
          ends_on: recipe.endsOn ?? WORLD_END,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    }
    const row = await insertHabilitation(db, {
      accountId,
      profile: recipe.profile,
      domain: recipe.domain ?? 'SANITAIRE',
      establishmentId: place.establishmentId,
      ...(place.unitId ? { unitId: place.unitId } : {}),
      startsOn: recipe.startsOn ?? WORLD_START,
      endsOn: recipe.endsOn ?? WORLD_END,
    });
    return row.id;
  }

  let phoneNumber = 0;
  async function insertPlacedAccount(username: string, recipe: AccountRecipe) {
    const attachedTo = recipe.attachedTo ? places[recipe.attachedTo] : undefined;
    const account = await insertAccount(db, {
      username,
      nationalAdmin: recipe.nationalAdmin ?? false,
      ...(attachedTo
        ? {
            attachedTo: {
              establishmentId: attachedTo.establishmentId,
              ...(attachedTo.unitId ? { unitId: attachedTo.unitId } : {}),
            },
          }
        : {}),
    });
    // What only those who manage the account may read.
    phoneNumber += 1;
    await db
      .updateTable('accounts')
      .set({
        phone: '+33472000001',
        mobile: `+336120000${String(phoneNumber).padStart(2, '0')}`,
        profession: 'Infirmière',
      })
      .where('id', '=', account.id)
      .execute();
    const habilitationIds: string[] = [];
    for (const h of recipe.habilitations ?? []) habilitationIds.push(await insertHabilitationAt(account.id, h));
    const names = new Set<string>();
    if (recipe.attachedTo) names.add(establishmentName(recipe.attachedTo));
    for (const h of recipe.habilitations ?? []) names.add(establishmentName(h.at));
    return {
      account,
      habilitationIds,
      establishmentNames: [...names].sort((a, b) => a.localeCompare(b, 'fr')),
    };
  }

  const people = {} as Record<Person, Awaited<ReturnType<typeof insertPlacedAccount>>>;
  for (const person of PEOPLE)
    people[person] = await insertPlacedAccount(`acteur.${person.toLowerCase()}`, ACTOR_RECIPES[person]);
  const placed = {} as Record<PlacedTarget, Awaited<ReturnType<typeof insertPlacedAccount>>>;
  for (const [name, recipe] of Object.entries(TARGET_RECIPES) as [PlacedTarget, AccountRecipe][])
    placed[name] = await insertPlacedAccount(`cible.${name.toLowerCase()}`, recipe);

  const targetAccount = (target: AccountTarget) =>
    target.startsWith('me:') ? people[target.slice(3) as Person] : placed[target as PlacedTarget];

  const habilitations = {} as Record<HabilitationTarget, string>;
  for (const [name, recipe] of Object.entries(HABILITATION_RECIPES) as [
    HabilitationTarget,
    (typeof HABILITATION_RECIPES)[HabilitationTarget],
  ][]) {
    // The holder's own habilitation is the target where it is the same; otherwise a second one.
    const holder = placed[recipe.holder];
    const same = TARGET_RECIPES[recipe.holder] as AccountRecipe;
    const first = same.habilitations?.[0];
    habilitations[name] =
      first && first.profile === recipe.profile && first.at === recipe.at && !first.endsOn
        ? (holder.habilitationIds[0] as string)
        : await insertHabilitationAt(holder.account.id, recipe);
  }

  /** A new habilitation like `target` (or like the person's own first one), for a call that changes it. */
  const freshHabilitation = (target: HabilitationTarget | { own: Person }) => {
    if (typeof target === 'object') {
      const recipe = ACTOR_RECIPES[target.own].habilitations?.[0];
      if (!recipe) throw new Error(`${target.own} holds no habilitation`);
      return insertHabilitationAt(people[target.own].account.id, recipe);
    }
    const recipe = HABILITATION_RECIPES[target];
    return insertHabilitationAt(placed[recipe.holder].account.id, recipe);
  };

  // Each person signs in once, through password and mailed code, as in a browser.
  const sessions = {} as Record<Person, Awaited<ReturnType<TestSystem['signedInBrowser']>>>;
  for (const [index, person] of PEOPLE.entries())
    sessions[person] = await system.signedInBrowser(people[person].account, TEST_PASSWORD, `192.0.2.${20 + index}`);

  // The Référent unité's key, minted from her session; the typed client of internal tools uses it.
  const keyInput = { name: 'Outil de la référente', password: TEST_PASSWORD };
  const { key } = await sessions.refA2.client.auth.createApiKey.mutate(keyInput);
  const keyFetch = (async (input: string | URL | Request, init?: RequestInit) =>
    app.request(String(input), init)) as typeof globalThis.fetch;
  const keyClient = createClient({ url: 'http://localhost', apiKey: key, fetch: keyFetch });
  const anonymous = system.browser({ ip: '192.0.2.99' });

  const clients: Record<Exclude<ActorName, 'anon'>, Client> & { anon: Client } = {
    ...(Object.fromEntries(PEOPLE.map((p) => [p, sessions[p].client])) as Record<Person, Client>),
    key: keyClient,
    anon: anonymous.client,
  };

  /** A plain GET as each actor makes it: cookies for a browser, the bearer key for the tool. */
  const download = (actor: ActorName, path: string): Promise<Response> => {
    const url = `http://localhost${path}`;
    if (actor === 'key') return Promise.resolve(app.request(url, { headers: { authorization: `Bearer ${key}` } }));
    return (actor === 'anon' ? anonymous : sessions[actor as Person]).fetch(url);
  };

  return {
    establishments,
    units,
    deskA,
    places,
    people,
    placed,
    targetAccount,
    habilitations,
    freshHabilitation,
    insertHabilitationAt,
    insertPlacedAccount,
    sessions,
    key,
    clients,
    download,
  };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

/** What a refused call must leave alone: every row written there is counted, per table. */
const WATCHED = [
  'accounts',
  'habilitations',
  'account_attachments',
  'account_tokens',
  'audit_events',
  'establishments',
  'units',
  'admission_desks',
] as const;

/** Installs, in this file's database only, triggers counting the rows written to the watched tables. */
async function countWrites(db: TestSystem['db']) {
  await sql`create table matrix_writes (relation text primary key, n bigint not null)`.execute(db);
  await sql`
    create function matrix_count_write() returns trigger language plpgsql as $$
    begin
      insert into matrix_writes values (tg_table_name, 1)
        on conflict (relation) do update set n = matrix_writes.n + 1;
      return null;
    end $$`.execute(db);
  for (const table of WATCHED)
    await sql`create trigger matrix_writes after insert or update or delete on ${sql.table(table)}
      for each row execute function matrix_count_write()`.execute(db);
  // A key's last use is touched by every call it makes: only what else changes counts.
  await sql`create trigger matrix_writes after insert or delete on api_keys
    for each row execute function matrix_count_write()`.execute(db);
  await sql`create trigger matrix_writes_changed after update on api_keys
    for each row when ((old.account_id, old.name, old.secret_hash, old.revoked_at)
      is distinct from (new.account_id, new.name, new.secret_hash, new.revoked_at))
    execute function matrix_count_write()`.execute(db);
}

/**
 * Rows written so far to accounts, habilitations, attachments, keys (but their last use), tokens,
 * the audit log and the directory (establishments, units, desks), per table, and the jobs
 * enqueued: equal before and after a refused call.
 */
export async function writesSoFar(system: TestSystem): Promise<Record<string, string>> {
  const { rows } = await sql<{ relation: string; n: string }>`
    select relation, n::text from matrix_writes
    union all select 'jobs', count(*)::text from graphile_worker.jobs`.execute(system.db);
  return Object.fromEntries(rows.map((r) => [r.relation, r.n]));
}
