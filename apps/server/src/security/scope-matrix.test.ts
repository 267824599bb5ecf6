import { appRouter } from '@trajectoire/api';
import { addMonths, type Level, PROFILE_CODES, PROFILES, parisDate } from '@trajectoire/domain';
import { failure } from '@trajectoire/test-support/errors';
import { TEST_PASSWORD } from '@trajectoire/test-support/fixtures';
import { createTestSystem } from '@trajectoire/test-support/system';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Code, MatrixKit, Outcome, RowActor } from './matrix-kit';
import { addDirectoryRows } from './scope-matrix-directory';
import { addRorSyncRows } from './scope-matrix-ror-sync';
import {
  ACCOUNT_TARGETS,
  ACTOR_RECIPES,
  ACTORS,
  type AccountTarget,
  type ActorName,
  buildWorld,
  type Client,
  HABILITATION_RECIPES,
  type HabilitationTarget,
  PEOPLE,
  type Person,
  type PlaceName,
  personOf,
  SHORTER_END,
  WORLD_END,
  writesSoFar,
} from './world';

/**
 * The attack suite's scope matrix: every procedure of the API, called by every kind of actor
 * (each demo profile, an API key, nobody) on targets placed inside and outside their scope,
 * through the real HTTP stack. Each row states the expected outcome; a refused mutation must
 * leave the database as it was (see `writesSoFar`). Targets are shared between rows: a refusal
 * changes nothing, and a success either changes nothing that decides scope (a profession, an
 * e-mail checkbox) or acts on a fresh habilitation, or is undone at once (a grant, an unblock).
 */

const system = await createTestSystem();
const { db, clock } = system;
const world = await buildWorld(system);
const today = () => parisDate(clock.now());

// A new e-mail asked for habB by an administrator waits for confirmation: only habB's managers see it.
const PENDING_EMAIL = 'adresse.en.attente@example.test';
{
  const habB = await db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', world.placed.habB.account.id)
    .executeTakeFirstOrThrow();
  const data = {
    lastName: habB.last_name,
    firstName: habB.first_name,
    email: PENDING_EMAIL,
    phone: habB.phone ?? '',
    mobile: habB.mobile ?? '',
    profession: habB.profession ?? '',
  };
  await world.clients.admin.accounts.update.mutate({ id: habB.id, data });
}

// ————————————————————————————————————————————————————————————————————————— the rules, as tables

/**
 * Who may manage each account (accounts.update, accounts.unblock, receiving a grant), self
 * aside: nobody manages their own account this way. The API key acts as `refA2`.
 */
const MANAGED_BY: Record<AccountTarget, readonly Person[]> = {
  habA: ['admin', 'refA'], // an establishment-level place is not the Référent unité's
  habA1: ['admin', 'refA'],
  habA2: ['admin', 'refA', 'refA2'],
  endedA2: ['admin', 'refA', 'refA2'],
  futureB1: ['admin', 'refB'],
  habB: ['admin', 'refB'],
  habB1: ['admin', 'refB'],
  attA: ['admin', 'refA'],
  attA2: ['admin', 'refA', 'refA2'],
  attB: ['admin', 'refB'],
  nowhere: ['admin'],
  adminA1: ['admin'],
  'me:admin': ['admin'],
  'me:refA': ['admin'],
  'me:refA2': ['admin', 'refA'],
  'me:presc': ['admin', 'refA'], // A1 and A: neither is the Référent unité of A2's
  'me:admissions': ['admin', 'refB'],
  'me:refB': ['admin'],
};

/** Who reads accounts at all (accounts.get, search, emailInUse) and creates them. */
const REFERENTS: readonly Person[] = ['admin', 'refA', 'refA2', 'refB'];

/** Who may grant, change or delete a habilitation there (`canGrant`). */
const HABILITATION_MANAGERS: Record<HabilitationTarget, readonly Person[]> = {
  hA: ['admin', 'refA'],
  hA1: ['admin', 'refA'],
  hA2: ['admin', 'refA', 'refA2'],
  hA2ref: ['admin', 'refA', 'refA2'],
  hAref: ['admin', 'refA'], // never a Référent unité's, even in her establishment
  hDeskA: ['admin', 'refA'],
  hB: ['admin', 'refB'],
  hB1: ['admin', 'refB'],
};
/** Whether a person's own habilitation lies where they change habilitations (the admin holds none). */
const OWN_IN_SCOPE: Record<Exclude<Person, 'admin'>, boolean> = {
  refA: true,
  refA2: true,
  presc: false,
  admissions: false,
  refB: true,
};

/** The habilitations a grant writes, and who may write them. */
const GRANT_TARGETS = {
  'A, whole establishment': {
    input: { profile: 'PRESCRIPTEUR_MEDICAL', level: 'ESTABLISHMENT', establishment: 'A' },
    grantors: ['admin', 'refA'],
  },
  'A, Référent structure': {
    input: { profile: 'REFERENT_STRUCTURE', level: 'ESTABLISHMENT', establishment: 'A' },
    grantors: ['admin', 'refA'],
  },
  'A, admission desk': {
    input: { profile: 'RESPONSABLE_ADMISSIONS', level: 'ADMISSION_DESK', establishment: 'A', desk: true },
    grantors: ['admin', 'refA'],
  },
  A1: {
    input: { profile: 'PRESCRIPTEUR_MEDICAL', level: 'UNIT', establishment: 'A', units: ['A1'] },
    grantors: ['admin', 'refA'],
  },
  A2: {
    input: { profile: 'PRESCRIPTEUR_MEDICAL', level: 'UNIT', establishment: 'A', units: ['A2'] },
    grantors: ['admin', 'refA', 'refA2'],
  },
  'A2, Référent unité': {
    input: { profile: 'REFERENT_UNITE', level: 'UNIT', establishment: 'A', units: ['A2'] },
    grantors: ['admin', 'refA', 'refA2'],
  },
  'A1 and A2 at once': {
    input: { profile: 'PRESCRIPTEUR_MEDICAL', level: 'UNIT', establishment: 'A', units: ['A1', 'A2'] },
    grantors: ['admin', 'refA'],
  },
  'B, whole establishment': {
    input: { profile: 'EQUIPE_SOIGNANTE', level: 'ESTABLISHMENT', establishment: 'B' },
    grantors: ['admin', 'refB'],
  },
  B1: {
    input: { profile: 'EQUIPE_SOIGNANTE', level: 'UNIT', establishment: 'B', units: ['B1'] },
    grantors: ['admin', 'refB'],
  },
} satisfies Record<string, { input: GrantSpec; grantors: readonly Person[] }>;

interface GrantSpec {
  profile:
    | 'PRESCRIPTEUR_MEDICAL'
    | 'EQUIPE_SOIGNANTE'
    | 'RESPONSABLE_ADMISSIONS'
    | 'REFERENT_STRUCTURE'
    | 'REFERENT_UNITE';
  level: 'ESTABLISHMENT' | 'UNIT' | 'ADMISSION_DESK';
  establishment: 'A' | 'B';
  units?: PlaceName[];
  desk?: boolean;
}

/** For the grant-target rows: a recipient each person manages (when any), so only the target decides. */
const MANAGED_RECIPIENT: Record<Person, AccountTarget> = {
  admin: 'attA2',
  refA: 'attA2',
  refA2: 'attA2',
  presc: 'attA2',
  admissions: 'attB',
  refB: 'attB',
};
/** For the recipient rows: a target each person may grant (or would, for those who may not). */
const GRANT_TARGET_OF: Record<Person, keyof typeof GRANT_TARGETS> = {
  admin: 'A1',
  refA: 'A1',
  refA2: 'A2',
  presc: 'A1',
  admissions: 'B1',
  refB: 'B1',
};

/** Where each person may create an account; `omitted` is the place resolved when none is given. */
const CREATION_PLACES = {
  A: { place: 'A', creators: { admin: 'A', refA: 'A' } },
  A1: { place: 'A1', creators: { admin: 'A1', refA: 'A1' } },
  A2: { place: 'A2', creators: { admin: 'A2', refA: 'A2', refA2: 'A2' } },
  B: { place: 'B', creators: { admin: 'B', refB: 'B' } },
  B1: { place: 'B1', creators: { admin: 'B1', refB: 'B1' } },
  omitted: { place: undefined, creators: { admin: 'nowhere', refA: 'A', refA2: 'A2', refB: 'B' } },
  /** A unit named under an establishment it does not belong to. */
  'B with unit A2': { place: 'B+A2', creators: { admin: 'INVALID_INPUT', refB: 'INVALID_INPUT' } },
} satisfies Record<
  string,
  { place: PlaceName | 'B+A2' | undefined; creators: Partial<Record<Person, PlaceName | 'nowhere' | 'INVALID_INPUT'>> }
>;

/** What each person reviews (review, export): a whole establishment, or some of its units. */
const REVIEW_SCOPE: Record<Person, Partial<Record<'A' | 'B', 'ALL' | readonly PlaceName[]>>> = {
  admin: { A: 'ALL', B: 'ALL' },
  refA: { A: 'ALL' },
  refA2: { A: ['A2'] },
  presc: {},
  admissions: {},
  refB: { B: 'ALL' },
};
const REVIEWS = {
  A: { establishment: 'A', departement: '69' },
  'A, unit A1': { establishment: 'A', departement: '69', unit: 'A1' },
  'A, unit A2': { establishment: 'A', departement: '69', unit: 'A2' },
  'A under another département': { establishment: 'A', departement: '38' },
  B: { establishment: 'B', departement: '38' },
} satisfies Record<string, { establishment: 'A' | 'B'; departement: string; unit?: PlaceName }>;

/** The structures each person administers (habilitations.structures). */
const STRUCTURES: Record<
  Person,
  'FORBIDDEN' | readonly { establishment: 'A' | 'B'; whole: boolean; units: string[] }[]
> = {
  admin: [
    { establishment: 'A', whole: true, units: ['A1', 'A2'] },
    { establishment: 'B', whole: true, units: ['B1'] },
  ],
  refA: [{ establishment: 'A', whole: true, units: ['A1', 'A2'] }],
  refA2: [{ establishment: 'A', whole: false, units: ['A2'] }],
  presc: 'FORBIDDEN',
  admissions: 'FORBIDDEN',
  refB: [{ establishment: 'B', whole: true, units: ['B1'] }],
};

/**
 * Reachable without signing in, each for a reason: the matrix covers every other procedure, and
 * the meta-test below fails when a procedure is in neither.
 */
const PUBLIC_PROCEDURES: Record<string, string> = {
  'auth.signIn': 'the first step of signing in',
  'auth.changeExpiredPassword': 'needs the short-lived cookie the password step sets on an expired password',
  'auth.challenge': 'describes the pending code of the challenge cookie, if any',
  'auth.passwordPolicy': 'the policy shown before typing a password',
  'auth.captcha': 'the captcha of « Mot de passe oublié ? »',
  'auth.requestPasswordReset': 'always the same answer, whether the account exists or not',
  'auth.passwordLink': 'the mailed link is the proof (token)',
  'auth.resetPassword': 'the mailed link is the proof (token)',
  'auth.verifyCode': 'the code and the challenge cookie are the proof',
  'auth.resendCode': 'acts on the challenge cookie only',
  'auth.session': 'answers null to an anonymous caller, and otherwise only about the caller',
  'accounts.confirmMobile': 'the texted link is the proof (token)',
  'accounts.confirmEmailChange': 'the link mailed to the new address is the proof (token)',
  'accounts.cancelEmailChange': 'the link mailed to the old address is the proof (token)',
};

// ———————————————————————————————————————————————————————————————————————————————— the machinery

interface Row {
  procedure: string;
  actor: RowActor;
  target: string;
  expected: Outcome;
  run: () => Promise<void>;
}
const MATRIX: Row[] = [];
const row = (procedure: string, actor: RowActor, target: string, expected: Outcome, run: () => Promise<void>) =>
  MATRIX.push({ procedure, actor, target, expected, run });

const STATUS: Partial<Record<Code, number>> = { NOT_SIGNED_IN: 401, FORBIDDEN: 403, RATE_LIMITED: 429, CONFLICT: 409 };

/**
 * Runs a call expected to succeed (its answer is returned) or to fail with the expected code;
 * a refused mutation must change nothing (`except`: tables it may touch, e.g. an audit of a
 * wrong password).
 */
async function attempt<T>(
  call: () => Promise<T>,
  expected: Outcome,
  options: { mutation: boolean; except?: string[] },
): Promise<T | undefined> {
  if (expected === 'OK') return call();
  const before = options.mutation ? await writesSoFar(system) : undefined;
  const codes: readonly Code[] = typeof expected === 'string' ? [expected] : expected;
  const refused = await failure(call());
  expect(codes).toContain(refused.appCode);
  const status = STATUS[refused.appCode as Code];
  if (status) expect(refused.status).toBe(status);
  if (before) {
    const after = await writesSoFar(system);
    for (const table of options.except ?? []) {
      delete before[table];
      delete after[table];
    }
    expect(after).toEqual(before);
  }
  return undefined;
}

const clientOf = (actor: ActorName) => world.clients[actor];
const isSelf = (actor: ActorName, target: AccountTarget) => target === `me:${personOf(actor)}`;
const accountOf = (target: AccountTarget) => world.targetAccount(target);
const idOfPerson = (person: Person) => world.people[person].account.id;

/** accounts.update, accounts.unblock, receiving a grant. */
function manageOutcome(actor: ActorName, target: AccountTarget): Outcome {
  const person = personOf(actor);
  if (!person) return 'NOT_SIGNED_IN';
  if (isSelf(actor, target)) return 'FORBIDDEN';
  return MANAGED_BY[target].includes(person) ? 'OK' : 'FORBIDDEN';
}

/** accounts.get, accounts.search, accounts.emailInUse, accounts.create. */
function readOutcome(actor: ActorName): Outcome {
  const person = personOf(actor);
  if (!person) return 'NOT_SIGNED_IN';
  return REFERENTS.includes(person) ? 'OK' : 'FORBIDDEN';
}

/** What an account's page or search result shows the actor. */
function viewOf(actor: ActorName, target: AccountTarget): 'OWN' | 'MANAGER' | 'RESTRICTED' {
  if (isSelf(actor, target)) return 'OWN';
  return MANAGED_BY[target].includes(personOf(actor) as Person) ? 'MANAGER' : 'RESTRICTED';
}

const signedIn = (actor: ActorName, outcome: () => Outcome): Outcome =>
  actor === 'anon' ? 'NOT_SIGNED_IN' : outcome();

const accountRow = (id: string) => db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function lastAudit(subjectId: string, action: string) {
  return db
    .selectFrom('audit_events')
    .select(['actor_account_id', 'details', 'id'])
    .where('subject_account_id', '=', subjectId)
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

async function habilitationIdsOf(accountId: string) {
  const rows = await db.selectFrom('habilitations').select('id').where('account_id', '=', accountId).execute();
  return rows.map((r) => r.id).sort();
}

/** Every account row but those listed, as text: what an action on one's own account must not touch. */
async function otherAccounts(except: string) {
  const { rows } = await sql<{ id: string; row: string }>`
    select id, t::text as row from accounts t where id <> ${except} order by id`.execute(db);
  return rows;
}

function grantInput(spec: GrantSpec, accountIds: string[]) {
  const establishmentId = world.establishments[spec.establishment].id;
  return {
    accountIds,
    profile: spec.profile,
    domain: 'SANITAIRE' as const,
    level: spec.level,
    establishmentId,
    unitIds: (spec.units ?? []).map((u) => world.places[u].unitId as string),
    ...(spec.desk ? { admissionDeskId: world.deskA.id } : {}),
  };
}

/**
 * A successful grant wrote exactly these rows, one per recipient and unit, but for a recipient
 * that already held it (who must indeed hold it); they are removed again, so that scopes stay as built.
 */
async function checkGrantedThenUndo(
  granted: { ids: string[]; alreadyHolding: { accountId: string }[] },
  spec: GrantSpec,
  accountIds: string[],
  actor: ActorName,
) {
  const { ids } = granted;
  const unitCount = spec.units?.length ?? 0;
  const holders = granted.alreadyHolding.map((h) => h.accountId);
  for (const holder of holders) {
    const held = await db
      .selectFrom('habilitations')
      .select('id')
      .where('account_id', '=', holder)
      .where('profile', '=', spec.profile)
      .where('level', '=', spec.level)
      .where('establishment_id', '=', world.establishments[spec.establishment].id)
      .execute();
    expect(held, 'a recipient said to hold it already').not.toHaveLength(0);
  }
  const receiving = accountIds.filter((a) => !holders.includes(a));
  expect(ids).toHaveLength(receiving.length * Math.max(unitCount, 1));
  const rows = await db
    .selectFrom('habilitations')
    .select(['id', 'account_id', 'created_by'])
    .where(sql<boolean>`id = any(${ids}::uuid[])`)
    .execute();
  expect(rows.map((r) => r.account_id).sort()).toEqual(
    receiving.flatMap((a) => Array(Math.max(unitCount, 1)).fill(a)).sort(),
  );
  expect(rows.every((r) => r.created_by === idOfPerson(personOf(actor) as Person))).toBe(true);
  const audits = await db
    .selectFrom('audit_events')
    .select('id')
    .where('action', '=', 'HABILITATION_GRANTED')
    .where(sql<boolean>`details->>'habilitationId' = any(${ids}::text[])`)
    .execute();
  expect(audits).toHaveLength(ids.length);
  await db.deleteFrom('habilitations').where(sql<boolean>`id = any(${ids}::uuid[])`).execute();
}

let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

// ———————————————————————————————————————————————————————————————————————————————— accounts, by target

for (const actor of ACTORS)
  for (const target of ACCOUNT_TARGETS) {
    const expected = manageOutcome(actor, target);
    row('accounts.update', actor, target, expected, async () => {
      const { id } = accountOf(target).account;
      const current = await accountRow(id);
      const profession = `Profession ${next()}`;
      const data = {
        lastName: current.last_name,
        firstName: current.first_name,
        email: current.email,
        phone: current.phone ?? '',
        mobile: current.mobile ?? '',
        profession,
      };
      const result = await attempt(() => clientOf(actor).accounts.update.mutate({ id, data }), expected, {
        mutation: true,
      });
      if (expected !== 'OK') return;
      expect(result).toEqual({ changed: ['profession'] });
      expect((await accountRow(id)).profession).toBe(profession);
      expect((await lastAudit(id, 'ACCOUNT_UPDATED'))?.actor_account_id).toBe(idOfPerson(personOf(actor) as Person));
    });
  }

for (const actor of ACTORS)
  for (const target of ACCOUNT_TARGETS) {
    const expected = manageOutcome(actor, target);
    row('accounts.unblock', actor, target, expected, async () => {
      const { id } = accountOf(target).account;
      // Blocked for the call (one's own account stays open: a blocked caller is nobody).
      const block = !isSelf(actor, target);
      if (block)
        await db
          .updateTable('accounts')
          .set({ blocked_at: clock.now(), failed_sign_ins: 5 })
          .where('id', '=', id)
          .execute();
      try {
        await attempt(() => clientOf(actor).accounts.unblock.mutate({ id }), expected, { mutation: true });
        if (expected === 'OK') {
          expect(await accountRow(id)).toMatchObject({ blocked_at: null, failed_sign_ins: 0 });
          expect((await lastAudit(id, 'ACCOUNT_UNBLOCKED'))?.actor_account_id).toBe(
            idOfPerson(personOf(actor) as Person),
          );
        }
      } finally {
        await db.updateTable('accounts').set({ blocked_at: null, failed_sign_ins: 0 }).where('id', '=', id).execute();
      }
    });
  }

for (const actor of ACTORS)
  for (const target of ACCOUNT_TARGETS) {
    const expected = readOutcome(actor);
    const view = viewOf(actor, target);
    row('accounts.get', actor, expected === 'OK' ? `${target} (${view})` : target, expected, async () => {
      const { account, establishmentNames } = accountOf(target);
      const page = await attempt(() => clientOf(actor).accounts.get.query({ id: account.id }), expected, {
        mutation: false,
      });
      if (!page) return;
      expect(page).toMatchObject({ id: account.id, username: account.username, email: account.email });
      expect(page.establishments).toEqual(establishmentNames);
      if (view === 'RESTRICTED') {
        expect(page).toMatchObject({
          phone: null,
          mobile: null,
          profession: null,
          blockedAt: null,
          pendingEmail: null,
          habilitations: [],
          restricted: true,
          manageable: false,
        });
      } else {
        const stored = await accountRow(account.id);
        expect(page).toMatchObject({
          phone: stored.phone,
          mobile: stored.mobile,
          profession: stored.profession,
          restricted: false,
          manageable: view === 'MANAGER',
        });
        if (view === 'MANAGER') expect(page.pendingEmail).toBe(target === 'habB' ? PENDING_EMAIL : null);
        expect(stored.phone).not.toBeNull();
        expect(page.habilitations.map((h) => h.id).sort()).toEqual(await habilitationIdsOf(account.id));
        expectOffered(actor, page.habilitations);
      }
    });
  }

for (const actor of ACTORS)
  for (const target of ACCOUNT_TARGETS) {
    const expected = readOutcome(actor);
    const view = viewOf(actor, target);
    row('accounts.search', actor, expected === 'OK' ? `${target} (${view})` : target, expected, async () => {
      const { account, establishmentNames } = accountOf(target);
      const found = await attempt(
        () => clientOf(actor).accounts.search.query({ query: account.username, pageSize: 20 }),
        expected,
        { mutation: false },
      );
      if (!found) return;
      const hit = found.accounts.find((a) => a.id === account.id);
      expect(hit).toEqual({
        id: account.id,
        username: account.username,
        lastName: expect.any(String),
        firstName: expect.any(String),
        email: account.email,
        blocked: false,
        manageable: view === 'MANAGER',
        establishments: establishmentNames,
      });
    });
  }

// One e-mail of B, asked about from everywhere: the référents' de-duplication, nobody else's.
for (const actor of ACTORS) {
  const expected = readOutcome(actor);
  row('accounts.emailInUse', actor, 'an e-mail of habB', expected, async () => {
    const answer = await attempt(
      () => clientOf(actor).accounts.emailInUse.query({ email: world.placed.habB.account.email }),
      expected,
      { mutation: false },
    );
    if (expected === 'OK') expect(answer).toEqual({ inUse: true });
  });
}

// ———————————————————————————————————————————————————————————————————————————————— accounts.create

type CreationPlace = PlaceName | 'B+A2' | undefined;

function creationRow(
  actor: RowActor,
  client: Client,
  creatorId: string | undefined,
  name: string,
  place: CreationPlace,
  expected: Outcome,
  resolved: PlaceName | 'nowhere' | undefined,
) {
  row('accounts.create', actor, `in ${name}${expected === 'OK' ? ` → ${resolved}` : ''}`, expected, async () => {
    const n = next();
    const email = `creation.${n}@example.test`;
    const requested =
      place === undefined
        ? undefined
        : place === 'B+A2'
          ? { establishmentId: world.establishments.B.id, unitId: world.units.A2.id }
          : {
              establishmentId: world.places[place].establishmentId,
              ...(world.places[place].unitId ? { unitId: world.places[place].unitId as string } : {}),
            };
    const data = { lastName: `Créé${n}`, firstName: 'Compte', email, phone: '', mobile: '', profession: '' };
    const created = await attempt(
      () => client.accounts.create.mutate({ data, ...(requested ? { place: requested } : {}) }),
      expected,
      { mutation: true },
    );
    if (!created) return;
    expect((await accountRow(created.id)).email).toBe(email);
    const attachments = await db
      .selectFrom('account_attachments')
      .select(['establishment_id', 'unit_id', 'created_by'])
      .where('account_id', '=', created.id)
      .execute();
    expect(attachments).toEqual(
      resolved === 'nowhere' || resolved === undefined
        ? []
        : [
            {
              establishment_id: world.places[resolved].establishmentId,
              unit_id: world.places[resolved].unitId,
              created_by: creatorId,
            },
          ],
    );
    expect((await lastAudit(created.id, 'ACCOUNT_CREATED'))?.actor_account_id).toBe(creatorId);
  });
}

for (const actor of ACTORS)
  for (const [name, { place, creators }] of Object.entries(CREATION_PLACES)) {
    const person = personOf(actor);
    const resolved = person ? (creators as Partial<Record<Person, string>>)[person] : undefined;
    const expected: Outcome =
      readOutcome(actor) !== 'OK'
        ? readOutcome(actor)
        : resolved === undefined
          ? 'FORBIDDEN'
          : resolved === 'INVALID_INPUT'
            ? 'INVALID_INPUT'
            : 'OK';
    creationRow(
      actor,
      clientOf(actor),
      person && idOfPerson(person),
      name,
      place as CreationPlace,
      expected,
      expected === 'OK' ? (resolved as PlaceName | 'nowhere') : undefined,
    );
  }

// A Référent unité of two units in two establishments must say where; each of her units is hers.
const refMulti = await world.insertPlacedAccount('acteur.refmulti', {
  habilitations: [
    { profile: 'REFERENT_UNITE', at: 'A1' },
    { profile: 'REFERENT_UNITE', at: 'B1' },
  ],
});
const refMultiClient = (await system.signedInBrowser(refMulti.account, TEST_PASSWORD, '192.0.2.30')).client;
for (const [place, expected] of [
  [undefined, 'INVALID_INPUT'],
  ['A1', 'OK'],
  ['B1', 'OK'],
  ['A2', 'FORBIDDEN'],
  ['A', 'FORBIDDEN'],
] as const)
  creationRow(
    'refMulti',
    refMultiClient,
    refMulti.account.id,
    place ?? 'omitted',
    place,
    expected,
    expected === 'OK' ? place : undefined,
  );

// ———————————————————————————————————————————————————————————————————————————————— habilitations.grant

// By target: a recipient the actor manages, so that only where the habilitation applies decides.
for (const actor of ACTORS)
  for (const [name, { input, grantors }] of Object.entries(GRANT_TARGETS)) {
    const person = personOf(actor);
    const expected: Outcome = !person
      ? 'NOT_SIGNED_IN'
      : (grantors as readonly Person[]).includes(person)
        ? 'OK'
        : 'FORBIDDEN';
    const recipient = person ? MANAGED_RECIPIENT[person] : 'attA2';
    row('habilitations.grant', actor, `${name} to ${recipient}`, expected, async () => {
      const accountIds = [accountOf(recipient).account.id];
      let refusedAccounts: unknown = 'not read';
      const granted = await attempt(
        () =>
          clientOf(actor)
            .habilitations.grant.mutate(grantInput(input, accountIds))
            .catch((error) => {
              refusedAccounts = error?.data?.details?.refusedAccounts;
              throw error;
            }),
        expected,
        { mutation: true },
      );
      if (expected === 'FORBIDDEN') expect(refusedAccounts).toBeUndefined(); // refused for the target, not the recipient
      if (granted) await checkGrantedThenUndo(granted, input as GrantSpec, accountIds, actor);
    });
  }

// By recipient: a target the actor may grant, so that only who receives it decides.
for (const actor of ACTORS)
  for (const target of ACCOUNT_TARGETS) {
    const person = personOf(actor);
    const grant = GRANT_TARGETS[person ? GRANT_TARGET_OF[person] : 'A2'];
    const mayGrant = person !== undefined && (grant.grantors as readonly Person[]).includes(person);
    const expected: Outcome = !person ? 'NOT_SIGNED_IN' : mayGrant ? manageOutcome(actor, target) : 'FORBIDDEN';
    const reason = !mayGrant || expected === 'OK' ? undefined : isSelf(actor, target) ? 'SELF' : 'OUT_OF_SCOPE';
    row('habilitations.grant', actor, `${target}${reason ? ` (${reason})` : ''}`, expected, async () => {
      const accountIds = [accountOf(target).account.id];
      let refusedAccounts: unknown = 'not read';
      const granted = await attempt(
        () =>
          clientOf(actor)
            .habilitations.grant.mutate(grantInput(grant.input as GrantSpec, accountIds))
            .catch((error) => {
              refusedAccounts = error?.data?.details?.refusedAccounts;
              throw error;
            }),
        expected,
        { mutation: true },
      );
      if (reason) expect(refusedAccounts).toEqual([expect.objectContaining({ accountId: accountIds[0], reason })]);
      else if (expected === 'FORBIDDEN') expect(refusedAccounts).toBeUndefined(); // refused for the target
      if (granted) await checkGrantedThenUndo(granted, grant.input as GrantSpec, accountIds, actor);
    });
  }

// Several recipients: one refused refuses all, and each refused one is named.
const MIXED_GRANTS: {
  actors: ActorName[];
  grant: keyof typeof GRANT_TARGETS;
  recipients: AccountTarget[];
  refused: [AccountTarget, 'SELF' | 'OUT_OF_SCOPE'][];
}[] = [
  {
    actors: ['refA'],
    grant: 'A1',
    recipients: ['habA1', 'habB', 'me:refA'],
    refused: [
      ['habB', 'OUT_OF_SCOPE'],
      ['me:refA', 'SELF'],
    ],
  },
  {
    actors: ['refA2', 'key'],
    grant: 'A2',
    recipients: ['attA2', 'habA', 'me:refA2', 'nowhere'],
    refused: [
      ['habA', 'OUT_OF_SCOPE'],
      ['me:refA2', 'SELF'],
      ['nowhere', 'OUT_OF_SCOPE'],
    ],
  },
  { actors: ['refB'], grant: 'B1', recipients: ['habB1', 'adminA1'], refused: [['adminA1', 'OUT_OF_SCOPE']] },
];
for (const { actors, grant, recipients, refused } of MIXED_GRANTS)
  for (const actor of actors)
    row('habilitations.grant', actor, `${grant} to ${recipients.join(' + ')}`, 'FORBIDDEN', async () => {
      let refusedAccounts: { accountId: string; reason: string }[] = [];
      await attempt(
        () =>
          clientOf(actor)
            .habilitations.grant.mutate(
              grantInput(
                GRANT_TARGETS[grant].input as GrantSpec,
                recipients.map((r) => accountOf(r).account.id),
              ),
            )
            .catch((error) => {
              refusedAccounts = error?.data?.details?.refusedAccounts ?? [];
              throw error;
            }),
        'FORBIDDEN',
        { mutation: true },
      );
      const byId = (a: { accountId: string }, b: { accountId: string }) => a.accountId.localeCompare(b.accountId);
      expect(refusedAccounts.map(({ accountId, reason }) => ({ accountId, reason })).sort(byId)).toEqual(
        refused.map(([t, reason]) => ({ accountId: accountOf(t).account.id, reason })).sort(byId),
      );
    });

// ————————————————————————————————————— habilitations.changeEnd, delete, setEmails (by habilitation)

type HabilitationRow = HabilitationTarget | 'own';
const HABILITATION_ROWS: readonly HabilitationRow[] = [
  ...(Object.keys(HABILITATION_RECIPES) as HabilitationTarget[]),
  'own',
];

/** Whether the actor may change that habilitation at all (`canGrant` on it). */
function mayChange(person: Person, target: HabilitationRow): boolean {
  if (target === 'own') return person !== 'admin' && OWN_IN_SCOPE[person];
  return HABILITATION_MANAGERS[target].includes(person);
}

/** The habilitation a row acts on: a fresh one when the call is to change it, the shared one otherwise. */
async function habilitationFor(person: Person | undefined, target: HabilitationRow, fresh: boolean) {
  if (target === 'own') {
    const owner = person as Exclude<Person, 'admin'>;
    return fresh ? world.freshHabilitation({ own: owner }) : (world.people[owner].habilitationIds[0] as string);
  }
  return fresh ? world.freshHabilitation(target) : world.habilitations[target];
}

const habilitationRow = (id: string) =>
  db.selectFrom('habilitations').selectAll().where('id', '=', id).executeTakeFirst();

async function habilitationAudit(id: string, action: string, actor: ActorName) {
  const audit = await db
    .selectFrom('audit_events')
    .select('actor_account_id')
    .where('action', '=', action)
    .where(sql<boolean>`details->>'habilitationId' = ${id}`)
    .executeTakeFirst();
  expect(audit?.actor_account_id).toBe(idOfPerson(personOf(actor) as Person));
}

const CHANGES = {
  shorten: { change: { endsOn: SHORTER_END }, endsOn: () => SHORTER_END },
  prolong: { change: { prolongation: '6M' as const }, endsOn: () => addMonths(today(), 6) },
};

for (const actor of ACTORS)
  for (const target of HABILITATION_ROWS) {
    const person = personOf(actor);
    if (target === 'own' && (person === undefined || person === 'admin')) continue; // holds none
    for (const [kind, { change, endsOn }] of Object.entries(CHANGES)) {
      const expected: Outcome = !person
        ? 'NOT_SIGNED_IN'
        : !mayChange(person, target)
          ? 'FORBIDDEN'
          : target === 'own' && kind === 'prolong'
            ? 'FORBIDDEN' // nobody prolongs their own rights
            : 'OK';
      row(`habilitations.changeEnd`, actor, `${kind} ${target}`, expected, async () => {
        const id = await habilitationFor(person, target, expected === 'OK');
        expect((await habilitationRow(id))?.ends_on).toBe(WORLD_END);
        const result = await attempt(() => clientOf(actor).habilitations.changeEnd.mutate({ id, change }), expected, {
          mutation: true,
        });
        if (!result) return;
        expect(result.endsOn).toBe(endsOn());
        expect((await habilitationRow(id))?.ends_on).toBe(endsOn());
        await habilitationAudit(id, 'HABILITATION_UPDATED', actor);
      });
    }
  }

for (const actor of ACTORS)
  for (const target of HABILITATION_ROWS) {
    const person = personOf(actor);
    if (target === 'own' && (person === undefined || person === 'admin')) continue;
    const expected: Outcome = !person ? 'NOT_SIGNED_IN' : mayChange(person, target) ? 'OK' : 'FORBIDDEN';
    row('habilitations.delete', actor, target, expected, async () => {
      const id = await habilitationFor(person, target, expected === 'OK');
      await attempt(() => clientOf(actor).habilitations.delete.mutate({ id }), expected, { mutation: true });
      if (expected !== 'OK') return;
      expect(await habilitationRow(id)).toBeUndefined();
      await habilitationAudit(id, 'HABILITATION_DELETED', actor);
    });
    row('habilitations.setEmails', actor, target, expected, async () => {
      const id = await habilitationFor(person, target, expected === 'OK');
      await attempt(() => clientOf(actor).habilitations.setEmails.mutate({ id, receiveEmails: false }), expected, {
        mutation: true,
      });
      if (expected !== 'OK') return;
      expect((await habilitationRow(id))?.receive_emails).toBe(false);
      await habilitationAudit(id, 'HABILITATION_UPDATED', actor);
    });
  }

/**
 * What a page offers on a habilitation (`may`) must be what the calls on it are expected to do,
 * for every habilitation of the table above shown there.
 */
function expectOffered(
  actor: ActorName,
  shown: readonly { id: string; endsOn: string; may: Record<'prolong' | 'reduce' | 'delete' | 'setEmails', boolean> }[],
): number {
  const person = personOf(actor) as Person;
  let checked = 0;
  for (const h of shown) {
    const named = (Object.keys(HABILITATION_RECIPES) as HabilitationTarget[]).find(
      (t) => world.habilitations[t] === h.id,
    );
    const target: HabilitationRow | undefined =
      named ?? (person !== 'admin' && world.people[person].habilitationIds[0] === h.id ? 'own' : undefined);
    if (!target) continue;
    const may = mayChange(person, target);
    expect(h.may, `${actor} on ${target}`).toEqual({
      prolong: may && target !== 'own',
      reduce: may && h.endsOn > today(),
      delete: may,
      setEmails: may,
    });
    checked++;
  }
  return checked;
}

// ——————————————————————————————————————————————————— habilitations.review, the export, structures

/** The habilitations a review must show: the filters, within the person's scope, read from the database. */
async function expectedReview(person: Person, review: (typeof REVIEWS)[keyof typeof REVIEWS]) {
  const establishment = world.establishments[review.establishment];
  const scope = REVIEW_SCOPE[person][review.establishment];
  let query = db
    .selectFrom('habilitations as h')
    .innerJoin('accounts as a', 'a.id', 'h.account_id')
    .select(['h.id', 'a.username'])
    .where('h.establishment_id', '=', establishment.id)
    .where('h.domain', '=', 'SANITAIRE');
  if ('unit' in review) query = query.where('h.unit_id', '=', world.places[review.unit].unitId);
  if (scope !== 'ALL' && scope)
    query = query.where(
      'h.unit_id',
      'in',
      scope.map((u) => world.places[u].unitId as string),
    );
  if (review.departement !== establishment.departement) return [];
  return query.execute();
}

function reviewOutcome(actor: ActorName, review: (typeof REVIEWS)[keyof typeof REVIEWS]): Outcome {
  const person = personOf(actor);
  if (!person) return 'NOT_SIGNED_IN';
  return REVIEW_SCOPE[person][review.establishment] ? 'OK' : 'FORBIDDEN';
}

const reviewFilters = (review: (typeof REVIEWS)[keyof typeof REVIEWS]) => ({
  domain: 'SANITAIRE' as const,
  departement: review.departement,
  establishmentId: world.establishments[review.establishment].id,
  ...('unit' in review ? { unitId: world.places[review.unit].unitId as string } : {}),
});

for (const actor of ACTORS)
  for (const [name, review] of Object.entries(REVIEWS)) {
    const expected = reviewOutcome(actor, review);
    row('habilitations.review', actor, name, expected, async () => {
      const page = await attempt(
        () => clientOf(actor).habilitations.review.query({ ...reviewFilters(review), pageSize: 200 }),
        expected,
        { mutation: false },
      );
      if (!page) return;
      const wanted = await expectedReview(personOf(actor) as Person, review);
      expect(page.rows.map((r) => r.id).sort()).toEqual(wanted.map((w) => w.id).sort());
      expect(page.total).toBe(wanted.length);
      const offered = expectOffered(actor, page.rows);
      if (wanted.length > 0) expect(offered).toBeGreaterThan(0);
      if (review.departement === world.establishments[review.establishment].departement && !('unit' in review))
        expect(wanted.length).toBeGreaterThan(0); // a scope that shows nothing would prove nothing
    });
  }

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
for (const actor of ACTORS)
  for (const [name, review] of Object.entries(REVIEWS)) {
    const expected = reviewOutcome(actor, review);
    row('GET /exports/revue-habilitations.xlsx', actor, name, expected, async () => {
      const path = `/exports/revue-habilitations.xlsx?${new URLSearchParams(reviewFilters(review))}`;
      const response = await world.download(actor, path);
      if (expected !== 'OK') {
        expect(response.status).toBe(STATUS[expected as Code]);
        expect(response.headers.get('content-type')).not.toBe(XLSX);
        await response.body?.cancel();
        return;
      }
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(XLSX);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const usernames: string[] = [];
      workbook.worksheets[0]?.eachRow((line, index) => {
        if (index > 1) usernames.push(String(line.getCell(3).value));
      });
      const wanted = await expectedReview(personOf(actor) as Person, review);
      expect(usernames.sort()).toEqual(wanted.map((w) => w.username).sort());
    });
  }

for (const actor of ACTORS) {
  const person = personOf(actor);
  const structures = person ? STRUCTURES[person] : 'NOT_SIGNED_IN';
  const expected: Outcome = typeof structures === 'string' ? structures : 'OK';
  row('habilitations.structures', actor, 'all', expected, async () => {
    const found = await attempt(() => clientOf(actor).habilitations.structures.query(), expected, { mutation: false });
    if (!found || typeof structures === 'string') return;
    const unitIds = (names: string[]) => names.map((u) => world.places[u as PlaceName].unitId as string).sort();
    expect(
      found
        .map((s) => ({
          id: s.id,
          whole: s.wholeEstablishment,
          units: s.units.map((u) => u.id).sort(),
          desks: s.admissionDesks.map((d) => d.id),
          profiles: s.profiles,
        }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual(
      structures
        .map((s) => {
          const desks = s.whole && s.establishment === 'A' ? [world.deskA.id] : [];
          return {
            id: world.establishments[s.establishment].id,
            whole: s.whole,
            units: unitIds(s.units),
            desks,
            profiles: grantableThere(s.whole, desks.length > 0),
          };
        })
        .sort((a, b) => a.id.localeCompare(b.id)),
    );
  });
}

/**
 * The profiles and levels a structure offers to grant (as `GRANT_TARGETS` expects the grants to
 * go): all of them over a whole establishment (the desk level where there is a desk); in units
 * only, the unit level, never a Référent structure.
 */
function grantableThere(whole: boolean, hasDesk: boolean) {
  return PROFILE_CODES.flatMap((code) => {
    const levels = (PROFILES[code].levels as readonly Level[]).filter((level) =>
      whole ? level !== 'ADMISSION_DESK' || hasDesk : level === 'UNIT' && code !== 'REFERENT_STRUCTURE',
    );
    return levels.length > 0 ? [{ code, levels }] : [];
  });
}

for (const actor of ACTORS) {
  const expected = signedIn(actor, () => 'OK');
  row('habilitations.catalogue', actor, 'all', expected, async () => {
    const catalogue = await attempt(() => clientOf(actor).habilitations.catalogue.query(), expected, {
      mutation: false,
    });
    if (catalogue) expect(catalogue.profiles.length).toBeGreaterThan(0);
  });
}

// ————————————————————————————————————————————————————————————————————————————— « Mon compte »

for (const actor of ACTORS) {
  const person = personOf(actor);
  const expected = signedIn(actor, () => 'OK');
  row('accounts.me', actor, 'own account', expected, async () => {
    const mine = await attempt(() => clientOf(actor).accounts.me.query(), expected, { mutation: false });
    if (!mine) return;
    expect(mine.account.id).toBe(idOfPerson(person as Person));
    expect(mine.habilitations.map((h) => h.id).sort()).toEqual(await habilitationIdsOf(idOfPerson(person as Person)));
  });

  row('accounts.updateMe', actor, 'own account', expected, async () => {
    const profession = `Métier ${next()}`;
    const data = { lastName: 'Acteur', firstName: 'Prénom', phone: '04 72 00 00 01', profession };
    const before = person ? await otherAccounts(idOfPerson(person)) : [];
    await attempt(() => clientOf(actor).accounts.updateMe.mutate({ data }), expected, { mutation: true });
    if (!person) return;
    expect((await accountRow(idOfPerson(person))).profession).toBe(profession);
    expect(await otherAccounts(idOfPerson(person))).toEqual(before);
  });

  // A stolen session (or key) does not change where codes go without the password.
  const wrongPassword = signedIn(actor, () => 'WRONG_PASSWORD');
  row('accounts.changeMyContact', actor, 'own account, wrong password', wrongPassword, async () => {
    await attempt(
      () =>
        clientOf(actor).accounts.changeMyContact.mutate({
          password: 'Pas-Le-Bon-Mot-De-Passe-1',
          mobile: '06 99 99 99 99',
        }),
      wrongPassword,
      { mutation: true, except: ['audit_events'] },
    );
  });
  row('accounts.changeMyContact', actor, 'own account', expected, async () => {
    const mobile = `+3361100${String(next()).padStart(4, '0')}`;
    const before = person ? await otherAccounts(idOfPerson(person)) : [];
    await attempt(
      () => clientOf(actor).accounts.changeMyContact.mutate({ password: TEST_PASSWORD, mobile }),
      expected,
      {
        mutation: true,
      },
    );
    if (!person) return;
    expect((await accountRow(idOfPerson(person))).mobile).toBe(mobile);
    expect(await otherAccounts(idOfPerson(person))).toEqual(before);
  });

  row('accounts.changeMyPassword', actor, 'own account, wrong current password', wrongPassword, async () => {
    const newPassword = 'Un-Tout-Autre-Mot-De-Passe-2027!';
    await attempt(
      () =>
        clientOf(actor).accounts.changeMyPassword.mutate({
          currentPassword: 'Pas-Le-Bon-Mot-De-Passe-1',
          newPassword,
          confirmation: newPassword,
        }),
      wrongPassword,
      { mutation: true, except: ['audit_events'] },
    );
  });

  row('accounts.requestMobileVerification', actor, 'own mobile', expected, async () => {
    const before = await db
      .selectFrom('account_tokens')
      .select('id')
      .where('purpose', '=', 'MOBILE_VERIFICATION')
      .execute();
    if (person)
      await db.updateTable('accounts').set({ mobile_verified_at: null }).where('id', '=', idOfPerson(person)).execute();
    await attempt(() => clientOf(actor).accounts.requestMobileVerification.mutate(), expected, { mutation: true });
    if (!person) return;
    const tokens = await db
      .selectFrom('account_tokens')
      .select(['account_id', 'target'])
      .where('purpose', '=', 'MOBILE_VERIFICATION')
      .where('id', 'not in', [...before.map((b) => b.id), '00000000-0000-0000-0000-000000000000'])
      .execute();
    const { mobile } = await accountRow(idOfPerson(person));
    expect(tokens).toEqual([{ account_id: idOfPerson(person), target: mobile }]);
  });

  // One's own habilitation, and others' (one where the actor works too, one elsewhere).
  const ownHabilitations: ('own' | HabilitationTarget)[] = person === 'admin' ? ['hA1', 'hB1'] : ['own', 'hA1', 'hB1'];
  for (const target of ownHabilitations) {
    const mine: Outcome = signedIn(actor, () => (target === 'own' ? 'OK' : ['NOT_FOUND', 'FORBIDDEN']));
    row('accounts.setMyHabilitationEmails', actor, target, mine, async () => {
      const habilitationId =
        target === 'own' && person
          ? await world.freshHabilitation({ own: person })
          : world.habilitations[target as HabilitationTarget];
      await attempt(
        () => clientOf(actor).accounts.setMyHabilitationEmails.mutate({ habilitationId, receiveEmails: false }),
        mine,
        { mutation: true },
      );
      if (mine === 'OK') expect((await habilitationRow(habilitationId))?.receive_emails).toBe(false);
    });
    row('accounts.deleteMyHabilitation', actor, target, mine, async () => {
      const habilitationId =
        target === 'own' && person
          ? await world.freshHabilitation({ own: person })
          : world.habilitations[target as HabilitationTarget];
      await attempt(() => clientOf(actor).accounts.deleteMyHabilitation.mutate({ habilitationId }), mine, {
        mutation: true,
      });
      if (mine === 'OK') expect(await habilitationRow(habilitationId)).toBeUndefined();
    });
  }
}

// ————————————————————————————————————————————————————————————————————————————————— API keys

/** Keys of the Référent unité besides the matrix's: one others try to revoke, and one for each of her to revoke. */
const spareKey = async (name: string) => {
  const input = { name, password: TEST_PASSWORD };
  return (await world.sessions.refA2.client.auth.createApiKey.mutate(input)).id;
};
const othersTarget = await spareKey('Clé visée');
const ownSpares: Partial<Record<ActorName, string>> = {
  refA2: await spareKey('Clé de rechange (session)'),
  key: await spareKey('Clé de rechange (clé)'),
};

for (const actor of ACTORS) {
  const person = personOf(actor);
  // A key must not mint keys: only a person signed in through the portal may.
  const expected: Outcome = !person ? 'NOT_SIGNED_IN' : actor === 'key' ? 'FORBIDDEN' : 'OK';
  row('auth.createApiKey', actor, 'own account', expected, async () => {
    const input = { name: `Clé ${next()}`, password: TEST_PASSWORD };
    const created = await attempt(() => clientOf(actor).auth.createApiKey.mutate(input), expected, { mutation: true });
    if (!created) return;
    const stored = await db.selectFrom('api_keys').select('account_id').where('id', '=', created.id).executeTakeFirst();
    expect(stored?.account_id).toBe(idOfPerson(person as Person));
  });

  const listed = signedIn(actor, () => 'OK');
  row('auth.listApiKeys', actor, 'own keys', listed, async () => {
    const keys = await attempt(() => clientOf(actor).auth.listApiKeys.query(), listed, { mutation: false });
    if (!keys) return;
    const own = await db
      .selectFrom('api_keys')
      .select('id')
      .where('account_id', '=', idOfPerson(person as Person))
      .execute();
    expect(keys.map((k) => k.id).sort()).toEqual(own.map((k) => k.id).sort());
  });

  const revoked: Outcome = !person ? 'NOT_SIGNED_IN' : person === 'refA2' ? 'OK' : 'NOT_FOUND';
  row('auth.revokeApiKey', actor, "a key of refA2's", revoked, async () => {
    const id = revoked === 'OK' ? (ownSpares[actor] as string) : othersTarget;
    await attempt(() => clientOf(actor).auth.revokeApiKey.mutate({ id }), revoked, { mutation: true });
    if (revoked !== 'OK') return;
    const stored = await db.selectFrom('api_keys').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.revoked_at).not.toBeNull();
  });
}

row('auth.signOut', 'anon', 'no session', 'NOT_SIGNED_IN', async () => {
  await attempt(() => clientOf('anon').auth.signOut.mutate(), 'NOT_SIGNED_IN', { mutation: true });
});
row('auth.signOut', 'key', "refA2's sessions", 'OK', async () => {
  // A key has no session to end, and ends none of its owner's.
  await clientOf('key').auth.signOut.mutate();
  expect((await world.sessions.refA2.client.auth.session.query())?.account.id).toBe(idOfPerson('refA2'));
  const revokedSessions = await db
    .selectFrom('sessions')
    .select('id')
    .where('account_id', '=', idOfPerson('refA2'))
    .where('revoked_at', 'is not', null)
    .execute();
  expect(revokedSessions).toEqual([]);
});

// ———————————————————————————————————————————————————————————— the parts kept in files of their own

/** What each part (`scope-matrix-<area>.ts`) adds its rows with. */
const kit: MatrixKit = { system, world, row, attempt, clientOf, signedIn, next };
addDirectoryRows(kit);
addRorSyncRows(kit);

// ——————————————————————————————————————————————————————————————————————————————— the tests

const label = (expected: Outcome) => (typeof expected === 'string' ? expected : expected.join(' or '));
const byProcedure = new Map<string, Row[]>();
for (const r of MATRIX) byProcedure.set(r.procedure, [...(byProcedure.get(r.procedure) ?? []), r]);

describe('scope matrix', () => {
  for (const [procedure, rows] of byProcedure)
    describe(procedure, () => {
      for (const r of rows) it(`${r.actor} → ${r.target}: ${label(r.expected)}`, r.run);
    });
});

describe('limits of the account search', () => {
  it('answers 60 searches a minute per viewer, then RATE_LIMITED (429), and others still search', async () => {
    clock.advance(61_000); // a window of its own
    const refB = clientOf('refB');
    for (let i = 0; i < 60; i++) await refB.accounts.search.query({ query: 'cible' });
    const refused = await failure(refB.accounts.search.query({ query: 'cible' }));
    expect(refused).toMatchObject({ appCode: 'RATE_LIMITED', status: 429 });
    expect((await clientOf('refA').accounts.search.query({ query: 'cible' })).accounts.length).toBeGreaterThan(0);
    clock.advance(61_000);
  });

  it('never reads past the first 1,000 rows', async () => {
    const admin = clientOf('admin');
    await admin.accounts.search.query({ query: 'cible', page: 10, pageSize: 100 });
    for (const page of [
      { page: 11, pageSize: 100 },
      { page: 51, pageSize: 20 },
      { page: 1000, pageSize: 2 },
    ])
      expect(await failure(admin.accounts.search.query({ query: 'cible', ...page }))).toMatchObject({
        appCode: 'INVALID_INPUT',
      });
  });
});

describe('the matrix covers the whole API', () => {
  const procedures = Object.keys(appRouter._def.procedures).sort();
  const covered = new Set(MATRIX.map((r) => r.procedure));

  it('has every procedure either in the matrix or among the public ones, with a reason', () => {
    const missing = procedures.filter((p) => !covered.has(p) && !(p in PUBLIC_PROCEDURES));
    expect(missing, 'new procedures must join the scope matrix (or PUBLIC_PROCEDURES)').toEqual([]);
    expect(Object.keys(PUBLIC_PROCEDURES).filter((p) => !procedures.includes(p))).toEqual([]);
    expect(Object.keys(PUBLIC_PROCEDURES).filter((p) => covered.has(p))).toEqual([]);
  });

  it('refuses an anonymous caller on every procedure of the matrix', () => {
    const procedureRows = [...covered].filter((p) => procedures.includes(p));
    for (const procedure of procedureRows)
      expect(
        MATRIX.some((r) => r.procedure === procedure && r.actor === 'anon' && r.expected === 'NOT_SIGNED_IN'),
        procedure,
      ).toBe(true);
    expect(procedureRows.length).toBeGreaterThan(20);
  });

  it('has the API key act exactly as its owner, on every procedure but minting keys and signing out', () => {
    for (const [procedure, rows] of byProcedure) {
      if (procedure === 'auth.createApiKey' || procedure === 'auth.signOut') continue;
      const asKey = rows.filter((r) => r.actor === 'key');
      const asOwner = rows.filter((r) => r.actor === 'refA2');
      expect(
        asKey.map((r) => [r.target, r.expected]),
        procedure,
      ).toEqual(asOwner.map((r) => [r.target, r.expected]));
    }
  });

  it('knows every actor of the world', () => {
    expect(Object.keys(ACTOR_RECIPES)).toEqual([...PEOPLE]);
  });

  it('sees a write where refusals must leave none (the check of refused mutations is not blind)', async () => {
    const before = await writesSoFar(system);
    const id = world.placed.nowhere.account.id;
    await db.updateTable('accounts').set({ profession: 'Vue' }).where('id', '=', id).execute();
    const after = await writesSoFar(system);
    expect(Number(after.accounts)).toBe(Number(before.accounts) + 1);
    expect({ ...after, accounts: before.accounts }).toEqual(before);
  });
});
