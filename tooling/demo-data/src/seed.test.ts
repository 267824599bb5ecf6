import { createTestDatabase } from '@trajectoire/test-support/database';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from './accounts';
import { generateDirectory } from './dataset';
import { isSeeded, seedDemoData } from './seed';

const HASH = '$argon2id$not-checked-here';

describe('seedDemoData', async () => {
  const { db } = await createTestDatabase();

  async function counts() {
    const { rows } = await sql<Record<string, string>>`
      select (select count(*) from establishments) as establishments,
             (select count(*) from units) as units,
             (select count(*) from admission_desks) as desks,
             (select count(*) from accounts) as accounts,
             (select count(*) from habilitations) as habilitations`.execute(db);
    return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
  }

  function expected(establishments: number) {
    const directory = generateDirectory({ establishments }).establishments;
    return {
      establishments,
      units: directory.reduce((sum, e) => sum + e.units.length, 0),
      desks: directory.reduce((sum, e) => sum + e.desks.length, 0),
      accounts: DEMO_ACCOUNTS.length,
      habilitations: DEMO_ACCOUNTS.reduce((sum, a) => sum + a.habilitations.length, 0),
    };
  }

  it('loads the README demo: four establishments, the accounts and their habilitations', async () => {
    expect(await isSeeded(db)).toBe(false);
    const progress: [number, number][] = [];
    const added = await seedDemoData(db, HASH, { progress: (done, total) => progress.push([done, total]) });
    expect(added).toEqual({ establishments: 4, accounts: DEMO_ACCOUNTS.length });
    expect(await isSeeded(db)).toBe(true);
    expect(await counts()).toEqual({ ...expected(4), units: 10, desks: 2, habilitations: 6 });
    expect(progress.at(-1)).toEqual([9, 9]);

    const grants = await db
      .selectFrom('habilitations as h')
      .innerJoin('accounts as a', 'a.id', 'h.account_id')
      .innerJoin('establishments as e', 'e.id', 'h.establishment_id')
      .leftJoin('units as u', 'u.id', 'h.unit_id')
      .leftJoin('admission_desks as d', 'd.id', 'h.admission_desk_id')
      .select(['a.username', 'h.profile', 'h.level', 'e.name as establishment', 'u.name as unit', 'd.name as desk'])
      .orderBy('a.username')
      .orderBy('h.level')
      .execute();
    expect(grants).toContainEqual({
      username: 'demo.ref.unite',
      profile: 'REFERENT_UNITE',
      level: 'UNIT',
      establishment: 'Centre hospitalier universitaire de Lyon',
      unit: 'SMR polyvalent',
      desk: null,
    });
    expect(grants).toContainEqual({
      username: 'demo.admissions',
      profile: 'RESPONSABLE_ADMISSIONS',
      level: 'ADMISSION_DESK',
      establishment: 'Clinique des Alpes — Soins médicaux et de réadaptation',
      unit: null,
      desk: "Guichet d'admission SMR",
    });
  });

  it('fills up to N establishments, then adds nothing when filled again', async () => {
    const added = await seedDemoData(db, HASH, { establishments: 2_500 });
    expect(added).toEqual({ establishments: 2_496, accounts: 0 });
    expect(await counts()).toEqual(expected(2_500));

    const before = await db.selectFrom('establishments').select(['id', 'finess']).orderBy('finess').execute();
    expect(await seedDemoData(db, HASH, { establishments: 2_500 })).toEqual({ establishments: 0, accounts: 0 });
    expect(await seedDemoData(db, HASH, { establishments: 100 })).toEqual({ establishments: 0, accounts: 0 });
    expect(await counts()).toEqual(expected(2_500));
    expect(await db.selectFrom('establishments').select(['id', 'finess']).orderBy('finess').execute()).toEqual(before);
  });

  it('refuses fewer establishments than the demo accounts need', async () => {
    await expect(seedDemoData(db, HASH, { establishments: 3 })).rejects.toThrow(RangeError);
  });
});
