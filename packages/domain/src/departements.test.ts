import { describe, expect, it } from 'vitest';
import { DEPARTEMENTS, departementCodeSchema, departementName, isDepartementCode } from './departements';

describe('DEPARTEMENTS', () => {
  it('lists 01–19, 2A, 2B, 21–95 and 971–976, in that order, once each', () => {
    const pad = (n: number) => String(n).padStart(2, '0');
    const expected = [
      ...Array.from({ length: 19 }, (_, i) => pad(i + 1)),
      '2A',
      '2B',
      ...Array.from({ length: 75 }, (_, i) => pad(i + 21)),
      '971',
      '972',
      '973',
      '974',
      '975',
      '976',
    ];
    expect(DEPARTEMENTS.map((d) => d.code)).toEqual(expected);
  });

  it('has no blank or duplicated name', () => {
    const names = DEPARTEMENTS.map((d) => d.name);
    expect(names.every((n) => n.trim() === n && n.length > 0)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('spells names as the INSEE does', () => {
    expect(departementName('01')).toBe('Ain');
    expect(departementName('2A')).toBe('Corse-du-Sud');
    expect(departementName('2B')).toBe('Haute-Corse');
    expect(departementName('13')).toBe('Bouches-du-Rhône');
    expect(departementName('21')).toBe("Côte-d'Or");
    expect(departementName('22')).toBe("Côtes-d'Armor");
    expect(departementName('29')).toBe('Finistère');
    expect(departementName('59')).toBe('Nord');
    expect(departementName('64')).toBe('Pyrénées-Atlantiques');
    expect(departementName('69')).toBe('Rhône');
    expect(departementName('75')).toBe('Paris');
    expect(departementName('90')).toBe('Territoire de Belfort');
    expect(departementName('93')).toBe('Seine-Saint-Denis');
    expect(departementName('95')).toBe("Val-d'Oise");
    expect(departementName('971')).toBe('Guadeloupe');
    expect(departementName('973')).toBe('Guyane');
    expect(departementName('974')).toBe('La Réunion');
    expect(departementName('976')).toBe('Mayotte');
  });
});

describe('isDepartementCode', () => {
  it('accepts real codes', () => {
    for (const code of ['01', '09', '19', '2A', '2B', '21', '95', '971', '976']) {
      expect(isDepartementCode(code), code).toBe(true);
    }
  });
  it('refuses 20, 96–970, 977+, unpadded and lower-case codes', () => {
    for (const code of ['20', '00', '96', '99', '970', '977', '984', '1', '2a', '2C', ' 01', '', '069']) {
      expect(isDepartementCode(code), code).toBe(false);
    }
  });
  it('has no name for an unknown code', () => {
    expect(departementName('20')).toBeUndefined();
  });
});

describe('departementCodeSchema', () => {
  it('normalizes case and spaces', () => {
    expect(departementCodeSchema.parse(' 2b ')).toBe('2B');
    expect(departementCodeSchema.parse('974')).toBe('974');
  });
  it('refuses with the French message', () => {
    const result = departementCodeSchema.safeParse('20');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Code de département invalide');
    expect(departementCodeSchema.safeParse(69).error?.issues[0]?.message).toBe('Code de département invalide');
  });
});
