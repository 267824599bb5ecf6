import { expect } from 'vitest';
import type { MatrixKit, Outcome } from './matrix-kit';
import { ACTORS, type ActorName, type Person, personOf } from './world';

/**
 * The ROR sync's part of the scope matrix (`rorSync.*`): a FULL or DELTA run is a national
 * administrator's; an establishment's run is also its Référent structure's, who reads her
 * establishments' runs only; a Référent unité and plain profiles nothing.
 */

type EstablishmentName = 'A' | 'B';
const ESTABLISHMENTS: readonly EstablishmentName[] = ['A', 'B'];
const SYNCERS: Record<EstablishmentName, readonly Person[]> = { A: ['admin', 'refA'], B: ['admin', 'refB'] };
const RUN_READERS: readonly Person[] = ['admin', 'refA', 'refB'];

export function addRorSyncRows(kit: MatrixKit): void {
  const { world, row, attempt, clientOf, signedIn } = kit;
  const { db } = kit.system;
  const person = (actor: ActorName) => personOf(actor) as Person;
  const among = (actor: ActorName, people: readonly Person[], otherwise: Outcome = 'FORBIDDEN'): Outcome =>
    signedIn(actor, () => (people.includes(person(actor)) ? 'OK' : otherwise));
  /** A run that started ends at once: the next row may start one again. */
  const settle = (runId: string) =>
    db.updateTable('ror_sync_runs').set({ state: 'SUCCEEDED' }).where('id', '=', runId).execute();
  const runOf = async (kind: 'FULL' | 'ESTABLISHMENT', establishment?: EstablishmentName) => {
    const { id } = await db
      .insertInto('ror_sync_runs')
      .values({
        kind,
        state: 'SUCCEEDED',
        establishment_id: establishment ? world.establishments[establishment].id : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  };

  for (const actor of ACTORS) {
    const expected = among(actor, ['admin']);
    row('rorSync.start', actor, 'a full load', expected, async () => {
      const started = await attempt(() => clientOf(actor).rorSync.start.mutate({ kind: 'FULL' }), expected, {
        mutation: true,
      });
      if (started) await settle(started.runId);
    });
  }

  for (const actor of ACTORS)
    for (const name of ESTABLISHMENTS) {
      const expected = among(actor, SYNCERS[name]);
      row('rorSync.startEstablishment', actor, name, expected, async () => {
        const establishmentId = world.establishments[name].id;
        const started = await attempt(
          () => clientOf(actor).rorSync.startEstablishment.mutate({ establishmentId }),
          expected,
          { mutation: true },
        );
        if (started) {
          const run = await db
            .selectFrom('ror_sync_runs')
            .select(['kind', 'establishment_id'])
            .where('id', '=', started.runId)
            .executeTakeFirstOrThrow();
          expect(run).toEqual({ kind: 'ESTABLISHMENT', establishment_id: establishmentId });
          await settle(started.runId);
        }
      });
    }

  for (const actor of ACTORS) {
    const expected = among(actor, RUN_READERS);
    row('rorSync.runs', actor, 'the runs one may read', expected, async () => {
      const listed = await attempt(() => clientOf(actor).rorSync.runs.query(), expected, { mutation: false });
      if (!listed) return;
      const places = new Set(listed.items.map((r) => r.establishmentId));
      if (person(actor) === 'admin') return;
      // A Référent structure sees her establishment's runs, and no FULL or DELTA run.
      const own = person(actor) === 'refA' ? world.establishments.A.id : world.establishments.B.id;
      expect([...places].every((id) => id === own)).toBe(true);
    });
  }

  for (const actor of ACTORS)
    for (const target of ['a full load', 'A', 'B'] as const) {
      const readers = target === 'a full load' ? ['admin' as const] : SYNCERS[target];
      const expected = among(actor, readers, 'NOT_FOUND');
      row('rorSync.run', actor, target, expected, async () => {
        const id = target === 'a full load' ? await runOf('FULL') : await runOf('ESTABLISHMENT', target);
        const run = await attempt(() => clientOf(actor).rorSync.run.query({ id }), expected, { mutation: false });
        if (run) expect(run.id).toBe(id);
      });
    }
}
