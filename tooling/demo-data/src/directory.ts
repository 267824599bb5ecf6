import type { DB } from '@trajectoire/db';
import type { Transaction } from 'kysely';
import type { DirectoryEstablishment } from './dataset';

/** Establishments per statement: 9 parameters each, far below Postgres's 65,535. */
const ESTABLISHMENT_BATCH = 1_000;
/** Units or desks per statement (3 or 2 parameters each). */
const CHILD_BATCH = 10_000;

/**
 * Writes the establishments a database lacks, with their units and desks, in multi-row
 * statements. An establishment is known by its FINESS: one already there is left as it is,
 * units included, so writing the same directory twice adds nothing. `onBatch` hears how many
 * of `establishments` have been handled so far; the result is how many were added.
 */
export async function writeDirectory(
  trx: Transaction<DB>,
  establishments: readonly DirectoryEstablishment[],
  onBatch: (handled: number) => void = () => {},
): Promise<number> {
  let added = 0;
  let handled = 0;
  for (const batch of chunks(establishments, ESTABLISHMENT_BATCH)) {
    const inserted = await trx
      .insertInto('establishments')
      .values(
        batch.map((e) => ({
          finess: e.finess,
          name: e.name,
          departement: e.departement,
          category: e.category,
          address: e.address,
          postal_code: e.postalCode,
          city: e.city,
          phone: e.phone,
          email: e.email,
        })),
      )
      .onConflict((oc) => oc.column('finess').doNothing())
      .returning(['id', 'finess'])
      .execute();
    const idByFiness = new Map(inserted.map((row) => [row.finess, row.id]));
    const fresh = batch.filter((e) => idByFiness.has(e.finess));
    const id = (e: DirectoryEstablishment) => idByFiness.get(e.finess) as string;
    const units = fresh.flatMap((e) => e.units.map((u) => ({ establishment_id: id(e), name: u.name, kind: u.kind })));
    for (const rows of chunks(units, CHILD_BATCH)) await trx.insertInto('units').values(rows).execute();
    const desks = fresh.flatMap((e) => e.desks.map((d) => ({ establishment_id: id(e), name: d.name })));
    for (const rows of chunks(desks, CHILD_BATCH)) await trx.insertInto('admission_desks').values(rows).execute();
    added += fresh.length;
    handled += batch.length;
    onBatch(handled);
  }
  return added;
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
