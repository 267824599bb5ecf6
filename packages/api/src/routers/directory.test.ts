import type { AppRouter } from '@trajectoire/api';
import { ESTABLISHMENT_ROR_FIELDS, finessWithKey } from '@trajectoire/domain';
import { failure } from '@trajectoire/test-support/errors';
import {
  insertAccount,
  insertEstablishment,
  insertHabilitation,
  insertUnit,
  TEST_PASSWORD,
} from '@trajectoire/test-support/fixtures';
import { createTestSystem } from '@trajectoire/test-support/system';
import { createTRPCClient, httpLink } from '@trpc/client';
import { describe, expect, it } from 'vitest';

const system = await createTestSystem();
const { db, clock } = system;

// CHU de Lyon is synchronised with the ROR; Clinique de Grenoble is not (a local-only record).
const lyon = await insertEstablishment(db, { name: 'CHU de Lyon', departement: '69' });
await db
  .updateTable('establishments')
  .set({ ror_id: 'eg-test-lyon', ror_sync_state: 'SYNCHRONISED', city: 'Lyon', ror_synced_at: clock.now() })
  .where('id', '=', lyon.id)
  .execute();
const cardio = await insertUnit(db, lyon.id, 'Cardiologie');
const had = await db
  .insertInto('units')
  .values({ establishment_id: lyon.id, name: 'HAD Lyon Est', kind: 'HAD' })
  .returning(['id', 'name'])
  .executeTakeFirstOrThrow();
const grenoble = await insertEstablishment(db, { name: 'Clinique de Grenoble', departement: '38' });
await db.updateTable('establishments').set({ city: 'Saint-Martin-d’Hères' }).where('id', '=', grenoble.id).execute();
const grenobleUnit = await insertUnit(db, grenoble.id, 'SMR Grenoble');

const admin = await insertAccount(db, { username: 'dir.admin', nationalAdmin: true });
const refLyon = await insertAccount(db, { username: 'dir.ref.lyon' });
await insertHabilitation(db, { accountId: refLyon.id, profile: 'REFERENT_STRUCTURE', establishmentId: lyon.id });
const refCardio = await insertAccount(db, { username: 'dir.ref.cardio' });
await insertHabilitation(db, {
  accountId: refCardio.id,
  profile: 'REFERENT_UNITE',
  establishmentId: lyon.id,
  unitId: cardio.id,
});
const refGrenoble = await insertAccount(db, { username: 'dir.ref.grenoble' });
await insertHabilitation(db, {
  accountId: refGrenoble.id,
  profile: 'REFERENT_STRUCTURE',
  establishmentId: grenoble.id,
});
const presc = await insertAccount(db, { username: 'dir.presc' });
await insertHabilitation(db, {
  accountId: presc.id,
  profile: 'PRESCRIPTEUR_MEDICAL',
  establishmentId: lyon.id,
  unitId: cardio.id,
});

const as = {
  admin: (await system.signedInBrowser(admin, TEST_PASSWORD)).client,
  refLyon: (await system.signedInBrowser(refLyon, TEST_PASSWORD)).client,
  refCardio: (await system.signedInBrowser(refCardio, TEST_PASSWORD)).client,
  refGrenoble: (await system.signedInBrowser(refGrenoble, TEST_PASSWORD)).client,
  presc: (await system.signedInBrowser(presc, TEST_PASSWORD)).client,
};

/** The typed client of internal tools, with the Référent unité's API key: it must act as she does. */
const { key } = await as.refCardio.auth.createApiKey.mutate({ name: 'Outil', password: TEST_PASSWORD });
const keyClient = createTRPCClient<AppRouter>({
  links: [
    httpLink({
      url: 'http://localhost/trpc',
      fetch: (input, init) => Promise.resolve(system.app.request(String(input), init)),
      headers: { authorization: `Bearer ${key}` },
    }),
  ],
});

const audits = (action: string) =>
  db
    .selectFrom('audit_events')
    .select(['actor_account_id', 'details'])
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .execute();

const establishmentRow = (id: string) =>
  db.selectFrom('establishments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('directory.establishments', () => {
  it('lists what each référent manages; a Référent unité reads her units’ establishment, read only', async () => {
    const mine = await as.refLyon.directory.establishments.query();
    expect(mine.items).toEqual([
      expect.objectContaining({
        id: lyon.id,
        name: 'CHU de Lyon',
        syncState: 'SYNCHRONISED',
        syncedAt: clock.now().toISOString(),
        closed: false,
        may: { edit: true },
      }),
    ]);
    expect(mine.nextCursor).toBeNull();
    const hers = await as.refCardio.directory.establishments.query();
    expect(hers.items.map((e) => [e.id, e.may.edit])).toEqual([[lyon.id, false]]);
    const grenobles = await as.refGrenoble.directory.establishments.query({});
    expect(grenobles.items.map((e) => [e.name, e.syncState])).toEqual([['Clinique de Grenoble', 'NOT_SYNCHRONISED']]);
  });

  it('refuses anyone who is not a référent', async () => {
    expect(await failure(as.presc.directory.establishments.query())).toMatchObject({
      appCode: 'FORBIDDEN',
      status: 403,
    });
    expect(await failure(system.browser().client.directory.establishments.query())).toMatchObject({
      appCode: 'NOT_SIGNED_IN',
    });
  });

  it('lets an administrator search the whole directory by name, FINESS or commune, page by page', async () => {
    for (let i = 0; i < 55; i++)
      await insertEstablishment(db, { name: `Zeta ${String(i).padStart(2, '0')}`, departement: '01' });
    const byName = await as.admin.directory.establishments.query({ query: 'chu lyon' });
    expect(byName.items.map((e) => e.id)).toEqual([lyon.id]);
    const byAccentlessCommune = await as.admin.directory.establishments.query({ query: 'martin d heres' });
    expect(byAccentlessCommune.items.map((e) => e.id)).toEqual([grenoble.id]);
    const finess = (await establishmentRow(grenoble.id)).finess;
    const byFiness = await as.admin.directory.establishments.query({ query: finess.slice(0, 7) });
    expect(byFiness.items.map((e) => e.id)).toContain(grenoble.id);
    const first = await as.admin.directory.establishments.query({ query: 'zeta' });
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    const second = await as.admin.directory.establishments.query({ query: 'zeta', cursor: first.nextCursor });
    expect(second.items.map((e) => e.name)).toEqual(['Zeta 50', 'Zeta 51', 'Zeta 52', 'Zeta 53', 'Zeta 54']);
    expect(second.nextCursor).toBeNull();
    expect(await failure(as.admin.directory.establishments.query({ cursor: 'pas-un-curseur' }))).toMatchObject({
      appCode: 'INVALID_INPUT',
    });
  });
});

describe('directory.establishment and updateEstablishment', () => {
  it('shows the ROR’s fields as read only while synchronised, and what each may do', async () => {
    const page = await as.refLyon.directory.establishment.query({ id: lyon.id });
    expect(page.readOnly).toEqual([...ESTABLISHMENT_ROR_FIELDS]);
    expect(page.may).toEqual({ edit: true, sync: true, manageDesks: true });
    expect((await as.refCardio.directory.establishment.query({ id: lyon.id })).may).toEqual({
      edit: false,
      sync: false,
      manageDesks: false,
    });
    expect((await as.refGrenoble.directory.establishment.query({ id: grenoble.id })).readOnly).toEqual([]);
    expect(await failure(as.refGrenoble.directory.establishment.query({ id: lyon.id }))).toMatchObject({
      appCode: 'FORBIDDEN',
    });
    expect(await failure(as.presc.directory.establishment.query({ id: lyon.id }))).toMatchObject({
      appCode: 'FORBIDDEN',
    });
  });

  it('saves the local fields (several lines) of a synchronised establishment, audited with before and after', async () => {
    const { establishment } = await as.refLyon.directory.establishment.query({ id: lyon.id });
    clock.advance(1_000);
    const description = 'Centre hospitalier universitaire.\nUrgences 24 h/24.';
    const saved = await as.refLyon.directory.updateEstablishment.mutate({
      id: lyon.id,
      expectedUpdatedAt: establishment.updatedAt,
      // The form sends the ROR's fields back unchanged: they do not count as changes.
      changes: { name: establishment.name, description, accessItinerary: 'Tram T2, arrêt Hôpital.' },
    });
    expect(saved).toMatchObject({ description, accessItinerary: 'Tram T2, arrêt Hôpital.', name: 'CHU de Lyon' });
    expect(saved.updatedAt).not.toBe(establishment.updatedAt);
    const [audit] = await audits('DIRECTORY_ESTABLISHMENT_UPDATED');
    expect(audit).toEqual({
      actor_account_id: refLyon.id,
      details: {
        establishmentId: lyon.id,
        before: { description: '', accessItinerary: '' },
        after: { description, accessItinerary: 'Tram T2, arrêt Hôpital.' },
      },
    });
  });

  it('refuses a field of the ROR while synchronised, naming it in French, and writes nothing', async () => {
    const { establishment } = await as.refLyon.directory.establishment.query({ id: lyon.id });
    const refused = await failure(
      as.refLyon.directory.updateEstablishment.mutate({
        id: lyon.id,
        expectedUpdatedAt: establishment.updatedAt,
        changes: { name: 'CHU de Lyon (HCL)', phone: '04 72 00 00 00', description: 'Autre' },
      }),
    );
    expect(refused).toMatchObject({
      appCode: 'DIRECTORY_FIELD_FROM_ROR',
      status: 400,
      message: 'Ces informations viennent du ROR et ne peuvent pas être modifiées ici : Nom, Téléphone.',
      details: { fields: ['name', 'phone'] },
    });
    expect(await establishmentRow(lyon.id)).toMatchObject({
      name: 'CHU de Lyon',
      description: establishment.description,
    });
  });

  it('edits a not synchronised establishment in full', async () => {
    const { establishment } = await as.refGrenoble.directory.establishment.query({ id: grenoble.id });
    const finess = finessWithKey('38999001');
    const saved = await as.refGrenoble.directory.updateEstablishment.mutate({
      id: grenoble.id,
      expectedUpdatedAt: establishment.updatedAt,
      changes: { name: 'Clinique des Alpes', finess, phone: '04 76 00 00 00', postalCode: '38400', email: '' },
    });
    expect(saved).toMatchObject({ name: 'Clinique des Alpes', finess, phone: '04 76 00 00 00', postalCode: '38400' });
    const again = await as.refGrenoble.directory.updateEstablishment.mutate({
      id: grenoble.id,
      expectedUpdatedAt: saved.updatedAt,
      changes: { postalCode: '' },
    });
    expect(again.postalCode).toBeNull();
  });

  it('refuses a change made on a stale record (CONFLICT DIRECTORY_STALE)', async () => {
    const { establishment } = await as.refLyon.directory.establishment.query({ id: lyon.id });
    await as.admin.directory.updateEstablishment.mutate({
      id: lyon.id,
      expectedUpdatedAt: establishment.updatedAt,
      changes: { accessItinerary: 'Par l’entrée nord.' },
    });
    const stale = await failure(
      as.refLyon.directory.updateEstablishment.mutate({
        id: lyon.id,
        expectedUpdatedAt: establishment.updatedAt,
        changes: { description: 'Écrasé ?' },
      }),
    );
    expect(stale).toMatchObject({ appCode: 'DIRECTORY_STALE', status: 409 });
    expect((await establishmentRow(lyon.id)).access_itinerary).toBe('Par l’entrée nord.');
  });

  it('refuses another establishment’s référent, a Référent unité and plain profiles', async () => {
    const { establishment } = await as.admin.directory.establishment.query({ id: lyon.id });
    const input = { id: lyon.id, expectedUpdatedAt: establishment.updatedAt, changes: { description: 'Piraté' } };
    for (const client of [as.refGrenoble, as.refCardio, keyClient, as.presc])
      expect(await failure(client.directory.updateEstablishment.mutate(input))).toMatchObject({
        appCode: 'FORBIDDEN',
        status: 403,
      });
    expect((await establishmentRow(lyon.id)).description).toBe(establishment.description);
  });

  it('refuses control characters in one-line fields, and accepts line breaks in « Descriptif »', async () => {
    const { establishment } = await as.refGrenoble.directory.establishment.query({ id: grenoble.id });
    const refused = await failure(
      as.refGrenoble.directory.updateEstablishment.mutate({
        id: grenoble.id,
        expectedUpdatedAt: establishment.updatedAt,
        changes: { city: 'Grenoble\nCedex' },
      }),
    );
    expect(refused).toMatchObject({ appCode: 'INVALID_INPUT', fieldErrors: { 'changes.city': expect.any(String) } });
  });
});

describe('units', () => {
  it('lists all units to the Référent structure, her own to the Référent unité', async () => {
    const all = await as.refLyon.directory.units.query({ establishmentId: lyon.id });
    expect(all.items.map((u) => [u.name, u.may.edit])).toEqual([
      ['Cardiologie', true],
      ['HAD Lyon Est', true],
    ]);
    const hers = await as.refCardio.directory.units.query({ establishmentId: lyon.id });
    expect(hers.items.map((u) => u.id)).toEqual([cardio.id]);
    expect((await keyClient.directory.units.query({ establishmentId: lyon.id })).items.map((u) => u.id)).toEqual([
      cardio.id,
    ]);
    expect(await failure(as.refCardio.directory.units.query({ establishmentId: grenoble.id }))).toMatchObject({
      appCode: 'FORBIDDEN',
    });
    expect(await failure(as.presc.directory.units.query({ establishmentId: lyon.id }))).toMatchObject({
      appCode: 'FORBIDDEN',
    });
  });

  it('lets the Référent unité edit her unit’s local fields, and keeps them across later changes', async () => {
    const { unit, readOnly, may } = await keyClient.directory.unit.query({ id: cardio.id });
    expect(may.edit).toBe(true);
    expect(readOnly).toEqual(expect.arrayContaining(['name', 'capacity', 'coverage']));
    expect(readOnly).not.toContain('description');
    const first = await as.refCardio.directory.updateUnit.mutate({
      id: cardio.id,
      expectedUpdatedAt: unit.updatedAt,
      changes: {
        internalCode: 'CARD-1',
        description: 'Soins intensifs\net rythmologie.',
        pathologies: ['Insuffisance cardiaque'],
      },
    });
    const second = await keyClient.directory.updateUnit.mutate({
      id: cardio.id,
      expectedUpdatedAt: first.updatedAt,
      changes: { filiere: 'Cardiologie', localResources: ['Télémétrie'] },
    });
    expect(second).toMatchObject({
      internalCode: 'CARD-1',
      description: 'Soins intensifs\net rythmologie.',
      pathologies: ['Insuffisance cardiaque'],
      filiere: 'Cardiologie',
      localResources: ['Télémétrie'],
    });
    const [audit] = await audits('DIRECTORY_UNIT_UPDATED');
    expect(audit?.details).toEqual({
      establishmentId: lyon.id,
      unitId: cardio.id,
      before: { filiere: '', localResources: [] },
      after: { filiere: 'Cardiologie', localResources: ['Télémétrie'] },
    });
  });

  it('refuses the Référent unité another unit, and a field of the ROR to anyone while synchronised', async () => {
    expect(await failure(as.refCardio.directory.unit.query({ id: had.id }))).toMatchObject({ appCode: 'FORBIDDEN' });
    const { unit } = await as.refLyon.directory.unit.query({ id: had.id });
    for (const client of [as.refCardio, keyClient, as.refGrenoble, as.presc])
      expect(
        await failure(
          client.directory.updateUnit.mutate({
            id: had.id,
            expectedUpdatedAt: unit.updatedAt,
            changes: { filiere: 'X' },
          }),
        ),
      ).toMatchObject({ appCode: 'FORBIDDEN' });
    const ror = await failure(
      as.refLyon.directory.updateUnit.mutate({
        id: had.id,
        expectedUpdatedAt: unit.updatedAt,
        changes: { capacity: 40, name: 'HAD Est' },
      }),
    );
    expect(ror).toMatchObject({
      appCode: 'DIRECTORY_FIELD_FROM_ROR',
      message: 'Ces informations viennent du ROR et ne peuvent pas être modifiées ici : Nom, Capacité.',
      details: { fields: ['name', 'capacity'] },
    });
  });

  it('takes a geographic coverage for HAD units only, each entry a commune or postal code', async () => {
    const hadUnit = (await as.refLyon.directory.unit.query({ id: had.id })).unit;
    const saved = await as.refLyon.directory.updateUnit.mutate({
      id: had.id,
      expectedUpdatedAt: hadUnit.updatedAt,
      changes: { coverage: ['69003', '69100', '2a004'] },
    });
    expect(saved.coverage).toEqual(['69003', '69100', '2A004']);
    const bad = await failure(
      as.refLyon.directory.updateUnit.mutate({
        id: had.id,
        expectedUpdatedAt: saved.updatedAt,
        changes: { coverage: ['Lyon'] },
      }),
    );
    expect(bad).toMatchObject({ appCode: 'INVALID_INPUT', fieldErrors: { 'changes.coverage.0': expect.any(String) } });
    const mco = (await as.refLyon.directory.unit.query({ id: cardio.id })).unit;
    const notHad = await failure(
      as.refLyon.directory.updateUnit.mutate({
        id: cardio.id,
        expectedUpdatedAt: mco.updatedAt,
        changes: { coverage: ['69003'] },
      }),
    );
    expect(notHad).toMatchObject({ appCode: 'INVALID_INPUT', details: { fields: ['coverage'] } });
  });

  it('edits every field of a unit of a not synchronised establishment', async () => {
    const { unit, readOnly } = await as.refGrenoble.directory.unit.query({ id: grenobleUnit.id });
    expect(readOnly).toEqual(['coverage']);
    const saved = await as.refGrenoble.directory.updateUnit.mutate({
      id: grenobleUnit.id,
      expectedUpdatedAt: unit.updatedAt,
      changes: {
        name: 'SMR polyvalent',
        kind: 'SMR',
        capacity: 30,
        capacityUnit: 'BEDS',
        careModes: ['Hospitalisation complète'],
      },
    });
    expect(saved).toMatchObject({ name: 'SMR polyvalent', kind: 'SMR', capacity: 30, capacityUnit: 'BEDS' });
    const stale = await failure(
      as.refGrenoble.directory.updateUnit.mutate({
        id: grenobleUnit.id,
        expectedUpdatedAt: unit.updatedAt,
        changes: { description: 'Tard' },
      }),
    );
    expect(stale).toMatchObject({ appCode: 'DIRECTORY_STALE', status: 409 });
  });
});

describe('admission desks', () => {
  it('are created, renamed and closed by the Référent structure, each change audited', async () => {
    const desk = await as.refLyon.directory.createDesk.mutate({ establishmentId: lyon.id, name: 'Bureau des entrées' });
    expect(desk).toMatchObject({ name: 'Bureau des entrées', closed: false });
    const taken = await failure(
      as.refLyon.directory.createDesk.mutate({ establishmentId: lyon.id, name: ' bureau des entrées ' }),
    );
    expect(taken).toMatchObject({ appCode: 'CONFLICT' });
    const renamed = await as.refLyon.directory.renameDesk.mutate({ id: desk.id, name: 'Admissions' });
    expect(renamed.name).toBe('Admissions');
    const closed = await as.refLyon.directory.closeDesk.mutate({ id: desk.id });
    expect(closed.closed).toBe(true);
    expect(await failure(as.refLyon.directory.renameDesk.mutate({ id: desk.id, name: 'Encore' }))).toMatchObject({
      appCode: 'DIRECTORY_CLOSED',
    });
    const listed = await as.refLyon.directory.desks.query({ establishmentId: lyon.id });
    expect(listed.items.find((d) => d.id === desk.id)).toMatchObject({ closed: true, name: 'Admissions' });
    expect((await audits('DIRECTORY_DESK_CREATED'))[0]?.details).toMatchObject({
      deskId: desk.id,
      after: { name: 'Bureau des entrées' },
    });
    expect((await audits('DIRECTORY_DESK_RENAMED'))[0]?.details).toMatchObject({
      before: { name: 'Bureau des entrées' },
      after: { name: 'Admissions' },
    });
    expect((await audits('DIRECTORY_DESK_CLOSED'))[0]?.details).toMatchObject({ before: { closedAt: null } });
  });

  it('are refused to a Référent unité, another establishment’s référent and plain profiles', async () => {
    const desk = await as.admin.directory.createDesk.mutate({ establishmentId: lyon.id, name: 'Guichet SMR' });
    for (const client of [as.refCardio, keyClient, as.refGrenoble, as.presc]) {
      expect(await failure(client.directory.desks.query({ establishmentId: lyon.id }))).toMatchObject({
        appCode: 'FORBIDDEN',
      });
      expect(
        await failure(client.directory.createDesk.mutate({ establishmentId: lyon.id, name: 'Pirate' })),
      ).toMatchObject({ appCode: 'FORBIDDEN' });
      expect(await failure(client.directory.renameDesk.mutate({ id: desk.id, name: 'Pirate' }))).toMatchObject({
        appCode: 'FORBIDDEN',
      });
      expect(await failure(client.directory.closeDesk.mutate({ id: desk.id }))).toMatchObject({ appCode: 'FORBIDDEN' });
    }
    const stored = await db
      .selectFrom('admission_desks')
      .selectAll()
      .where('id', '=', desk.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ name: 'Guichet SMR', closed_at: null });
  });
});

describe('closed units', () => {
  it('are read only, keep their habilitations in the review (marked closed) and receive no new one', async () => {
    const closing = await insertUnit(db, lyon.id, 'Pneumologie');
    const holder = await insertAccount(db, { attachedTo: { establishmentId: lyon.id } });
    await insertHabilitation(db, {
      accountId: holder.id,
      profile: 'EQUIPE_SOIGNANTE',
      establishmentId: lyon.id,
      unitId: closing.id,
    });
    await db.updateTable('units').set({ closed_at: clock.now() }).where('id', '=', closing.id).execute();

    const listed = await as.refLyon.directory.units.query({ establishmentId: lyon.id });
    expect(listed.items.find((u) => u.id === closing.id)).toMatchObject({ closed: true, may: { edit: false } });
    const { unit, may } = await as.refLyon.directory.unit.query({ id: closing.id });
    expect(may.edit).toBe(false);
    expect(
      await failure(
        as.refLyon.directory.updateUnit.mutate({
          id: closing.id,
          expectedUpdatedAt: unit.updatedAt,
          changes: { description: 'Fermée' },
        }),
      ),
    ).toMatchObject({ appCode: 'DIRECTORY_CLOSED' });

    const review = await as.refLyon.habilitations.review.query({
      domain: 'SANITAIRE',
      departement: '69',
      establishmentId: lyon.id,
      unitId: closing.id,
    });
    expect(review.rows.map((r) => [r.accountId, r.unitName, r.unitClosed])).toEqual([[holder.id, 'Pneumologie', true]]);
    const structures = await as.refLyon.habilitations.structures.query();
    expect(structures[0]?.units.find((u) => u.id === closing.id)).toMatchObject({ closed: true });

    const newcomer = await insertAccount(db, { attachedTo: { establishmentId: lyon.id } });
    const refused = await failure(
      as.refLyon.habilitations.grant.mutate({
        accountIds: [newcomer.id],
        profile: 'EQUIPE_SOIGNANTE',
        domain: 'SANITAIRE',
        level: 'UNIT',
        establishmentId: lyon.id,
        unitIds: [cardio.id, closing.id],
      }),
    );
    expect(refused).toMatchObject({
      appCode: 'DIRECTORY_CLOSED',
      message: "L'unité « Pneumologie » est fermée : aucune nouvelle habilitation ne peut y être attribuée.",
    });
    const granted = await db.selectFrom('habilitations').select('id').where('account_id', '=', newcomer.id).execute();
    expect(granted).toEqual([]);

    // Nor a new account attached to it.
    const email = 'rattache.ferme@hopital.test';
    const attached = await failure(
      as.refLyon.accounts.create.mutate({
        data: { lastName: 'Fermé', firstName: 'Rattaché', email, phone: '', mobile: '', profession: '' },
        place: { establishmentId: lyon.id, unitId: closing.id },
      }),
    );
    expect(attached).toMatchObject({ appCode: 'DIRECTORY_CLOSED' });
    expect(await db.selectFrom('accounts').select('id').where('email', '=', email).execute()).toEqual([]);
  });

  it('a closed admission desk receives no new habilitation either', async () => {
    const desk = await as.refLyon.directory.createDesk.mutate({ establishmentId: lyon.id, name: 'Guichet fermé' });
    await as.refLyon.directory.closeDesk.mutate({ id: desk.id });
    const newcomer = await insertAccount(db, { attachedTo: { establishmentId: lyon.id } });
    const refused = await failure(
      as.refLyon.habilitations.grant.mutate({
        accountIds: [newcomer.id],
        profile: 'RESPONSABLE_ADMISSIONS',
        domain: 'SANITAIRE',
        level: 'ADMISSION_DESK',
        establishmentId: lyon.id,
        admissionDeskId: desk.id,
      }),
    );
    expect(refused).toMatchObject({ appCode: 'DIRECTORY_CLOSED' });
  });
});
