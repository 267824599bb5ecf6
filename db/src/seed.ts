import { type Domain, defaultPrivileges, finessWithKey, type Level, type ProfileCode } from '@trajectoire/domain';
import type { Database } from './connection';

export const DEMO_PASSWORD = 'Trajectoire-Demo-2026!';

/** Habilitations of the demo run from this day for five years (the maximum). */
const STARTS_ON = '2026-01-05';
const ENDS_ON = '2031-01-04';

interface EstablishmentSeed {
  key: string;
  finess8: string;
  name: string;
  departement: string;
  category: string;
  city: string;
  postalCode: string;
  units: { key: string; name: string; kind: string }[];
  desks: { key: string; name: string }[];
}

const ESTABLISHMENTS: EstablishmentSeed[] = [
  {
    key: 'chu-lyon',
    finess8: '69078181',
    name: 'Centre hospitalier universitaire de Lyon',
    departement: '69',
    category: 'Centre hospitalier régional',
    city: 'Lyon',
    postalCode: '69003',
    units: [
      { key: 'chu-lyon-cardio', name: 'Cardiologie', kind: 'MCO' },
      { key: 'chu-lyon-neuro', name: 'Neurologie', kind: 'MCO' },
      { key: 'chu-lyon-geriatrie', name: 'Gériatrie aiguë', kind: 'MCO' },
      { key: 'chu-lyon-smr', name: 'SMR polyvalent', kind: 'SMR' },
      { key: 'chu-lyon-palliatif', name: 'Unité de soins palliatifs', kind: 'SOINS_PALLIATIFS' },
    ],
    desks: [{ key: 'chu-lyon-guichet', name: 'Guichet unique SMR/HAD' }],
  },
  {
    key: 'clinique-grenoble',
    finess8: '38078001',
    name: 'Clinique des Alpes — Soins médicaux et de réadaptation',
    departement: '38',
    category: 'Établissement de SMR',
    city: 'Grenoble',
    postalCode: '38000',
    units: [
      { key: 'grenoble-smr-neuro', name: 'SMR neurologique', kind: 'SMR' },
      { key: 'grenoble-smr-loco', name: 'SMR locomoteur', kind: 'SMR' },
    ],
    desks: [{ key: 'grenoble-guichet', name: "Guichet d'admission SMR" }],
  },
  {
    key: 'had-isere',
    finess8: '38001234',
    name: 'HAD Isère Santé',
    departement: '38',
    category: 'Hospitalisation à domicile',
    city: 'Voiron',
    postalCode: '38500',
    units: [{ key: 'had-isere-adultes', name: 'HAD adultes', kind: 'HAD' }],
    desks: [],
  },
  {
    key: 'ehpad-annecy',
    finess8: '74001111',
    name: 'EHPAD Les Tilleuls',
    departement: '74',
    category: 'EHPAD',
    city: 'Annecy',
    postalCode: '74000',
    units: [
      { key: 'annecy-ehpad', name: 'Hébergement permanent', kind: 'EHPAD' },
      { key: 'annecy-usld', name: 'Unité de soins de longue durée', kind: 'USLD' },
    ],
    desks: [],
  },
];

interface AccountSeed {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  profession: string;
  nationalAdmin?: boolean;
  habilitations: {
    profile: ProfileCode;
    domain: Domain;
    level: Level;
    establishment: string;
    unit?: string;
    desk?: string;
  }[];
}

/** The demo accounts listed in the README; all share DEMO_PASSWORD. */
export const DEMO_ACCOUNTS: AccountSeed[] = [
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

export type SeedProgress = (done: number, total: number, label: string) => void;

/** True once the demo data is in: seeding runs once per database. */
export async function isSeeded(db: Database): Promise<boolean> {
  const row = await db.selectFrom('accounts').select('id').where('username', '=', 'demo.admin').executeTakeFirst();
  return row !== undefined;
}

/**
 * Inserts the deterministic demo data in one transaction. `passwordHash` is the hash of
 * DEMO_PASSWORD, computed by the caller (hashing is the application's business, not the schema's).
 */
export async function seedDemoData(
  db: Database,
  passwordHash: string,
  progress: SeedProgress = () => {},
): Promise<void> {
  const total = ESTABLISHMENTS.length + DEMO_ACCOUNTS.length;
  let done = 0;
  await db.transaction().execute(async (trx) => {
    const ids = new Map<string, string>();
    for (const e of ESTABLISHMENTS) {
      const { id } = await trx
        .insertInto('establishments')
        .values({
          finess: finessWithKey(e.finess8),
          name: e.name,
          departement: e.departement,
          category: e.category,
          city: e.city,
          postal_code: e.postalCode,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(e.key, id);
      for (const u of e.units) {
        const unit = await trx
          .insertInto('units')
          .values({ establishment_id: id, name: u.name, kind: u.kind })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.set(u.key, unit.id);
      }
      for (const d of e.desks) {
        const desk = await trx
          .insertInto('admission_desks')
          .values({ establishment_id: id, name: d.name })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.set(d.key, desk.id);
      }
      progress(++done, total, e.name);
    }
    const now = new Date();
    for (const a of DEMO_ACCOUNTS) {
      const { id } = await trx
        .insertInto('accounts')
        .values({
          username: a.username,
          first_name: a.firstName,
          last_name: a.lastName,
          email: a.email,
          profession: a.profession,
          national_admin: a.nationalAdmin ?? false,
          password_hash: passwordHash,
          password_changed_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const h of a.habilitations) {
        await trx
          .insertInto('habilitations')
          .values({
            account_id: id,
            profile: h.profile,
            domain: h.domain,
            level: h.level,
            establishment_id: ids.get(h.establishment) as string,
            unit_id: h.unit ? (ids.get(h.unit) as string) : null,
            admission_desk_id: h.desk ? (ids.get(h.desk) as string) : null,
            starts_on: STARTS_ON,
            ends_on: ENDS_ON,
            privileges: JSON.stringify(defaultPrivileges(h.profile)),
          })
          .execute();
      }
      progress(++done, total, a.username);
    }
  });
}
