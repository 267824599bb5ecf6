import { createHash } from 'node:crypto';
import { finessWithKey, isDepartementCode, isValidFiness } from '@trajectoire/domain';
import { describe, expect, it } from 'vitest';
import { capacityUnitOf, DEMO_ESTABLISHMENTS, generateDirectory, UNIT_KINDS } from './dataset';

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('generateDirectory', () => {
  it('gives the same directory, byte for byte, for the same input', () => {
    expect(JSON.stringify(generateDirectory({ establishments: 2_000 }))).toBe(
      JSON.stringify(generateDirectory({ establishments: 2_000 })),
    );
    // Pinned: the local ROR serves this dataset too. A deliberate change of the generator
    // updates this digest; an accidental one (a library, an iteration order) fails here.
    expect(digest(generateDirectory({ establishments: 1_000 }))).toBe(
      '83d41a2e463436ba437afb51e1cb4d4331c77b40176154224bac1667bbd66623',
    );
  });

  it('extends a smaller directory rather than reshuffling it', () => {
    const small = generateDirectory({ establishments: 50 }).establishments;
    const large = generateDirectory({ establishments: 500 }).establishments;
    expect(large.slice(0, 50)).toEqual(small);
  });

  it('starts with the four establishments of the README, as seeded before', () => {
    const shape = generateDirectory({ establishments: 4 }).establishments.map((e) => ({
      key: e.key,
      finess: e.finess,
      name: e.name,
      departement: e.departement,
      category: e.category,
      city: e.city,
      postalCode: e.postalCode,
      units: e.units.map((u) => [u.key, u.name, u.kind]),
      desks: e.desks.map((d) => [d.key, d.name]),
    }));
    expect(shape).toEqual([
      {
        key: 'chu-lyon',
        finess: finessWithKey('69078181'),
        name: 'Centre hospitalier universitaire de Lyon',
        departement: '69',
        category: 'Centre hospitalier régional',
        city: 'Lyon',
        postalCode: '69003',
        units: [
          ['chu-lyon-cardio', 'Cardiologie', 'MCO'],
          ['chu-lyon-neuro', 'Neurologie', 'MCO'],
          ['chu-lyon-geriatrie', 'Gériatrie aiguë', 'MCO'],
          ['chu-lyon-smr', 'SMR polyvalent', 'SMR'],
          ['chu-lyon-palliatif', 'Unité de soins palliatifs', 'SOINS_PALLIATIFS'],
        ],
        desks: [['chu-lyon-guichet', 'Guichet unique SMR/HAD']],
      },
      {
        key: 'clinique-grenoble',
        finess: finessWithKey('38078001'),
        name: 'Clinique des Alpes — Soins médicaux et de réadaptation',
        departement: '38',
        category: 'Établissement de SMR',
        city: 'Grenoble',
        postalCode: '38000',
        units: [
          ['grenoble-smr-neuro', 'SMR neurologique', 'SMR'],
          ['grenoble-smr-loco', 'SMR locomoteur', 'SMR'],
        ],
        desks: [['grenoble-guichet', "Guichet d'admission SMR"]],
      },
      {
        key: 'had-isere',
        finess: finessWithKey('38001234'),
        name: 'HAD Isère Santé',
        departement: '38',
        category: 'Hospitalisation à domicile',
        city: 'Voiron',
        postalCode: '38500',
        units: [['had-isere-adultes', 'HAD adultes', 'HAD']],
        desks: [],
      },
      {
        key: 'ehpad-annecy',
        finess: finessWithKey('74001111'),
        name: 'EHPAD Les Tilleuls',
        departement: '74',
        category: 'EHPAD',
        city: 'Annecy',
        postalCode: '74000',
        units: [
          ['annecy-ehpad', 'Hébergement permanent', 'EHPAD'],
          ['annecy-usld', 'Unité de soins de longue durée', 'USLD'],
        ],
        desks: [],
      },
    ]);
    expect(generateDirectory({ establishments: 2 }).establishments.map((e) => e.key)).toEqual([
      'chu-lyon',
      'clinique-grenoble',
    ]);
  });

  it('makes valid, consistent establishments', () => {
    const { establishments } = generateDirectory({ establishments: 2_000 });
    const generated = establishments.slice(DEMO_ESTABLISHMENTS.length);
    const demoNames = new Set(DEMO_ESTABLISHMENTS.map((e) => e.name));
    for (const e of establishments) {
      expect(isValidFiness(e.finess), e.finess).toBe(true);
      expect(isValidFiness(e.legalEntity.finess), e.legalEntity.finess).toBe(true);
      expect(isDepartementCode(e.departement), e.departement).toBe(true);
      // A FINESS number starts with its département (Corsica: 2A/2B; overseas: three digits).
      expect(e.finess.startsWith(e.departement), e.finess).toBe(true);
      const postalPrefix = e.departement === '2A' || e.departement === '2B' ? '20' : e.departement;
      expect(e.postalCode.startsWith(postalPrefix), e.postalCode).toBe(true);
      expect(e.postalCode).toMatch(/^\d{5}$/);
      expect(e.phone).toMatch(/^\+\d{9,12}$/);
      expect(e.email).toMatch(/^[a-z0-9.-]+@[a-z0-9.-]+\.demo$/);
      expect(e.address).toMatch(/^\d+( bis)? \S+ .+/);
      expect(e.units.length).toBeGreaterThan(0);
      expect(new Set(e.units.map((u) => u.name)).size, e.name).toBe(e.units.length);
      for (const u of e.units) {
        expect(UNIT_KINDS).toContain(u.kind);
        expect(Number.isInteger(u.capacity) && u.capacity > 0).toBe(true);
        expect(u.capacityUnit).toBe(capacityUnitOf(u.kind));
      }
    }
    for (const e of generated) expect(demoNames.has(e.name), e.name).toBe(false);
    const departements = new Set(generated.map((e) => e.departement));
    for (const code of ['2A', '2B', '971', '972', '973', '974', '975', '976']) expect(departements).toContain(code);
    expect(new Set(generated.flatMap((e) => e.units.map((u) => u.kind)))).toEqual(new Set(UNIT_KINDS));
    expect(generated.some((e) => e.desks.length > 0)).toBe(true);
    // Some legal entities run several establishments.
    expect(new Set(generated.map((e) => e.legalEntity.finess)).size).toBeLessThan(generated.length);
  });

  it('stays fast and unique at 100,000 units', () => {
    const started = performance.now();
    const { establishments } = generateDirectory({ establishments: 30_000 });
    const elapsed = performance.now() - started;
    const units = establishments.flatMap((e) => e.units);
    const desks = establishments.flatMap((e) => e.desks);
    expect(units.length).toBeGreaterThanOrEqual(100_000);
    console.log(`${establishments.length} establishments, ${units.length} units generated in ${elapsed.toFixed(0)} ms`);
    // Generous for a shared machine; it takes about a second.
    expect(elapsed).toBeLessThan(5_000);
    const keys = [...establishments, ...units, ...desks].map((x) => x.key);
    expect(new Set(keys).size).toBe(keys.length);
    const et = establishments.map((e) => e.finess);
    expect(new Set(et).size).toBe(et.length);
    // An ET number is never also an EJ number.
    const ej = new Set(establishments.map((e) => e.legalEntity.finess));
    expect(et.filter((f) => ej.has(f))).toEqual([]);
  });
});
