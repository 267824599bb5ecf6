import { describe, expect, it } from 'vitest';
import {
  COMMON_PASSWORDS,
  checkPassword,
  isCommonPassword,
  isPasswordExpired,
  PASSWORD_HISTORY_DEPTH,
  PASSWORD_POLICY_TEXT,
  PASSWORD_PROBLEM_MESSAGES,
  PASSWORD_VALIDITY_MONTHS,
  type PasswordProblem,
  passwordExpiresAt,
} from './password-policy';

const ctx = { username: 'jdupont', firstName: 'Jean-Pierre', lastName: 'Dupont', isCommon: () => false };

describe('checkPassword: length and character classes', () => {
  it('accepts 12 characters mixing the four classes', () => {
    expect(checkPassword('Tr0mbone!Vx7', ctx)).toEqual([]);
  });
  it('refuses 11 characters even with the four classes', () => {
    expect(checkPassword('Tr0mbone!Vx', ctx)).toEqual(['TOO_SHORT']);
  });
  it('requires each class below 16 characters', () => {
    expect(checkPassword('tr0mbone!vx7q', ctx)).toEqual(['MISSING_CLASSES']); // no upper case
    expect(checkPassword('TR0MBONE!VX7Q', ctx)).toEqual(['MISSING_CLASSES']); // no lower case
    expect(checkPassword('TrombonE!VxqQz', ctx)).toEqual(['MISSING_CLASSES']); // no digit
    expect(checkPassword('Tr0mboneVx7Qz', ctx)).toEqual(['MISSING_CLASSES']); // no special character
    expect(checkPassword('tr0mbone!vx7qwer', ctx).includes('MISSING_CLASSES')).toBe(false); // 16: passphrase
    expect(checkPassword('abcdefghijklmno', ctx)).toEqual(['MISSING_CLASSES']); // 15
  });
  it('accepts a passphrase of 16 characters or more whatever its classes', () => {
    expect(checkPassword('grenouille verte', ctx)).toEqual([]);
    expect(checkPassword('abcdefghijklmnop', ctx)).toEqual([]);
  });
  it('counts accented letters and emoji as one character each', () => {
    expect(checkPassword('éééééééééééééééé', ctx)).toEqual([]); // 16 characters
    expect(checkPassword('Tr0mbone!V😀', ctx)).toEqual(['TOO_SHORT']); // 11 characters, 12 UTF-16 units
  });
  it('reports a short password with missing classes twice, so both ways out are shown', () => {
    expect(checkPassword('abc', ctx)).toEqual(['TOO_SHORT', 'MISSING_CLASSES']);
  });
  it('refuses more than 128 characters', () => {
    expect(checkPassword('a'.repeat(128), ctx)).toEqual([]);
    expect(checkPassword('a'.repeat(129), ctx)).toEqual(['TOO_LONG']);
  });
});

describe('checkPassword: personal information', () => {
  it('refuses the username, ignoring case and accents', () => {
    expect(checkPassword('mon JDupont de service', ctx)).toEqual(['CONTAINS_PERSONAL_INFO']);
  });
  it('refuses the first or last name, whole or by part of a compound name', () => {
    expect(checkPassword('Bonjour-DUPONT-2024!', ctx)).toEqual(['CONTAINS_PERSONAL_INFO']);
    expect(checkPassword('salut pierre et paul', ctx)).toEqual(['CONTAINS_PERSONAL_INFO']);
    expect(checkPassword('bienvenue à jean-pierre', ctx)).toEqual(['CONTAINS_PERSONAL_INFO']);
  });
  it('matches names without their accents', () => {
    const helene = { ...ctx, firstName: 'Hélène', lastName: 'Le Goïc' };
    expect(checkPassword('la maison de HELENE', helene)).toEqual(['CONTAINS_PERSONAL_INFO']);
    expect(checkPassword('chez les goic depuis', helene)).toEqual(['CONTAINS_PERSONAL_INFO']);
  });
  it('ignores names and name parts shorter than 3 letters', () => {
    const short = { username: 'lx', firstName: 'Li', lastName: 'Le Bon', isCommon: () => false };
    expect(checkPassword('le lit de la licorne', short)).toEqual([]);
    expect(checkPassword('un gros chat noir!', short)).toEqual([]);
    expect(checkPassword('le bonheur est ici', short)).toEqual(['CONTAINS_PERSONAL_INFO']); // 'bon'
  });
});

describe('checkPassword: common passwords', () => {
  it('asks the given isCommon', () => {
    const seen: string[] = [];
    const isCommon = (p: string) => {
      seen.push(p);
      return true;
    };
    expect(checkPassword('grenouille verte', { ...ctx, isCommon })).toEqual(['COMMON']);
    expect(seen).toEqual(['grenouille verte']);
  });
  it('falls back on the built-in list', () => {
    expect(checkPassword('Marseille2024!', { username: 'jdupont' })).toEqual(['COMMON']);
    expect(checkPassword('Tr0mbone!Vx7', { username: 'jdupont' })).toEqual([]);
  });
});

describe('isCommonPassword', () => {
  it('knows the usual suspects, French ones included', () => {
    for (const p of ['123456', 'password', 'azerty', 'azerty123', 'motdepasse', 'soleil', 'marseille', 'doudou']) {
      expect(isCommonPassword(p), p).toBe(true);
    }
  });
  it('ignores case, accents and trailing digits or signs', () => {
    for (const p of [
      'AZERTY',
      'Azerty123!',
      'Soleil2024',
      'MotDePasse!!',
      'Marseille13',
      'Hôpital75!',
      ' password1 ',
    ]) {
      expect(isCommonPassword(p), p).toBe(true);
    }
  });
  it('does not strip inside the word nor leading characters', () => {
    expect(isCommonPassword('sol3il')).toBe(false);
    expect(isCommonPassword('1soleil')).toBe(false);
    expect(isCommonPassword('grenouille verte')).toBe(false);
    expect(isCommonPassword('!!!')).toBe(false);
  });
  it('holds about 200 lower-case entries', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(180);
    for (const p of COMMON_PASSWORDS) expect(p, p).toBe(p.toLowerCase());
  });
});

describe('texts', () => {
  it('explains every problem in French', () => {
    const problems: PasswordProblem[] = [
      'TOO_SHORT',
      'MISSING_CLASSES',
      'CONTAINS_PERSONAL_INFO',
      'COMMON',
      'TOO_LONG',
    ];
    for (const p of problems) expect(PASSWORD_PROBLEM_MESSAGES[p]).toMatch(/mot de passe/i);
  });
  it('announces the rules with the numbers the code enforces', () => {
    const text = PASSWORD_POLICY_TEXT.join(' ');
    expect(text).toContain('12 caractères');
    expect(text).toContain("phrase de passe d'au moins 16 caractères");
    expect(text).toContain('128 caractères');
    expect(text).toContain(`${PASSWORD_HISTORY_DEPTH} derniers`);
    expect(text).toContain(`${PASSWORD_VALIDITY_MONTHS} mois`);
  });
});

describe('password expiry', () => {
  it('lasts 5 previous passwords and 6 months', () => {
    expect(PASSWORD_HISTORY_DEPTH).toBe(5);
    expect(PASSWORD_VALIDITY_MONTHS).toBe(6);
  });
  it('expires 6 months later at the same instant of the day', () => {
    expect(passwordExpiresAt(new Date('2026-01-15T08:30:00Z'))).toEqual(new Date('2026-07-15T08:30:00Z'));
    expect(passwordExpiresAt(new Date('2026-09-10T23:59:59Z'))).toEqual(new Date('2027-03-10T23:59:59Z'));
  });
  it('falls on the last day of a shorter month', () => {
    expect(passwordExpiresAt(new Date('2026-08-31T12:00:00Z'))).toEqual(new Date('2027-02-28T12:00:00Z'));
    expect(passwordExpiresAt(new Date('2027-08-31T12:00:00Z'))).toEqual(new Date('2028-02-29T12:00:00Z'));
    expect(passwordExpiresAt(new Date('2026-01-31T00:00:00Z'), 1)).toEqual(new Date('2026-02-28T00:00:00Z'));
  });
  it('takes another number of months', () => {
    expect(passwordExpiresAt(new Date('2026-03-01T00:00:00Z'), 12)).toEqual(new Date('2027-03-01T00:00:00Z'));
  });
  it('does not change its argument', () => {
    const changedAt = new Date('2026-01-15T08:30:00Z');
    passwordExpiresAt(changedAt);
    expect(changedAt).toEqual(new Date('2026-01-15T08:30:00Z'));
  });
  it('is expired from the expiry instant on, and when never set', () => {
    const changedAt = new Date('2026-01-15T08:30:00Z');
    expect(isPasswordExpired(changedAt, new Date('2026-07-15T08:29:59.999Z'))).toBe(false);
    expect(isPasswordExpired(changedAt, new Date('2026-07-15T08:30:00Z'))).toBe(true);
    expect(isPasswordExpired(null, changedAt)).toBe(true);
  });
});
