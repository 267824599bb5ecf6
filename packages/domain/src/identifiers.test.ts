import { describe, expect, it } from 'vitest';
import {
  finessSchema,
  finessWithKey,
  isValidFiness,
  isValidRpps,
  parseNationalId,
  rppsSchema,
  rppsWithKey,
} from './identifiers';

/** Every one-character change of a valid number must be caught by its key. */
function singleDigitVariants(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (!/\d/.test(c)) continue;
    for (let d = 0; d <= 9; d++) {
      if (String(d) !== c) out.push(s.slice(0, i) + d + s.slice(i + 1));
    }
  }
  return out;
}

describe('FINESS', () => {
  // Real numbers: AP-HP, Hospices civils de Lyon, and entries of the ANS open-data sample.
  const real = ['750712184', '690781810', '010000016', '010000156', '010780195'];

  it('accepts real FINESS numbers', () => {
    for (const n of real) expect(isValidFiness(n), n).toBe(true);
  });

  it('catches any single wrong digit', () => {
    for (const variant of singleDigitVariants('750712184')) expect(isValidFiness(variant), variant).toBe(false);
  });

  it('refuses wrong lengths, letters outside Corsica, spaces and lower case', () => {
    for (const n of ['75071218', '7507121840', '7507121A4', 'A50712184', '75 0712184', '', '2a0000123', '2C0000123']) {
      expect(isValidFiness(n), n).toBe(false);
    }
  });

  it('computes the key over the 8 first characters', () => {
    expect(finessWithKey('75071218')).toBe('750712184');
    expect(finessWithKey('69078181')).toBe('690781810');
    for (const body of ['01000001', '13078300', '97100000', '33078157']) {
      expect(isValidFiness(finessWithKey(body)), body).toBe(true);
    }
  });

  it("reads Corsica's 2A and 2B as 20 for the key", () => {
    expect(finessWithKey('2A000012')).toBe('2A0000123');
    expect(finessWithKey('2B000012')).toBe('2B0000123');
    expect(isValidFiness('2A0000123')).toBe(true);
    expect(isValidFiness('2B0000123')).toBe(true);
    expect(isValidFiness('2A0000124')).toBe(false);
    // Same key as the all-digit body starting with 20.
    expect(finessWithKey('20000012')).toBe('200000123');
  });

  it('refuses to compute a key for a malformed body', () => {
    expect(() => finessWithKey('7507121')).toThrow(RangeError);
    expect(() => finessWithKey('2C000012')).toThrow(RangeError);
  });

  it('schema drops spaces, upper-cases, and explains in French', () => {
    expect(finessSchema.parse(' 75 071 218 4 ')).toBe('750712184');
    expect(finessSchema.parse('2a0000123')).toBe('2A0000123');
    expect(finessSchema.safeParse('750712185').error?.issues[0]?.message).toBe(
      'Numéro FINESS invalide (9 caractères, clé de contrôle comprise)',
    );
    expect(finessSchema.safeParse(undefined).error?.issues[0]?.message).toBe('Le numéro FINESS est obligatoire');
  });
});

describe('RPPS', () => {
  // The RPPS of the ANS test professional (idNat 899900018484).
  const testRpps = '99900018484';

  it('accepts a Luhn-valid 11-digit number', () => {
    expect(isValidRpps(testRpps)).toBe(true);
    expect(isValidRpps('10000000009')).toBe(true);
  });

  it('catches any single wrong digit', () => {
    for (const variant of singleDigitVariants(testRpps)) expect(isValidRpps(variant), variant).toBe(false);
  });

  it('refuses other shapes', () => {
    for (const n of ['9990001848', '999000184840', '9990001848A', '', ' 99900018484']) {
      expect(isValidRpps(n), n).toBe(false);
    }
  });

  it('computes the key', () => {
    expect(rppsWithKey('9990001848')).toBe(testRpps);
    expect(rppsWithKey('1000000000')).toBe('10000000009');
    expect(() => rppsWithKey('999000184')).toThrow(RangeError);
  });

  it('schema drops spaces and explains in French', () => {
    expect(rppsSchema.parse('999 000 184 84')).toBe(testRpps);
    expect(rppsSchema.safeParse('99900018485').error?.issues[0]?.message).toBe(
      'Numéro RPPS invalide (11 chiffres, clé de contrôle comprise)',
    );
  });
});

describe('parseNationalId', () => {
  it("reads '8' + RPPS", () => {
    expect(parseNationalId('899900018484')).toEqual({ kind: 'RPPS', number: '99900018484' });
  });
  it('refuses an RPPS idNat whose key is wrong', () => {
    expect(parseNationalId('899900018485')).toBeNull();
  });
  it("reads '0' + ADELI", () => {
    expect(parseNationalId('0691234567')).toEqual({ kind: 'ADELI', number: '691234567' });
  });
  it('refuses other prefixes and lengths', () => {
    for (const id of ['99900018484', '89990001848', '8999000184840', '069123456', '06912345678', '3750712184', '']) {
      expect(parseNationalId(id), id).toBeNull();
    }
  });
});
