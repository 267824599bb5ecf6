import { z } from 'zod';
import { safeString } from './schemas/text';

/** For matching what people type against names: 'Hélène  LE GOÏC ' and 'helene le goic' are equal. */
export function normalizeForSearch(s: string): string {
  return s
    .toLowerCase() // before NFD: lower-casing may itself add marks ('İ' → 'i̇')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/g, 'oe') // 'Cœur' is typed 'coeur' on most keyboards
    .replace(/æ/g, 'ae')
    .trim()
    .replace(/\s+/g, ' ');
}

/** 'jean.dupont@chu-lyon.fr' → 'j***t@chu-lyon.fr': enough to recognise one's own address, not to learn someone's. */
export function maskEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = [...trimmed.slice(0, at)];
  const first = local[0] ?? '';
  const last = local.length > 2 ? (local[local.length - 1] ?? '') : '';
  return `${first}***${last}${trimmed.slice(at)}`;
}

// ─── Phones ─────────────────────────────────────────────────────────────────

/** National prefixes of the overseas départements, which have their own country codes in E.164. */
const OVERSEAS_PREFIXES: ReadonlyArray<[prefix: string, countryCode: string]> = [
  ['262', '262'], // La Réunion, fixed
  ['263', '262'], // La Réunion, fixed
  ['692', '262'], // La Réunion, mobile
  ['693', '262'], // La Réunion, mobile
  ['269', '262'], // Mayotte, fixed
  ['639', '262'], // Mayotte, mobile
  ['590', '590'], // Guadeloupe, Saint-Martin, Saint-Barthélemy, fixed
  ['690', '590'], // same, mobile
  ['691', '590'], // same, mobile
  ['594', '594'], // Guyane, fixed
  ['694', '594'], // Guyane, mobile
  ['596', '596'], // Martinique, fixed
  ['696', '596'], // Martinique, mobile
  ['697', '596'], // Martinique, mobile
];

/** A French number without its trunk 0 (9 digits) → E.164, so that an SMS to a 0692… number reaches La Réunion. */
function frenchE164(national: string): string {
  const overseas = OVERSEAS_PREFIXES.find(([prefix]) => national.startsWith(prefix));
  return `+${overseas?.[1] ?? '33'}${national}`;
}

/**
 * Any way people write a phone number → E.164 ('+33612345678'), or null.
 * Accepts French national numbers ('06 12 34 56 78'), '+33' / '0033' forms (with or without a
 * stray '(0)' or 0 after the country code), and international numbers written with '+' or '00'
 * (8 to 15 digits, country code not starting with 0).
 */
export function normalizeFrenchPhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^\+?[\d\s.\-/()]+$/.test(trimmed)) return null;
  let compact = trimmed.replace(/\(0\)/, '').replace(/[\s.\-/()]/g, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;

  const national = /^0([1-9]\d{8})$/.exec(compact)?.[1];
  if (national) return frenchE164(national);

  const fromFrance = /^\+330?([1-9]\d{8})$/.exec(compact)?.[1];
  if (fromFrance) return frenchE164(fromFrance);
  if (compact.startsWith('+33')) return null; // a +33 number of the wrong length is a typo, not a foreign number

  return /^\+[1-9]\d{7,14}$/.test(compact) ? compact : null;
}

/** ITU country codes of one and two digits; every other code has three (the codes are prefix-free). */
const SHORT_COUNTRY_CODE = /^(?:1|7|2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58])/;

/**
 * '+33612345678' → '+33 6** ** ** 78': the country code, the first national digit (mobile or
 * fixed) and the last two digits. Nine-digit national numbers (France and its overseas
 * départements) keep the French grouping; others read '+49 1******** 89'. Unreadable input → '***'.
 */
export function maskPhone(phone: string): string {
  const e164 = normalizeFrenchPhone(phone);
  if (!e164) return '***';
  const digits = e164.slice(1);
  const countryCode = SHORT_COUNTRY_CODE.exec(digits)?.[0] ?? digits.slice(0, 3);
  const national = digits.slice(countryCode.length);
  const first = national.slice(0, 1);
  const last = national.slice(-2);
  const middle = national.length === 9 ? '** ** **' : '*'.repeat(Math.max(national.length - 3, 0));
  return `+${countryCode} ${first}${middle} ${last}`;
}

export const phoneSchema = safeString({ error: 'Numéro de téléphone invalide' }).transform((value, ctx) => {
  const e164 = normalizeFrenchPhone(value);
  if (e164 === null) {
    ctx.issues.push({ code: 'custom', message: 'Numéro de téléphone invalide', input: value });
    return z.NEVER;
  }
  return e164;
});
