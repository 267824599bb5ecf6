import { expect } from 'vitest';
import type { MatrixKit, Outcome } from './matrix-kit';
import { ACTORS, type ActorName, type Person, personOf } from './world';

/**
 * The directory's part of the scope matrix (`directory.*`): an administrator everything; a
 * Référent structure its establishment, its units and its desks; a Référent unité reads her
 * units' establishment and edits her units only (never the establishment, never its desks);
 * anyone else nothing.
 */

type EstablishmentName = 'A' | 'B';
type UnitName = 'A1' | 'A2' | 'B1';

/** Who reads an establishment's record and its units list. */
const READERS: Record<EstablishmentName, readonly Person[]> = {
  A: ['admin', 'refA', 'refA2'],
  B: ['admin', 'refB'],
};
/** Who changes an establishment's record and manages its admission desks. */
const EDITORS: Record<EstablishmentName, readonly Person[]> = { A: ['admin', 'refA'], B: ['admin', 'refB'] };
/** Who reads and changes a unit. */
const UNIT_EDITORS: Record<UnitName, readonly Person[]> = {
  A1: ['admin', 'refA'],
  A2: ['admin', 'refA', 'refA2'],
  B1: ['admin', 'refB'],
};
/** What « Etablissements » lists to each (with `may.edit`), and the units each sees in « Unités de soins ». */
const LISTED: Record<Person, 'FORBIDDEN' | Partial<Record<EstablishmentName, { edit: boolean; units: UnitName[] }>>> = {
  admin: { A: { edit: true, units: ['A1', 'A2'] }, B: { edit: true, units: ['B1'] } },
  refA: { A: { edit: true, units: ['A1', 'A2'] } },
  refA2: { A: { edit: false, units: ['A2'] } },
  presc: 'FORBIDDEN',
  admissions: 'FORBIDDEN',
  refB: { B: { edit: true, units: ['B1'] } },
};

const ESTABLISHMENTS: readonly EstablishmentName[] = ['A', 'B'];
const UNITS: readonly UnitName[] = ['A1', 'A2', 'B1'];

export function addDirectoryRows(kit: MatrixKit): void {
  const { world, row, attempt, clientOf, signedIn, next } = kit;
  const { db } = kit.system;
  const person = (actor: ActorName) => personOf(actor) as Person;
  const among = (actor: ActorName, people: readonly Person[]): Outcome =>
    signedIn(actor, () => (people.includes(person(actor)) ? 'OK' : 'FORBIDDEN'));
  const establishmentId = (name: EstablishmentName) => world.establishments[name].id;
  const unitId = (name: UnitName) => world.units[name].id;
  const unitNames = (names: UnitName[]) => names.map((n) => world.units[n].name).sort();
  const version = async (table: 'establishments' | 'units', id: string) =>
    (
      await db.selectFrom(table).select('updated_at').where('id', '=', id).executeTakeFirstOrThrow()
    ).updated_at.toISOString();
  const lastAudit = (action: string) =>
    db
      .selectFrom('audit_events')
      .select(['actor_account_id', 'details'])
      .where('action', '=', action)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  const freshDesk = async () =>
    db
      .insertInto('admission_desks')
      .values({ establishment_id: establishmentId('A'), name: `Guichet ${next()}` })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();

  for (const actor of ACTORS) {
    const listed = signedIn(actor, () => (LISTED[person(actor)] === 'FORBIDDEN' ? 'FORBIDDEN' : 'OK'));
    row('directory.establishments', actor, 'those managed', listed, async () => {
      const page = await attempt(() => clientOf(actor).directory.establishments.query(), listed, { mutation: false });
      if (!page) return;
      const expected = LISTED[person(actor)] as Exclude<(typeof LISTED)[Person], 'FORBIDDEN'>;
      const seen = page.items
        .filter((e) => ESTABLISHMENTS.some((n) => establishmentId(n) === e.id))
        .map((e) => [e.id, e.may.edit]);
      expect(seen).toEqual(
        (Object.entries(expected) as [EstablishmentName, { edit: boolean }][]).map(([n, e]) => [
          establishmentId(n),
          e.edit,
        ]),
      );
      // Only the establishments one manages: none but A and B exist in this world.
      if (person(actor) !== 'admin') expect(page.items).toHaveLength(seen.length);
    });
  }

  for (const actor of ACTORS)
    for (const target of ESTABLISHMENTS) {
      const read = among(actor, READERS[target]);
      row('directory.establishment', actor, target, read, async () => {
        const page = await attempt(
          () => clientOf(actor).directory.establishment.query({ id: establishmentId(target) }),
          read,
          { mutation: false },
        );
        if (!page) return;
        const edit = EDITORS[target].includes(person(actor));
        expect(page.establishment.id).toBe(establishmentId(target));
        expect(page.may).toEqual({ edit, sync: edit, manageDesks: edit });
      });

      row('directory.units', actor, target, read, async () => {
        const page = await attempt(
          () => clientOf(actor).directory.units.query({ establishmentId: establishmentId(target) }),
          read,
          { mutation: false },
        );
        if (!page) return;
        const expected = (LISTED[person(actor)] as Record<EstablishmentName, { units: UnitName[] }>)[target];
        expect(page.items.map((u) => u.name).sort()).toEqual(unitNames(expected.units));
        expect(page.items.every((u) => u.may.edit)).toBe(true);
      });

      const edit = among(actor, EDITORS[target]);
      row('directory.updateEstablishment', actor, target, edit, async () => {
        const id = establishmentId(target);
        const description = `Descriptif ${next()}`;
        const input = { id, expectedUpdatedAt: await version('establishments', id), changes: { description } };
        const saved = await attempt(() => clientOf(actor).directory.updateEstablishment.mutate(input), edit, {
          mutation: true,
        });
        if (!saved) return;
        expect(saved.description).toBe(description);
        const audit = await lastAudit('DIRECTORY_ESTABLISHMENT_UPDATED');
        expect(audit).toMatchObject({
          actor_account_id: world.people[person(actor)].account.id,
          details: { establishmentId: id, after: { description } },
        });
      });

      row('directory.desks', actor, target, edit, async () => {
        const page = await attempt(
          () => clientOf(actor).directory.desks.query({ establishmentId: establishmentId(target) }),
          edit,
          { mutation: false },
        );
        if (page && target === 'A') expect(page.items.map((d) => d.id)).toContain(world.deskA.id);
      });

      row('directory.createDesk', actor, target, edit, async () => {
        const name = `Guichet ${next()}`;
        const input = { establishmentId: establishmentId(target), name };
        const desk = await attempt(() => clientOf(actor).directory.createDesk.mutate(input), edit, { mutation: true });
        if (!desk) return;
        expect(desk).toMatchObject({ name, closed: false, establishmentId: establishmentId(target) });
        // Undone at once: the desks a structure has decide what « structures » offers.
        await db.deleteFrom('admission_desks').where('id', '=', desk.id).execute();
      });
    }

  for (const actor of ACTORS)
    for (const target of UNITS) {
      const edit = among(actor, UNIT_EDITORS[target]);
      row('directory.unit', actor, target, edit, async () => {
        const page = await attempt(() => clientOf(actor).directory.unit.query({ id: unitId(target) }), edit, {
          mutation: false,
        });
        if (page) expect(page).toMatchObject({ unit: { id: unitId(target) }, may: { edit: true } });
      });

      row('directory.updateUnit', actor, target, edit, async () => {
        const id = unitId(target);
        const description = `Unité ${next()}`;
        const input = { id, expectedUpdatedAt: await version('units', id), changes: { description } };
        const saved = await attempt(() => clientOf(actor).directory.updateUnit.mutate(input), edit, { mutation: true });
        if (!saved) return;
        expect(saved.description).toBe(description);
        expect(await lastAudit('DIRECTORY_UNIT_UPDATED')).toMatchObject({
          actor_account_id: world.people[person(actor)].account.id,
          details: { unitId: id, after: { description } },
        });
      });
    }

  for (const actor of ACTORS) {
    const edit = among(actor, EDITORS.A);
    row('directory.renameDesk', actor, 'a desk of A', edit, async () => {
      const desk = await freshDesk();
      const name = `Renommé ${next()}`;
      const renamed = await attempt(() => clientOf(actor).directory.renameDesk.mutate({ id: desk.id, name }), edit, {
        mutation: true,
      });
      const stored = await db.selectFrom('admission_desks').select('name').where('id', '=', desk.id).executeTakeFirst();
      expect(stored?.name).toBe(renamed ? name : desk.name);
      await db.deleteFrom('admission_desks').where('id', '=', desk.id).execute();
    });

    row('directory.closeDesk', actor, 'a desk of A', edit, async () => {
      const desk = await freshDesk();
      const closed = await attempt(() => clientOf(actor).directory.closeDesk.mutate({ id: desk.id }), edit, {
        mutation: true,
      });
      const stored = await db
        .selectFrom('admission_desks')
        .select('closed_at')
        .where('id', '=', desk.id)
        .executeTakeFirst();
      expect(stored?.closed_at === null).toBe(!closed);
      await db.deleteFrom('admission_desks').where('id', '=', desk.id).execute();
    });
  }
}
