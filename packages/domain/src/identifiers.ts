import { z } from 'zod';

/** Luhn sum of a digit string: from the right, every second digit is doubled (9 subtracted past 9). */
function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

/** The digit that, appended to `payload`, makes its Luhn sum a multiple of 10. */
function luhnKey(payload: string): string {
  return String((10 - (luhnSum(`${payload}0`) % 10)) % 10);
}

// ─── FINESS (establishments) ────────────────────────────────────────────────

const FINESS_BODY = /^(?:\d{2}|2[AB])\d{6}$/;
const FINESS = /^(?:\d{2}|2[AB])\d{7}$/;

// The FINESS key is a Luhn key over the 8 first characters. The ANS publishes no rule for
// the Corsican letters; like the common implementations we read '2A' and '2B' as '20'
// (Corsica's code before 1976), i.e. the letter counts as 0 in the computation.
function finessDigits(first8: string): string {
  return first8.replace(/^2[AB]/, '20');
}

/** A 9-character FINESS number (no spaces, upper-case) whose 9th character is its key. */
export function isValidFiness(s: string): boolean {
  if (!FINESS.test(s)) return false;
  return luhnKey(finessDigits(s.slice(0, 8))) === s[8];
}

/** Appends the key to the 8 first characters; throws on a malformed body (a programming error). */
export function finessWithKey(first8: string): string {
  if (!FINESS_BODY.test(first8)) throw new RangeError(`Not a FINESS body: ${first8}`);
  return first8 + luhnKey(finessDigits(first8));
}

// ─── RPPS and national identifiers (professionals) ──────────────────────────

/** 11 digits, the last one a Luhn key over the whole number. */
export function isValidRpps(s: string): boolean {
  return /^\d{11}$/.test(s) && luhnSum(s) % 10 === 0;
}

export function rppsWithKey(first10: string): string {
  if (!/^\d{10}$/.test(first10)) throw new RangeError(`Not an RPPS body: ${first10}`);
  return first10 + luhnKey(first10);
}

/**
 * The idNat carried by Pro Santé Connect and the CPS card: '8' + RPPS for professionals
 * in the RPPS, '0' + ADELI (9 digits) for those still only in ADELI. Other prefixes
 * (structures, students…) are not professionals we can match: null.
 * The RPPS key is checked, so a mistyped idNat is refused rather than matched to nobody.
 */
export function parseNationalId(idNat: string): { kind: 'RPPS' | 'ADELI'; number: string } | null {
  const rpps = /^8(\d{11})$/.exec(idNat)?.[1];
  if (rpps !== undefined) return isValidRpps(rpps) ? { kind: 'RPPS', number: rpps } : null;
  const adeli = /^0(\d{9})$/.exec(idNat)?.[1];
  if (adeli !== undefined) return { kind: 'ADELI', number: adeli };
  return null;
}

// ─── Form schemas ───────────────────────────────────────────────────────────

/** People copy numbers as shown on screens ('69 078 181 0'): spaces are dropped, letters upper-cased. */
const compact = (s: string) => s.replace(/\s+/g, '').toUpperCase();

export const finessSchema = z
  .string({ error: 'Le numéro FINESS est obligatoire' })
  .overwrite(compact)
  .refine(isValidFiness, 'Numéro FINESS invalide (9 caractères, clé de contrôle comprise)');

export const rppsSchema = z
  .string({ error: 'Le numéro RPPS est obligatoire' })
  .overwrite(compact)
  .refine(isValidRpps, 'Numéro RPPS invalide (11 chiffres, clé de contrôle comprise)');
