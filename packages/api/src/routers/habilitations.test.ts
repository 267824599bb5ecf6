import { PassThrough } from 'node:stream';
import { exportReview, loadViewer, scheduleExpiryNotices } from '@trajectoire/core';
import { addDays, addMonths, type Level, PROFILE_CODES, PROFILES, parisDate } from '@trajectoire/domain';
import { failure } from '@trajectoire/test-support/errors';
import {
  insertAccount,
  insertEstablishment,
  insertHabilitation,
  insertUnit,
  TEST_PASSWORD,
} from '@trajectoire/test-support/fixtures';
import { createTestSystem } from '@trajectoire/test-support/system';
import type { TRPCClientError } from '@trpc/client';
import ExcelJS from 'exceljs';
import { describe, expect, it, onTestFinished } from 'vitest';

const system = await createTestSystem();
const { db, clock, catcher } = system;
const today = () => parisDate(clock.now());

const lyon = await insertEstablishment(db, { name: 'CHU de Lyon', departement: '69' });
const cardio = await insertUnit(db, lyon.id, 'Cardiologie');
const smr = await insertUnit(db, lyon.id, 'SMR');
const grenoble = await insertEstablishment(db, { name: 'Clinique de Grenoble', departement: '38' });
const grenobleUnit = await insertUnit(db, grenoble.id, 'SMR Grenoble');
const desk = await db
  .insertInto('admission_desks')
  .values({ establishment_id: lyon.id, name: 'Guichet unique' })
  .returning('id')
  .executeTakeFirstOrThrow();
const structureReferent = await insertAccount(db, { username: 'hab.ref.lyon' });
await insertHabilitation(db, {
  accountId: structureReferent.id,
  profile: 'REFERENT_STRUCTURE',
  establishmentId: lyon.id,
  startsOn: '2026-01-01',
  endsOn: '2030-12-31',
});
const unitReferent = await insertAccount(db, { username: 'hab.ref.cardio' });
await insertHabilitation(db, {
  accountId: unitReferent.id,
  profile: 'REFERENT_UNITE',
  establishmentId: lyon.id,
  unitId: cardio.id,
  startsOn: '2026-01-01',
  endsOn: '2030-12-31',
});

const referent = await system.signedInBrowser(structureReferent, TEST_PASSWORD);
/** A person created in Cardiologie: both référents of this file manage the account. */
const staff = () => insertAccount(db, { attachedTo: { establishmentId: lyon.id, unitId: cardio.id } });
const unitRef = await system.signedInBrowser(unitReferent, TEST_PASSWORD);

const countHabilitations = async () =>
  Number(
    (
      await db
        .selectFrom('habilitations')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('catalogue and grants', () => {
  it('lists profiles with fixed and customisable privileges', async () => {
    const { profiles } = await referent.client.habilitations.catalogue.query();
    const admissions = profiles.find((p) => p.code === 'RESPONSABLE_ADMISSIONS');
    expect(admissions).toMatchObject({
      levels: ['UNIT', 'ADMISSION_DESK'],
      rules: { dashboard: { kind: 'FIXED', value: 'REPONDRE' } },
    });
    expect(profiles.find((p) => p.code === 'PRESCRIPTEUR_MEDICAL')?.rules.teleExpertise.kind).toBe('NOT_DEPLOYED');
  });

  it('gives several users the same habilitation on several units in one go', async () => {
    const a = await staff();
    const b = await staff();
    const result = await referent.client.habilitations.grant.mutate({
      accountIds: [a.id, b.id],
      profile: 'PRESCRIPTEUR_MEDICAL',
      domain: 'SANITAIRE',
      level: 'UNIT',
      establishmentId: lyon.id,
      unitIds: [cardio.id, smr.id],
      privileges: { sections: { MEDICAL: 'ECRITURE' }, sendRequests: false },
    });
    expect(result.ids).toHaveLength(4);
    expect(result).toMatchObject({ startsOn: today(), endsOn: addMonths(today(), 60) });
    const rows = await db
      .selectFrom('habilitations')
      .select(['account_id', 'unit_id', 'privileges'])
      .where('id', 'in', result.ids)
      .execute();
    expect(rows.map((r) => r.privileges)).toEqual(
      Array(4).fill(
        expect.objectContaining({
          sections: { ORIENTATION: 'VALIDATION', MEDICAL: 'ECRITURE', ADMINISTRATIF: 'LECTURE' },
          sendRequests: false,
        }),
      ),
    );
    const audits = await db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'HABILITATION_GRANTED')
      .where('subject_account_id', 'in', [a.id, b.id])
      .execute();
    expect(audits).toHaveLength(4);
    const desk_ = await referent.client.habilitations.grant.mutate({
      accountIds: [a.id],
      profile: 'RESPONSABLE_ADMISSIONS',
      domain: 'SANITAIRE',
      level: 'ADMISSION_DESK',
      establishmentId: lyon.id,
      admissionDeskId: desk.id,
    });
    expect(desk_.ids).toHaveLength(1);
  });

  it('refuses what the profile, the dates or the privileges do not allow, and writes nothing', async () => {
    const a = await staff();
    const base = {
      accountIds: [a.id],
      domain: 'SANITAIRE' as const,
      establishmentId: lyon.id,
      unitIds: [] as string[],
    };
    const before = await countHabilitations();
    const cases = [
      () =>
        referent.client.habilitations.grant.mutate({
          ...base,
          profile: 'RESPONSABLE_ADMISSIONS',
          level: 'ESTABLISHMENT',
        }),
      () =>
        referent.client.habilitations.grant.mutate({
          ...base,
          profile: 'REGULATEUR',
          level: 'UNIT',
          unitIds: [cardio.id],
        }),
      () =>
        referent.client.habilitations.grant.mutate({
          ...base,
          profile: 'EQUIPE_SOIGNANTE',
          level: 'ESTABLISHMENT',
          privileges: { sections: { MEDICAL: 'VALIDATION' } },
        }),
      () =>
        referent.client.habilitations.grant.mutate({
          ...base,
          profile: 'EQUIPE_SOIGNANTE',
          level: 'ESTABLISHMENT',
          endsOn: addDays(addMonths(today(), 60), 1),
        }),
      () =>
        referent.client.habilitations.grant.mutate({
          ...base,
          profile: 'EQUIPE_SOIGNANTE',
          level: 'ESTABLISHMENT',
          startsOn: addDays(today(), 10),
          endsOn: addDays(today(), 5),
        }),
      () =>
        referent.client.habilitations.grant.mutate({
          ...base,
          profile: 'EQUIPE_SOIGNANTE',
          level: 'UNIT',
          unitIds: [grenobleUnit.id],
        }),
      () =>
        referent.client.habilitations.grant.mutate({
          ...base,
          profile: 'PRESCRIPTEUR_MEDICAL',
          domain: 'HANDICAP',
          level: 'ESTABLISHMENT',
        }),
      // No dormant grant: a start more than a year ahead.
      () =>
        referent.client.habilitations.grant.mutate({
          ...base,
          profile: 'EQUIPE_SOIGNANTE',
          level: 'ESTABLISHMENT',
          startsOn: addDays(addMonths(today(), 12), 1),
        }),
      // One transaction writes at most 500 rows: 6 accounts × 100 units is refused before any read.
      () =>
        referent.client.habilitations.grant.mutate({
          ...base,
          accountIds: Array.from({ length: 6 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`),
          profile: 'EQUIPE_SOIGNANTE',
          level: 'UNIT',
          unitIds: Array.from({ length: 100 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
        }),
    ];
    for (const call of cases) expect((await failure(call())).appCode).toBe('INVALID_INPUT');
    expect(
      await failure(
        referent.client.habilitations.grant.mutate({
          ...base,
          accountIds: [a.id, '00000000-0000-4000-8000-000000000000'],
          profile: 'EQUIPE_SOIGNANTE',
          level: 'ESTABLISHMENT',
        }),
      ),
    ).toMatchObject({ appCode: 'NOT_FOUND' });
    expect(await countHabilitations()).toBe(before);
  });

  it('keeps référents to their scope', async () => {
    const a = await staff();
    const base = { accountIds: [a.id], domain: 'SANITAIRE' as const, profile: 'EQUIPE_SOIGNANTE' as const };
    const before = await countHabilitations();
    expect(
      await failure(
        referent.client.habilitations.grant.mutate({ ...base, level: 'ESTABLISHMENT', establishmentId: grenoble.id }),
      ),
    ).toMatchObject({ appCode: 'FORBIDDEN' });
    expect(
      await failure(
        unitRef.client.habilitations.grant.mutate({ ...base, level: 'ESTABLISHMENT', establishmentId: lyon.id }),
      ),
    ).toMatchObject({ appCode: 'FORBIDDEN' });
    expect(
      await failure(
        unitRef.client.habilitations.grant.mutate({
          ...base,
          level: 'UNIT',
          establishmentId: lyon.id,
          unitIds: [smr.id],
        }),
      ),
    ).toMatchObject({ appCode: 'FORBIDDEN' });
    expect(
      await failure(
        unitRef.client.habilitations.grant.mutate({
          ...base,
          level: 'UNIT',
          establishmentId: lyon.id,
          unitIds: [cardio.id, smr.id],
        }),
      ),
    ).toMatchObject({ appCode: 'FORBIDDEN' });
    expect(
      await failure(
        unitRef.client.habilitations.grant.mutate({
          ...base,
          profile: 'REFERENT_STRUCTURE',
          level: 'ESTABLISHMENT',
          establishmentId: lyon.id,
        }),
      ),
    ).toMatchObject({ appCode: 'FORBIDDEN' });
    expect(await countHabilitations()).toBe(before);
    await unitRef.client.habilitations.grant.mutate({
      ...base,
      level: 'UNIT',
      establishmentId: lyon.id,
      unitIds: [cardio.id],
    });
    const plain = await system.signedInBrowser(a, TEST_PASSWORD);
    expect(
      await failure(
        plain.client.habilitations.grant.mutate({
          ...base,
          level: 'UNIT',
          establishmentId: lyon.id,
          unitIds: [cardio.id],
        }),
      ),
    ).toMatchObject({
      appCode: 'FORBIDDEN',
    });
  });
});

describe('granting to a selection of users', () => {
  const named = (a: { id: string; username: string }, last: string) => ({
    accountId: a.id,
    name: `Prénom ${last} (${a.username})`,
  });
  const lastNameOf = async (id: string) =>
    (await db.selectFrom('accounts').select('last_name').where('id', '=', id).executeTakeFirstOrThrow()).last_name;
  const nameOf = async (a: { id: string; username: string }) => named(a, await lastNameOf(a.id));
  const heldBy = async (accountId: string) =>
    db
      .selectFrom('habilitations')
      .select(['profile', 'domain', 'level', 'unit_id'])
      .where('account_id', '=', accountId)
      .orderBy('unit_id')
      .execute();
  const equipe = {
    profile: 'EQUIPE_SOIGNANTE' as const,
    domain: 'SANITAIRE' as const,
    level: 'UNIT' as const,
    establishmentId: lyon.id,
  };

  it('skips the users who already hold it there, names them, and says who received it', async () => {
    const [a, b, c, ended, elsewhere] = [await staff(), await staff(), await staff(), await staff(), await staff()];
    // Holds it already, on Cardiologie.
    await insertHabilitation(db, {
      accountId: c.id,
      profile: 'EQUIPE_SOIGNANTE',
      establishmentId: lyon.id,
      unitId: cardio.id,
    });
    // Held it until yesterday: an ended habilitation is no reason to refuse a new one.
    await insertHabilitation(db, {
      accountId: ended.id,
      profile: 'EQUIPE_SOIGNANTE',
      establishmentId: lyon.id,
      unitId: cardio.id,
      startsOn: addDays(today(), -100),
      endsOn: addDays(today(), -1),
    });
    // The same profile in another domain, at another level: not the same habilitation.
    await insertHabilitation(db, {
      accountId: elsewhere.id,
      profile: 'EQUIPE_SOIGNANTE',
      domain: 'GRAND_AGE',
      establishmentId: lyon.id,
      unitId: cardio.id,
    });
    await insertHabilitation(db, { accountId: elsewhere.id, profile: 'EQUIPE_SOIGNANTE', establishmentId: lyon.id });

    const result = await referent.client.habilitations.grant.mutate({
      ...equipe,
      accountIds: [a.id, b.id, c.id, ended.id, elsewhere.id],
      unitIds: [cardio.id],
    });
    expect(result.ids).toHaveLength(4);
    expect(result.granted).toEqual([await nameOf(a), await nameOf(b), await nameOf(ended), await nameOf(elsewhere)]);
    expect(result.alreadyHolding).toEqual([{ ...(await nameOf(c)), unitNames: ['Cardiologie'] }]);
    expect(await heldBy(c.id)).toHaveLength(1);
    expect(await heldBy(ended.id)).toHaveLength(2);

    // On two units: each receives it where it does not hold it yet.
    const twoUnits = await referent.client.habilitations.grant.mutate({
      ...equipe,
      accountIds: [a.id, c.id],
      unitIds: [cardio.id, smr.id],
    });
    expect(twoUnits.ids).toHaveLength(2);
    expect(twoUnits.granted.map((g) => g.accountId)).toEqual([a.id, c.id]);
    expect(twoUnits.alreadyHolding).toEqual([
      { ...(await nameOf(a)), unitNames: ['Cardiologie'] },
      { ...(await nameOf(c)), unitNames: ['Cardiologie'] },
    ]);
    expect((await heldBy(c.id)).map((h) => h.unit_id).sort()).toEqual([cardio.id, smr.id].sort());

    // Everyone holds it already: nothing is written, and that is no failure.
    const before = await countHabilitations();
    const none = await referent.client.habilitations.grant.mutate({
      ...equipe,
      accountIds: [a.id, c.id],
      unitIds: [smr.id],
    });
    expect(none).toMatchObject({ ids: [], granted: [] });
    expect(none.alreadyHolding.map((h) => h.accountId)).toEqual([a.id, c.id]);
    expect(await countHabilitations()).toBe(before);
  });

  it('skips a holder at the establishment and at an admission desk too', async () => {
    const [a, b] = [await staff(), await staff()];
    const whole = {
      profile: 'GESTIONNAIRE_ADMINISTRATIF' as const,
      domain: 'SANITAIRE' as const,
      establishmentId: lyon.id,
    };
    await referent.client.habilitations.grant.mutate({ ...whole, level: 'ESTABLISHMENT', accountIds: [a.id] });
    const again = await referent.client.habilitations.grant.mutate({
      ...whole,
      level: 'ESTABLISHMENT',
      accountIds: [a.id, b.id],
    });
    expect(again.granted.map((g) => g.accountId)).toEqual([b.id]);
    expect(again.alreadyHolding).toEqual([{ ...(await nameOf(a)), unitNames: [] }]);

    const atDesk = {
      profile: 'RESPONSABLE_ADMISSIONS' as const,
      domain: 'SANITAIRE' as const,
      level: 'ADMISSION_DESK' as const,
      establishmentId: lyon.id,
      admissionDeskId: desk.id,
    };
    await referent.client.habilitations.grant.mutate({ ...atDesk, accountIds: [b.id] });
    const desks = await referent.client.habilitations.grant.mutate({ ...atDesk, accountIds: [a.id, b.id] });
    expect(desks.granted.map((g) => g.accountId)).toEqual([a.id]);
    expect(desks.alreadyHolding.map((g) => g.accountId)).toEqual([b.id]);
  });

  it('gives two simultaneous grants of the same habilitation to the same users one row each', async () => {
    const [a, b] = [await staff(), await staff()];
    const grant = () =>
      referent.client.habilitations.grant.mutate({ ...equipe, accountIds: [a.id, b.id], unitIds: [smr.id] });
    const [first, second] = await Promise.all([grant(), grant()]);
    expect([first.ids.length, second.ids.length].sort()).toEqual([0, 2]);
    expect(await heldBy(a.id)).toHaveLength(1);
    expect(await heldBy(b.id)).toHaveLength(1);
  });

  it('still refuses the whole selection when one user is out of scope or the caller, naming each', async () => {
    const a = await staff();
    const outside = await insertAccount(db, { attachedTo: { establishmentId: grenoble.id } });
    const before = await countHabilitations();
    const refusal = await failure(
      referent.client.habilitations.grant.mutate({
        ...equipe,
        accountIds: [a.id, outside.id, structureReferent.id],
        unitIds: [cardio.id],
      }),
    );
    expect(refusal).toMatchObject({ appCode: 'FORBIDDEN' });
    expect(refusal.details?.refusedAccounts).toEqual(
      expect.arrayContaining([
        { ...(await nameOf(outside)), reason: 'OUT_OF_SCOPE' },
        { ...(await nameOf(structureReferent)), reason: 'SELF' },
      ]),
    );
    expect(refusal.details?.refusedAccounts).toHaveLength(2);
    expect(refusal.message).toContain(outside.username);
    expect(await countHabilitations()).toBe(before);
    expect(await heldBy(a.id)).toEqual([]);
  });
});

describe('prolonging, reducing, deleting', () => {
  async function grantOne(unitId = cardio.id) {
    const a = await staff();
    const { ids } = await referent.client.habilitations.grant.mutate({
      accountIds: [a.id],
      profile: 'EQUIPE_SOIGNANTE',
      domain: 'SANITAIRE',
      level: 'UNIT',
      establishmentId: lyon.id,
      unitIds: [unitId],
      endsOn: addMonths(today(), 1),
    });
    return { account: a, id: ids[0] as string };
  }

  it('prolongs from today, refuses beyond five years and before today, and ends today without moving the start', async () => {
    const { id } = await grantOne();
    const startsOn = today();
    expect(await unitRef.client.habilitations.changeEnd.mutate({ id, change: { prolongation: '6M' } })).toMatchObject({
      endsOn: addMonths(today(), 6),
    });
    expect(
      await failure(
        unitRef.client.habilitations.changeEnd.mutate({ id, change: { endsOn: addDays(addMonths(today(), 60), 1) } }),
      ),
    ).toMatchObject({
      appCode: 'INVALID_INPUT',
      message: expect.stringContaining('5 ans'),
    });
    // A past end is refused, saying how to end it now; nothing changes.
    for (const endsOn of [addDays(today(), -1), '2020-01-01']) {
      expect(await failure(unitRef.client.habilitations.changeEnd.mutate({ id, change: { endsOn } }))).toMatchObject({
        appCode: 'INVALID_INPUT',
        message: expect.stringContaining('choisissez aujourd’hui'),
      });
    }
    const stored = () =>
      db.selectFrom('habilitations').select(['starts_on', 'ends_on']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await stored()).toEqual({ starts_on: startsOn, ends_on: addMonths(today(), 6) });
    // Ending it today: its last day, and the start stays.
    expect(await unitRef.client.habilitations.changeEnd.mutate({ id, change: { endsOn: today() } })).toEqual({
      startsOn,
      endsOn: today(),
    });
    expect(await stored()).toEqual({ starts_on: startsOn, ends_on: today() });
    const audit = await db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'HABILITATION_UPDATED')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ habilitationId: id, after: { startsOn, endsOn: today() } });
  });

  it('grants nothing once ended, at once', async () => {
    const ref = await staff();
    const { ids } = await referent.client.habilitations.grant.mutate({
      accountIds: [ref.id],
      profile: 'REFERENT_UNITE',
      domain: 'SANITAIRE',
      level: 'UNIT',
      establishmentId: lyon.id,
      unitIds: [smr.id],
    });
    const browser = await system.signedInBrowser(ref, TEST_PASSWORD);
    expect((await browser.client.accounts.search.query({ query: 'hab.ref' })).accounts.length).toBeGreaterThan(0);
    // Ended today: still its last day. The next day, as if it had passed, it grants nothing.
    await referent.client.habilitations.changeEnd.mutate({ id: ids[0] as string, change: { endsOn: today() } });
    expect((await browser.client.accounts.search.query({ query: 'hab.ref' })).accounts.length).toBeGreaterThan(0);
    await db
      .updateTable('habilitations')
      .set({ starts_on: addDays(today(), -1), ends_on: addDays(today(), -1) })
      .where('id', '=', ids[0] as string)
      .execute();
    expect(await failure(browser.client.accounts.search.query({ query: 'hab.ref' }))).toMatchObject({
      appCode: 'FORBIDDEN',
    });
  });

  it('refuses changes out of scope', async () => {
    const { id } = await grantOne(smr.id);
    expect(
      await failure(unitRef.client.habilitations.changeEnd.mutate({ id, change: { prolongation: '1Y' } })),
    ).toMatchObject({ appCode: 'FORBIDDEN' });
    expect(await failure(unitRef.client.habilitations.delete.mutate({ id }))).toMatchObject({ appCode: 'FORBIDDEN' });
    expect(await failure(unitRef.client.habilitations.setEmails.mutate({ id, receiveEmails: false }))).toMatchObject({
      appCode: 'FORBIDDEN',
    });
    expect(await db.selectFrom('habilitations').select('id').where('id', '=', id).executeTakeFirst()).toBeDefined();
  });

  it('settles a prolongation racing a deletion: deleted, and a clear answer to the loser', async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await grantOne();
      const [prolonged, deleted] = await Promise.allSettled([
        referent.client.habilitations.changeEnd.mutate({ id, change: { prolongation: '2Y' } }),
        unitRef.client.habilitations.delete.mutate({ id }),
      ]);
      expect(deleted.status).toBe('fulfilled');
      if (prolonged.status === 'rejected')
        expect((prolonged.reason as TRPCClientError<never>).data).toMatchObject({ appCode: 'NOT_FOUND' });
      expect(await db.selectFrom('habilitations').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    }
  });
});

describe('review and export', () => {
  const reviewed = insertEstablishment(db, { name: 'Hôpital de Vienne', departement: '38' });
  async function setup() {
    const e = await reviewed;
    const u1 = await insertUnit(db, e.id, 'Médecine');
    const ref = await staff();
    await insertHabilitation(db, {
      accountId: ref.id,
      profile: 'REFERENT_STRUCTURE',
      establishmentId: e.id,
      startsOn: '2026-01-01',
      endsOn: '2030-12-31',
    });
    const names = ['Bernard', 'Arnaud', 'Durand'];
    const ends = [addDays(today(), 10), addDays(today(), 25), addMonths(today(), 6)];
    for (const [i, name] of names.entries()) {
      const a = await staff();
      await db.updateTable('accounts').set({ last_name: name }).where('id', '=', a.id).execute();
      await insertHabilitation(db, {
        accountId: a.id,
        profile: i === 0 ? 'PRESCRIPTEUR_MEDICAL' : 'EQUIPE_SOIGNANTE',
        establishmentId: e.id,
        unitId: u1.id,
        startsOn: '2026-01-01',
        endsOn: ends[i] as string,
      });
    }
    return { e, ref: await system.signedInBrowser(ref, TEST_PASSWORD), refAccount: ref };
  }

  it('lists, sorts, colours and paginates the habilitations of a structure', async () => {
    const { e, ref } = await setup();
    const filters = { domain: 'SANITAIRE' as const, departement: '38', establishmentId: e.id };
    const byName = await ref.client.habilitations.review.query({ ...filters, sort: 'NAME' });
    expect(byName.total).toBe(4);
    expect(byName.rows.map((r) => r.lastName).slice(0, 3)).toEqual(['Arnaud', 'Bernard', 'Durand']);
    const byEnd = await ref.client.habilitations.review.query({ ...filters, sort: 'END' });
    expect(byEnd.rows.slice(0, 3).map((r) => [r.lastName, r.expiry])).toEqual([
      ['Bernard', 'RED'],
      ['Arnaud', 'ORANGE'],
      ['Durand', null],
    ]);
    const byProfile = await ref.client.habilitations.review.query({
      ...filters,
      sort: 'PROFILE',
      direction: 'DESC',
      pageSize: 2,
      page: 2,
    });
    expect(byProfile.rows).toHaveLength(2);
    expect(byProfile.total).toBe(4);
    const onlyPrescribers = await ref.client.habilitations.review.query({
      ...filters,
      profile: 'PRESCRIPTEUR_MEDICAL',
    });
    expect(onlyPrescribers.rows.map((r) => r.lastName)).toEqual(['Bernard']);
    expect(onlyPrescribers.rows[0]?.privileges).toContain('Volet Médical : Validation');
    expect(await failure(referent.client.habilitations.review.query(filters))).toMatchObject({ appCode: 'FORBIDDEN' });
    expect(
      (
        await unitRef.client.habilitations.review.query({
          domain: 'SANITAIRE',
          departement: '69',
          establishmentId: lyon.id,
        })
      ).rows.every((r) => r.unitName === 'Cardiologie'),
    ).toBe(true);
  });

  it('stops reading when the download is abandoned, and leaves the pool usable', async () => {
    const { e, ref, refAccount } = await setup();
    const viewer = await loadViewer(system.deps, refAccount.id);
    if (!viewer) throw new Error('no viewer');
    const output = new PassThrough();
    output.destroy();
    const filters = {
      domain: 'SANITAIRE',
      departement: '38',
      establishmentId: e.id,
      sort: 'NAME',
      direction: 'ASC',
    } as const;
    expect(await exportReview(system.deps, viewer, filters, output)).toBe(0);
    const complete = new PassThrough();
    const chunks: Buffer[] = [];
    complete.on('data', (chunk: Buffer) => chunks.push(chunk));
    const { total } = await ref.client.habilitations.review.query({
      domain: 'SANITAIRE',
      departement: '38',
      establishmentId: e.id,
    });
    expect(total).toBeGreaterThan(0);
    expect(await exportReview(system.deps, viewer, filters, complete)).toBe(total);
    expect(Buffer.concat(chunks).subarray(0, 2).toString()).toBe('PK');
  });

  it('exports the same rows to an .xlsx with dates, colours, a frozen and filtered header', async () => {
    const { e, ref } = await setup();
    // Units the ROR closed keep their habilitations: the sheet marks them, as the review does.
    const closed = await db
      .updateTable('units')
      .set({ closed_at: new Date() })
      .where('establishment_id', '=', e.id)
      .where('closed_at', 'is', null)
      .returning('id')
      .execute();
    onTestFinished(async () => {
      await db
        .updateTable('units')
        .set({ closed_at: null })
        .where(
          'id',
          'in',
          closed.map((u) => u.id),
        )
        .execute();
    });
    const query = new URLSearchParams({ domain: 'SANITAIRE', departement: '38', establishmentId: e.id, sort: 'END' });
    const response = await ref.fetch(`http://localhost/exports/revue-habilitations.xlsx?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Nom',
      'Prénom',
      "Nom d'utilisateur",
      'Profil',
      'Unité',
      'Établissement',
      'Début',
      'Fin',
      'Réception des e-mails',
      'Droits',
    ]);
    const review = await ref.client.habilitations.review.query({
      domain: 'SANITAIRE',
      departement: '38',
      establishmentId: e.id,
      sort: 'END',
      pageSize: 200,
    });
    expect(sheet.rowCount - 1).toBe(review.total);
    expect(review.rows.some((row) => row.unitClosed)).toBe(true);
    for (const [i, row] of review.rows.entries()) {
      const excel = sheet.getRow(i + 2);
      expect(excel.values).toEqual([
        undefined,
        row.lastName,
        row.firstName,
        row.username,
        row.profileLabel,
        row.unitName !== null
          ? `${row.unitName}${row.unitClosed ? ' (unité fermée)' : ''}`
          : (row.admissionDeskName ?? 'Tout l’établissement'),
        row.establishmentName,
        new Date(`${row.startsOn}T00:00:00Z`),
        new Date(`${row.endsOn}T00:00:00Z`),
        row.receiveEmails ? 'Oui' : 'Non',
        row.privileges.join(' ; '),
      ]);
      expect([excel.getCell(7).numFmt, excel.getCell(8).numFmt]).toEqual(['dd/mm/yyyy', 'dd/mm/yyyy']);
      expect(excel.getCell(1).fill).toBeUndefined();
      const fill = (excel.getCell(8).fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb;
      expect(fill).toBe(row.expiry === 'RED' ? 'FFF4A09C' : row.expiry === 'ORANGE' ? 'FFFFC680' : undefined);
    }
    expect(new Set(review.rows.map((r) => r.expiry))).toEqual(new Set(['RED', 'ORANGE', null]));
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();

    expect((await system.browser().fetch(`http://localhost/exports/revue-habilitations.xlsx?${query}`)).status).toBe(
      401,
    );
    expect((await referent.fetch(`http://localhost/exports/revue-habilitations.xlsx?${query}`)).status).toBe(403);
    expect((await ref.fetch('http://localhost/exports/revue-habilitations.xlsx?domain=NOPE')).status).toBe(400);
  });
});

// Last: these move the clock by weeks, past every session's lifetime.
describe('expiry mails', () => {
  it('mails once per habilitation and end date, and again after a prolongation nears its end', async () => {
    const holder = await staff();
    const { ids } = await referent.client.habilitations.grant.mutate({
      accountIds: [holder.id],
      profile: 'EQUIPE_SOIGNANTE',
      domain: 'SANITAIRE',
      level: 'UNIT',
      establishmentId: lyon.id,
      unitIds: [cardio.id],
      endsOn: addDays(today(), 20),
    });
    const id = ids[0] as string;
    const mailsToHolder = () => catcher.messages().filter((m) => m.to.includes(holder.email));
    const notices = async () =>
      (await db.selectFrom('habilitation_expiry_notices').select('ends_on').where('habilitation_id', '=', id).execute())
        .length;

    await scheduleExpiryNotices(system.deps);
    expect(await notices()).toBe(0);
    clock.advance(6 * 24 * 3_600_000);
    await scheduleExpiryNotices(system.deps);
    expect(await notices()).toBe(1);
    // A second run of the sweep (or one after a crash) enqueues nothing new.
    expect((await scheduleExpiryNotices(system.deps)).enqueued).toBe(0);
    await system.runJobs();
    await system.runJobs();
    expect(mailsToHolder()).toHaveLength(1);
    expect(mailsToHolder()[0]?.subject).toContain('prend fin le');
    expect(mailsToHolder()[0]?.text).toContain('http://portail.test/mes-referents');

    // Prolonged: no mail until the new end comes within 15 days.
    await db
      .updateTable('habilitations')
      .set({ ends_on: addMonths(today(), 2) })
      .where('id', '=', id)
      .execute();
    await scheduleExpiryNotices(system.deps);
    await system.runJobs();
    expect(mailsToHolder()).toHaveLength(1);
    clock.advance(50 * 24 * 3_600_000);
    await scheduleExpiryNotices(system.deps);
    await scheduleExpiryNotices(system.deps);
    await system.runJobs();
    expect(mailsToHolder()).toHaveLength(2);
  });

  it('sends nothing for a notice whose habilitation was prolonged before its mail went out', async () => {
    const holder = await staff();
    const h = await insertHabilitation(db, {
      accountId: holder.id,
      profile: 'EQUIPE_SOIGNANTE',
      establishmentId: lyon.id,
      startsOn: '2026-01-01',
      endsOn: addDays(today(), 3),
    });
    await scheduleExpiryNotices(system.deps);
    await db
      .updateTable('habilitations')
      .set({ ends_on: addMonths(today(), 12) })
      .where('id', '=', h.id)
      .execute();
    await system.runJobs();
    expect(catcher.messages().filter((m) => m.to.includes(holder.email))).toHaveLength(0);
  });
});

describe('only the actions one may take are offered', () => {
  // A place of its own, so that the review lists only what this block writes.
  const bourgoin = insertEstablishment(db, { name: 'Hôpital de Bourgoin', departement: '38' });
  const none = { prolong: false, reduce: false, delete: false, setEmails: false };
  const all = { prolong: true, reduce: true, delete: true, setEmails: true };

  it('marks each review row and each habilitation of an account page with what the viewer may do', async () => {
    const e = await bourgoin;
    const [mine, other] = [await insertUnit(db, e.id, 'Médecine'), await insertUnit(db, e.id, 'Chirurgie')];
    const unitReferentHere = await insertAccount(db);
    await insertHabilitation(db, {
      accountId: unitReferentHere.id,
      profile: 'REFERENT_UNITE',
      establishmentId: e.id,
      unitId: mine.id,
      startsOn: addDays(today(), -10),
      endsOn: addMonths(today(), 12),
    });
    const holder = await insertAccount(db, { attachedTo: { establishmentId: e.id, unitId: mine.id } });
    const held = async (values: Partial<Parameters<typeof insertHabilitation>[1]>) =>
      insertHabilitation(db, {
        accountId: holder.id,
        profile: 'PRESCRIPTEUR_MEDICAL',
        establishmentId: e.id,
        unitId: mine.id,
        startsOn: addDays(today(), -10),
        endsOn: addMonths(today(), 6),
        ...values,
      });
    const running = await held({});
    const endsToday = await held({ profile: 'EQUIPE_SOIGNANTE', endsOn: today() });
    const ended = await held({ profile: 'GESTIONNAIRE_ADMINISTRATIF', endsOn: addDays(today(), -1) });
    const elsewhere = await held({ unitId: other.id });
    const whole = await held({ unitId: undefined, level: 'ESTABLISHMENT' });
    const browser = await system.signedInBrowser(unitReferentHere, TEST_PASSWORD);
    const byId = (rows: readonly { id: string; may: unknown; state?: unknown }[]) =>
      Object.fromEntries(rows.map((r) => [r.id, { may: r.may, state: r.state }]));

    // Her review covers her unit only: there, everything but prolonging her own; the end today
    // cannot be reduced, nor the ended one.
    const review = await browser.client.habilitations.review.query({
      domain: 'SANITAIRE',
      departement: '38',
      establishmentId: e.id,
      pageSize: 50,
    });
    const ownId = (
      await db
        .selectFrom('habilitations')
        .select('id')
        .where('account_id', '=', unitReferentHere.id)
        .executeTakeFirstOrThrow()
    ).id;
    expect(byId(review.rows)).toEqual({
      [running.id]: { may: all, state: 'ACTIVE' },
      [endsToday.id]: { may: { ...all, reduce: false }, state: 'ENDS_TODAY' },
      [ended.id]: { may: { ...all, reduce: false }, state: 'ENDED' },
      [ownId]: { may: { ...all, prolong: false }, state: 'ACTIVE' },
    });

    // The holder's page: the same, and nothing on what lies outside her unit.
    const page = await browser.client.accounts.get.query({ id: holder.id });
    expect(byId(page.habilitations)).toEqual({
      [running.id]: { may: all, state: 'ACTIVE' },
      [endsToday.id]: { may: { ...all, reduce: false }, state: 'ENDS_TODAY' },
      [ended.id]: { may: { ...all, reduce: false }, state: 'ENDED' },
      [elsewhere.id]: { may: none, state: 'ACTIVE' },
      [whole.id]: { may: none, state: 'ACTIVE' },
    });
    // What is not offered is still refused.
    for (const id of [elsewhere.id, whole.id]) {
      expect(
        await failure(browser.client.habilitations.changeEnd.mutate({ id, change: { prolongation: '1Y' } })),
      ).toMatchObject({ appCode: 'FORBIDDEN' });
      expect(await failure(browser.client.habilitations.delete.mutate({ id }))).toMatchObject({ appCode: 'FORBIDDEN' });
    }
    expect(
      await failure(browser.client.habilitations.changeEnd.mutate({ id: ownId, change: { prolongation: '2Y' } })),
    ).toMatchObject({ appCode: 'FORBIDDEN' });

    // Her own page: reduce and delete her own, never prolong it.
    const own = await browser.client.accounts.get.query({ id: unitReferentHere.id });
    expect(byId(own.habilitations)).toEqual({ [ownId]: { may: { ...all, prolong: false }, state: 'ACTIVE' } });

    // So does a Référent structure on his own page.
    const structure = await system.signedInBrowser(structureReferent, TEST_PASSWORD);
    const structurePage = await structure.client.accounts.get.query({ id: structureReferent.id });
    expect(structurePage.habilitations.map((h) => h.may)).toEqual([{ ...all, prolong: false }]);
  });

  it('lists per structure only the profiles and levels the viewer may grant, and refuses the others', async () => {
    // Signed in afresh: the clock moved on with the expiry mails.
    const [unitRef, referent] = [
      await system.signedInBrowser(unitReferent, TEST_PASSWORD),
      await system.signedInBrowser(structureReferent, TEST_PASSWORD),
    ];
    const structures = await unitRef.client.habilitations.structures.query();
    const atLyon = structures.find((s) => s.id === lyon.id);
    expect(atLyon?.units.map((u) => u.id)).toEqual([cardio.id]);
    const offered = new Map((atLyon?.profiles ?? []).map((p) => [p.code, p.levels]));
    // A Référent unité: the unit level only, never a Référent structure.
    expect(offered.has('REFERENT_STRUCTURE')).toBe(false);
    expect(offered.get('REFERENT_UNITE')).toEqual(['UNIT']);
    expect(offered.get('RESPONSABLE_ADMISSIONS')).toEqual(['UNIT']);
    for (const levels of offered.values()) expect(levels).toEqual(['UNIT']);
    const everywhere = await referent.client.habilitations.structures.query();
    expect(everywhere.find((s) => s.id === lyon.id)?.profiles).toEqual(
      PROFILE_CODES.map((code) => ({ code, levels: [...PROFILES[code].levels] })),
    );

    // Each profile and level: granted when offered, refused when not.
    for (const code of PROFILE_CODES)
      for (const level of PROFILES[code].levels as readonly Level[]) {
        const recipient = await staff();
        const grant = unitRef.client.habilitations.grant.mutate({
          accountIds: [recipient.id],
          profile: code,
          domain: PROFILES[code].domains[0] as 'SANITAIRE',
          level,
          establishmentId: lyon.id,
          unitIds: level === 'UNIT' ? [cardio.id] : [],
          ...(level === 'ADMISSION_DESK' ? { admissionDeskId: desk.id } : {}),
        });
        if (offered.get(code)?.includes(level)) expect((await grant).ids).toHaveLength(1);
        else expect(await failure(grant)).toMatchObject({ appCode: 'FORBIDDEN' });
      }
  });
});
