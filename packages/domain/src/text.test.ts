import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone, normalizeForSearch, normalizeFrenchPhone, phoneSchema } from './text';

describe('normalizeForSearch', () => {
  it('lower-cases, strips accents, trims and collapses spaces', () => {
    expect(normalizeForSearch('  Hélène   LE GOÏC\t')).toBe('helene le goic');
    expect(normalizeForSearch('ÉCOLE Française')).toBe('ecole francaise');
    expect(normalizeForSearch('Noël\n\nÇa')).toBe('noel ca');
  });
  it('spells out ligatures as people type them', () => {
    expect(normalizeForSearch('Cœur Lætitia')).toBe('coeur laetitia');
  });
  it('keeps hyphens and apostrophes', () => {
    expect(normalizeForSearch("Jean-Pierre D'Aubigné")).toBe("jean-pierre d'aubigne");
  });
});

describe('maskEmail', () => {
  it('keeps the first and last characters of the local part and the domain', () => {
    expect(maskEmail('jean.dupont@chu-lyon.fr')).toBe('j***t@chu-lyon.fr');
    expect(maskEmail('abc@x.fr')).toBe('a***c@x.fr');
  });
  it('keeps only the first character of a 1- or 2-character local part', () => {
    expect(maskEmail('jd@chu-lyon.fr')).toBe('j***@chu-lyon.fr');
    expect(maskEmail('j@chu-lyon.fr')).toBe('j***@chu-lyon.fr');
  });
  it('masks whatever is not an address', () => {
    expect(maskEmail('jean.dupont')).toBe('***');
    expect(maskEmail('@chu-lyon.fr')).toBe('***');
  });
});

describe('normalizeFrenchPhone', () => {
  it('turns French ways of writing a mobile into E.164', () => {
    for (const input of [
      '06 12 34 56 78',
      '0612345678',
      '06.12.34.56.78',
      '06-12-34-56-78',
      '+33 6 12 34 56 78',
      '+33612345678',
      '0033612345678',
      '0033 6 12 34 56 78',
      '+33 (0)6 12 34 56 78',
      '+33 06 12 34 56 78',
    ]) {
      expect(normalizeFrenchPhone(input), input).toBe('+33612345678');
    }
    expect(normalizeFrenchPhone('01 23 45 67 89')).toBe('+33123456789');
  });

  it('keeps overseas numbers written with their own country code', () => {
    expect(normalizeFrenchPhone('+262 692 12 34 56')).toBe('+262692123456');
    expect(normalizeFrenchPhone('+590 690 12 34 56')).toBe('+590690123456');
    expect(normalizeFrenchPhone('+594 694 12 34 56')).toBe('+594694123456');
    expect(normalizeFrenchPhone('+596 696 12 34 56')).toBe('+596696123456');
    expect(normalizeFrenchPhone('+269 321 23 45')).toBe('+2693212345');
  });

  it('gives overseas numbers written nationally their own country code', () => {
    expect(normalizeFrenchPhone('0692 12 34 56')).toBe('+262692123456');
    expect(normalizeFrenchPhone('0262 12 34 56')).toBe('+262262123456');
    expect(normalizeFrenchPhone('0639 12 34 56')).toBe('+262639123456');
    expect(normalizeFrenchPhone('0590 12 34 56')).toBe('+590590123456');
    expect(normalizeFrenchPhone('0696 12 34 56')).toBe('+596696123456');
    expect(normalizeFrenchPhone('0694 12 34 56')).toBe('+594694123456');
  });

  it('accepts international numbers of 8 to 15 digits', () => {
    expect(normalizeFrenchPhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalizeFrenchPhone('0044 20 7946 0958')).toBe('+442079460958');
    expect(normalizeFrenchPhone('+44 (0)20 7946 0958')).toBe('+442079460958');
    expect(normalizeFrenchPhone('+1 (415) 555-2671')).toBe('+14155552671');
    expect(normalizeFrenchPhone('+12345678')).toBe('+12345678');
    expect(normalizeFrenchPhone('+123456789012345')).toBe('+123456789012345');
  });

  it('refuses what cannot be a number', () => {
    for (const input of [
      '',
      '   ',
      '+',
      '061234567',
      '06123456789',
      '+1234567',
      '+1234567890123456',
      '+0612345678',
      '+33 6 12 34 56 7',
      '+33 6 12 34 56 789',
      '06 12 34 56 7a',
      'tel: 0612345678',
      '06 12 + 34 56 78',
    ]) {
      expect(normalizeFrenchPhone(input), JSON.stringify(input)).toBeNull();
    }
  });
});

describe('maskPhone', () => {
  it('keeps the country code, the first national digit and the last two digits', () => {
    expect(maskPhone('+33612345678')).toBe('+33 6** ** ** 78');
    expect(maskPhone('01 23 45 67 89')).toBe('+33 1** ** ** 89');
    expect(maskPhone('+262692123456')).toBe('+262 6** ** ** 56');
    expect(maskPhone('+590690123456')).toBe('+590 6** ** ** 56');
  });
  it('finds one- and two-digit country codes elsewhere', () => {
    expect(maskPhone('+14155552671')).toBe('+1 4******* 71');
    expect(maskPhone('+4915123456789')).toBe('+49 1******** 89');
    expect(maskPhone('+442079460958')).toBe('+44 2******* 58');
    expect(maskPhone('+79161234567')).toBe('+7 9******* 67');
  });
  it('shows nothing of an unreadable number', () => {
    expect(maskPhone('not a phone')).toBe('***');
  });
});

describe('phoneSchema', () => {
  it('outputs E.164', () => {
    expect(phoneSchema.parse('06 12 34 56 78')).toBe('+33612345678');
  });
  it('refuses with the French message', () => {
    expect(phoneSchema.safeParse('12').error?.issues[0]?.message).toBe('Numéro de téléphone invalide');
    expect(phoneSchema.safeParse(612345678).error?.issues[0]?.message).toBe('Numéro de téléphone invalide');
  });
});
