import type { DB } from '@trajectoire/db';
import type { Domain, Level, ProfileCode } from '@trajectoire/domain';
import { sql, type Transaction } from 'kysely';

/** The password every demo account shares, printed by `npm start` and the README. */
export const DEMO_PASSWORD = 'Trajectoire-Demo-2026!';

export interface DemoHabilitation {
  profile: ProfileCode;
  domain: Domain;
  level: Level;
  /** Keys of the demo directory (dataset.ts). */
  establishment: string;
  unit?: string;
  desk?: string;
}

export interface DemoAccount {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  profession: string;
  nationalAdmin?: boolean;
  habilitations: DemoHabilitation[];
}

/** The demo accounts listed in the README; all share DEMO_PASSWORD. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'demo.admin',
    firstName: 'Alice',
    lastName: 'Martin',
    email: 'alice.martin@trajectoire.demo',
    profession: 'Administratrice nationale',
    nationalAdmin: true,
    habilitations: [],
  },
  {
    username: 'demo.ref.structure',
    firstName: 'Bruno',
    lastName: 'Lefèvre',
    email: 'bruno.lefevre@chu-lyon.demo',
    profession: 'Cadre de santé',
    habilitations: [
      { profile: 'REFERENT_STRUCTURE', domain: 'SANITAIRE', level: 'ESTABLISHMENT', establishment: 'chu-lyon' },
    ],
  },
  {
    username: 'demo.ref.unite',
    firstName: 'Chloé',
    lastName: 'Dubois',
    email: 'chloe.dubois@chu-lyon.demo',
    profession: 'Cadre de santé',
    habilitations: [
      {
        profile: 'REFERENT_UNITE',
        domain: 'SANITAIRE',
        level: 'UNIT',
        establishment: 'chu-lyon',
        unit: 'chu-lyon-smr',
      },
    ],
  },
  {
    username: 'demo.prescripteur',
    firstName: 'David',
    lastName: 'Moreau',
    email: 'david.moreau@chu-lyon.demo',
    profession: 'Médecin',
    habilitations: [
      {
        profile: 'PRESCRIPTEUR_MEDICAL',
        domain: 'SANITAIRE',
        level: 'UNIT',
        establishment: 'chu-lyon',
        unit: 'chu-lyon-cardio',
      },
      { profile: 'PRESCRIPTEUR_MEDICAL', domain: 'GRAND_AGE', level: 'ESTABLISHMENT', establishment: 'chu-lyon' },
    ],
  },
  {
    username: 'demo.admissions',
    firstName: 'Émilie',
    lastName: 'Garnier',
    email: 'emilie.garnier@clinique-alpes.demo',
    profession: 'Secrétaire médicale',
    habilitations: [
      {
        profile: 'RESPONSABLE_ADMISSIONS',
        domain: 'SANITAIRE',
        level: 'UNIT',
        establishment: 'clinique-grenoble',
        unit: 'grenoble-smr-neuro',
      },
      {
        profile: 'RESPONSABLE_ADMISSIONS',
        domain: 'SANITAIRE',
        level: 'ADMISSION_DESK',
        establishment: 'clinique-grenoble',
        desk: 'grenoble-guichet',
      },
    ],
  },
];

/**
 * Inserts the demo accounts the database lacks (known by username), with `passwordHash`, the
 * hash of DEMO_PASSWORD that the caller computed. Returns the new accounts' ids by username.
 */
export async function writeDemoAccounts(trx: Transaction<DB>, passwordHash: string): Promise<Map<string, string>> {
  const present = await trx
    .selectFrom('accounts')
    .select('username')
    .where(
      'username',
      'in',
      DEMO_ACCOUNTS.map((a) => a.username),
    )
    .execute();
  const known = new Set(present.map((row) => row.username));
  const missing = DEMO_ACCOUNTS.filter((a) => !known.has(a.username));
  if (missing.length === 0) return new Map();
  const rows = await trx
    .insertInto('accounts')
    .values(
      missing.map((a) => ({
        username: a.username,
        first_name: a.firstName,
        last_name: a.lastName,
        email: a.email,
        profession: a.profession,
        national_admin: a.nationalAdmin ?? false,
        password_hash: passwordHash,
        // The transaction's time: the password is as fresh as the seed, never already expired.
        password_changed_at: sql<Date>`now()`,
      })),
    )
    .returning(['id', 'username'])
    .execute();
  return new Map(rows.map((row) => [row.username, row.id]));
}
