import { createTestDatabase } from '@trajectoire/test-support/database';
import { describe, expect, it } from 'vitest';
import { generateDirectory } from './dataset';
import { writeDirectory } from './directory';

describe('writeDirectory', async () => {
  const { db } = await createTestDatabase();
  const { establishments } = generateDirectory({ establishments: 12 });

  it('writes the ROR’s ids and marks the establishments synchronised, so that a first sync matches them', async () => {
    expect(await db.transaction().execute((trx) => writeDirectory(trx, establishments))).toBe(12);
    const rows = await db
      .selectFrom('establishments')
      .select(['finess', 'ror_id', 'ror_sync_state', 'legal_entity_finess', 'legal_entity_name', 'description'])
      .execute();
    const byFiness = new Map(rows.map((r) => [r.finess, r]));
    for (const e of establishments)
      expect(byFiness.get(e.finess)).toMatchObject({
        ror_id: `eg-${e.key}`,
        ror_sync_state: 'SYNCHRONISED',
        legal_entity_finess: e.legalEntity.finess,
        legal_entity_name: e.legalEntity.name,
      });
    // « Descriptif » written by a référent on the README's establishments.
    expect(byFiness.get(establishments[0]?.finess ?? '')?.description).toMatch(/^Centre hospitalier universitaire/);

    const units = await db
      .selectFrom('units')
      .select(['name', 'kind', 'ror_id', 'ror_location_id', 'capacity', 'capacity_unit', 'description'])
      .execute();
    const expected = establishments.flatMap((e) => e.units);
    expect(units).toHaveLength(expected.length);
    const unitsByRorId = new Map(units.map((u) => [u.ror_id, u]));
    for (const u of expected)
      expect(unitsByRorId.get(u.key)).toMatchObject({
        name: u.name,
        kind: u.kind,
        ror_location_id: `loc-${u.key}`,
        capacity: u.capacity,
        capacity_unit: u.capacityUnit,
        description: expect.stringContaining(String(u.capacity)),
      });
    expect(unitsByRorId.get('chu-lyon-cardio')?.description).toBe('Médecine, chirurgie, obstétrique (MCO) : 42 lits.');
  });

  it('adds nothing the second time', async () => {
    expect(await db.transaction().execute((trx) => writeDirectory(trx, establishments))).toBe(0);
    const units = await db.selectFrom('units').select('id').execute();
    expect(units).toHaveLength(establishments.flatMap((e) => e.units).length);
  });
});
