import { randomUUID } from 'node:crypto';
import { createDatabase, inCopyTransaction } from '@trajectoire/db';
import {
  type LocationRecord,
  type OrganizationRecord,
  type ServiceRecord,
  type UnitRorRow,
  unitRow,
} from '@trajectoire/ror-mapping';
import { createTestDatabase } from '@trajectoire/test-support/database';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeBatch } from './merge';
import { STAGING_COPY, type StagedRow, stagedRowOf, stagingLine } from './staging';

/**
 * A full load's units are built in SQL from the staged records (stagedIncoming): the rows must be
 * those ror-mapping's unitRow makes of the same service and place, which the delta path writes.
 */

const { url } = await createTestDatabase();
const db = createDatabase(url, { max: 2 });
afterAll(() => db.destroy());

const runId = randomUUID();
const now = new Date('2026-12-01T08:00:00Z');

const eg: OrganizationRecord = {
  rorId: 'eg-merge',
  level: 'EG',
  partOf: null,
  finess: '690000011',
  name: 'Hôpital de la fusion',
  categoryCode: '355',
  category: 'Centre Hospitalier (C.H.)',
  address: '1 rue de la Paix',
  postalCode: '69001',
  city: 'Lyon',
  departement: '69',
  phone: null,
  email: null,
  active: true,
  lastUpdated: '2026-01-01T00:00:00.000Z',
};

const service = (id: string, changes: Partial<ServiceRecord>): ServiceRecord => ({
  rorId: id,
  name: `Unité ${id}`,
  providedBy: eg.rorId,
  locationIds: [`loc-${id}`],
  kind: 'MCO',
  offerType: '152',
  activityField: '01',
  operationalActivities: ['017'],
  careModes: ['28'],
  publics: ['2'],
  rorResources: [],
  rorComfortServices: [],
  active: true,
  lastUpdated: '2026-02-01T00:00:00.000Z',
  ...changes,
});

const place = (id: string, changes: Partial<LocationRecord>): LocationRecord => ({
  rorId: `loc-${id}`,
  capacity: 12,
  capacityUnit: 'BEDS',
  capacities: [{ nature: '01', status: '01', count: 12 }],
  residentialCapacities: [],
  equipment: [],
  lastUpdated: '2026-03-01T00:00:00.000Z',
  ...changes,
});

const cases: [ServiceRecord, LocationRecord][] = [
  // Equipment after the service's own resources, in the place's order, each once.
  [
    service('equipped', { rorResources: ['acte:12', 'equipement:E2'] }),
    place('equipped', { equipment: ['E9', 'E2', 'E1'] }),
  ],
  [service('bare', {}), place('bare', {})],
  [service('only-equipment', {}), place('only-equipment', { equipment: ['E4'], lastUpdated: null })],
  // What COPY's text and array literals must escape, and an array element spelled NULL.
  [
    service('awkward', {
      name: 'Unité\t« A\\B »\nbis "quoted"',
      rorResources: ['a,b', '"q"', 'back\\slash', 'NULL', '{brace}', ''],
      operationalActivities: [],
    }),
    place('awkward', { equipment: ['E 1'], capacities: [] }),
  ],
];

const asRow = (u: UnitRorRow) => ({
  ror_id: u.rorId,
  ror_location_id: u.rorLocationId,
  name: u.name,
  kind: u.kind,
  offer_type: u.offerType,
  activity_field: u.activityField,
  operational_activities: u.operationalActivities,
  care_modes: u.careModes,
  publics: u.publics,
  capacity: u.capacity,
  capacity_unit: u.capacityUnit,
  capacities: u.capacities,
  ror_resources: u.rorResources,
  ror_comfort_services: u.rorComfortServices,
  ror_last_updated: u.rorLastUpdated ? new Date(u.rorLastUpdated) : null,
});

describe('a full load’s units, from staging', () => {
  it('are the rows ror-mapping’s unitRow makes', async () => {
    // Staged as a full load stages them: their COPY lines, through COPY.
    const staged = [
      stagedRowOf({ ok: true, resource: { type: 'Organization', id: eg.rorId, record: eg } }),
      ...cases.flatMap(([s, l]) => [
        stagedRowOf({ ok: true, resource: { type: 'HealthcareService', id: s.rorId, record: s } }),
        stagedRowOf({ ok: true, resource: { type: 'Location', id: l.rorId, record: l } }),
      ]),
    ];
    await inCopyTransaction(db, async ({ copyFrom }) => {
      const copy = copyFrom(STAGING_COPY);
      await copy.write(Buffer.from(staged.map((row) => stagingLine(runId, row as StagedRow)).join('')));
      await copy.end();
    });

    const serviceIds = cases.map(([s]) => s.rorId);
    const merged = await db.transaction().execute((trx) =>
      mergeBatch(
        trx,
        {
          establishments: [],
          stagedEstablishments: { runId, rorIds: [eg.rorId] },
          units: [],
          stagedUnits: { runId, serviceIds, establishmentRorIds: serviceIds.map(() => eg.rorId) },
          completeEstablishments: [eg.rorId],
          seenUnitIds: [],
          establishmentErrors: new Map(),
        },
        now,
      ),
    );
    expect(merged).toMatchObject({ created: 1 + cases.length, updated: 0, closed: 0, failures: [] });

    const units = await db
      .selectFrom('units')
      .select([
        'ror_id',
        'ror_location_id',
        'name',
        'kind',
        'offer_type',
        'activity_field',
        'operational_activities',
        'care_modes',
        'publics',
        'capacity',
        'capacity_unit',
        'capacities',
        'ror_resources',
        'ror_comfort_services',
        'ror_last_updated',
      ])
      .where('ror_id', 'in', serviceIds)
      .orderBy('ror_id')
      .execute();
    const expected = cases.map(([s, l]) => asRow(unitRow(s, l))).sort((a, b) => a.ror_id.localeCompare(b.ror_id));
    expect(units).toEqual(expected);
    // The case this guards: the place's equipment appended after the service's, once each.
    expect(units.find((u) => u.ror_id === 'equipped')?.ror_resources).toEqual([
      'acte:12',
      'equipement:E2',
      'equipement:E9',
      'equipement:E1',
    ]);
  });
});
