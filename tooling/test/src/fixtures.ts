import { hashPassword } from '@trajectoire/core';
import type { Database } from '@trajectoire/db';
import { type Domain, finessWithKey, type Level, type ProfileCode } from '@trajectoire/domain';

export const TEST_PASSWORD = 'Un-Mot-De-Passe-Solide-2026!';
let passwordHash: Promise<string> | undefined;
let counter = 0;

function next(): number {
  counter += 1;
  return counter;
}

export async function insertEstablishment(db: Database, values: { name?: string; departement?: string } = {}) {
  const n = next();
  const departement = values.departement ?? '69';
  const first8 = `${departement.padStart(2, '0').slice(0, 2)}${String(100000 + n).slice(-6)}`;
  return db
    .insertInto('establishments')
    .values({
      finess: finessWithKey(first8),
      name: values.name ?? `Établissement ${n}`,
      departement,
      category: 'Centre hospitalier',
    })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
}

export async function insertUnit(db: Database, establishmentId: string, name = `Unité ${next()}`) {
  return db
    .insertInto('units')
    .values({ establishment_id: establishmentId, name, kind: 'MCO' })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
}

export async function insertAccount(
  db: Database,
  values: {
    username?: string;
    email?: string;
    nationalAdmin?: boolean;
    password?: string;
    /** Where a référent created it: puts it in that place's référents' scope. */
    attachedTo?: { establishmentId: string; unitId?: string };
  } = {},
) {
  const n = next();
  const username = values.username ?? `user.${n}`;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = values.password ? await hashPassword(values.password) : await passwordHash;
  return db
    .insertInto('accounts')
    .values({
      username,
      first_name: 'Prénom',
      last_name: `Nom${n}`,
      email: values.email ?? `${username}@example.test`,
      national_admin: values.nationalAdmin ?? false,
      password_hash: hash,
      password_changed_at: new Date(),
    })
    .returning(['id', 'username', 'email'])
    .executeTakeFirstOrThrow()
    .then(async (account) => {
      if (values.attachedTo) {
        await db
          .insertInto('account_attachments')
          .values({
            account_id: account.id,
            establishment_id: values.attachedTo.establishmentId,
            unit_id: values.attachedTo.unitId ?? null,
            created_at: new Date(),
          })
          .execute();
      }
      return account;
    });
}

export async function insertHabilitation(
  db: Database,
  values: {
    accountId: string;
    profile: ProfileCode;
    establishmentId: string;
    unitId?: string;
    level?: Level;
    domain?: Domain;
    startsOn?: string;
    endsOn?: string;
  },
) {
  return db
    .insertInto('habilitations')
    .values({
      account_id: values.accountId,
      profile: values.profile,
      domain: values.domain ?? 'SANITAIRE',
      level: values.level ?? (values.unitId ? 'UNIT' : 'ESTABLISHMENT'),
      establishment_id: values.establishmentId,
      unit_id: values.unitId ?? null,
      starts_on: values.startsOn ?? '2026-01-01',
      ends_on: values.endsOn ?? '2030-12-31',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}
