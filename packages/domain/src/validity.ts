/** Habilitation dates are French calendar days, as ISO strings ('2026-11-25'). */

export const MAX_VALIDITY_YEARS = 5;
/** A new habilitation starts at most this far ahead. */
export const MAX_START_AHEAD_MONTHS = 12;
/** The holder is warned this many days before the end. */
export const EXPIRY_NOTICE_DAYS = 15;

function parts(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number);
  return [y as number, m as number, d as number];
}

function format(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Whether a month (1–12) and day exist in that year of the Gregorian calendar (no 30 February).
 * By arithmetic: the ROR's mapping checks the date of each of a full load's 360,000 resources.
 */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

/** A day as `YYYY-MM-DD`, from the year 100 (a `Date` would read 0050 as 1950). */
export function isIsoDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = parts(value);
  return y >= 100 && isCalendarDay(y, m, d);
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = parts(day);
  return format(new Date(Date.UTC(y, m - 1, d + days)));
}

/** Calendar months; a day missing from the target month falls on its last day (31 Aug + 6 months → 28 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = parts(day);
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return format(new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))));
}

/** The latest end for a habilitation starting on `startsOn`: five years later. */
export function maxEndFor(startsOn: string): string {
  return addMonths(startsOn, 12 * MAX_VALIDITY_YEARS);
}

export const PROLONGATIONS = { '6M': 6, '1Y': 12, '2Y': 24, '5Y': 60 } as const;
export type Prolongation = keyof typeof PROLONGATIONS;
export const PROLONGATION_LABELS: Record<Prolongation, string> = {
  '6M': '6 mois',
  '1Y': '1 an',
  '2Y': '2 ans',
  '5Y': '5 ans',
};

export type EndChange = { ok: true; endsOn: string; startsOn: string } | { ok: false; message: string };

/**
 * A new end for an existing habilitation: a prolongation counted from today, or a chosen date.
 * Never beyond five years from today, never before today: ending it today is how one ends it
 * now (today is its last day). The start never moves.
 */
export function changeEnd(
  habilitation: { startsOn: string },
  request: { prolongation: Prolongation } | { endsOn: string },
  today: string,
): EndChange {
  const limit = maxEndFor(today);
  let endsOn: string;
  if ('prolongation' in request) {
    endsOn = addMonths(today, PROLONGATIONS[request.prolongation]);
  } else {
    if (!isIsoDay(request.endsOn)) return { ok: false, message: 'Date de fin invalide.' };
    endsOn = request.endsOn;
  }
  if (endsOn > limit) {
    return {
      ok: false,
      message: `Une habilitation dure au plus 5 ans : choisissez une date de fin au plus tard le ${frenchDay(limit)}.`,
    };
  }
  if (endsOn < today) {
    return {
      ok: false,
      message: `La date de fin ne peut pas être passée : pour terminer l’habilitation dès maintenant, choisissez aujourd’hui, le ${frenchDay(today)}.`,
    };
  }
  if (endsOn < habilitation.startsOn) {
    return {
      ok: false,
      message: `La date de fin ne peut pas précéder le début de l’habilitation, le ${frenchDay(habilitation.startsOn)} : pour l’annuler, supprimez-la.`,
    };
  }
  return { ok: true, endsOn, startsOn: habilitation.startsOn };
}

/**
 * Where a habilitation stands today: not started, running, on its last day, or over (an ended
 * habilitation stays listed, and grants nothing).
 */
export type ValidityState = 'UPCOMING' | 'ACTIVE' | 'ENDS_TODAY' | 'ENDED';

export function validityState(habilitation: { startsOn: string; endsOn: string }, today: string): ValidityState {
  if (habilitation.endsOn < today) return 'ENDED';
  if (habilitation.startsOn > today) return 'UPCOMING';
  return habilitation.endsOn === today ? 'ENDS_TODAY' : 'ACTIVE';
}

/** Checks the dates of a new habilitation. */
export function checkNewValidity(startsOn: string, endsOn: string, today: string): string | null {
  if (!isIsoDay(startsOn) || !isIsoDay(endsOn)) return 'Date invalide.';
  if (startsOn < today) return 'La date de début ne peut pas être dans le passé.';
  // No dormant grant years ahead: a right is given for a need that is near.
  const latestStart = addMonths(today, MAX_START_AHEAD_MONTHS);
  if (startsOn > latestStart) {
    return `La date de début doit être au plus tard dans un an, le ${frenchDay(latestStart)}.`;
  }
  if (endsOn < startsOn) return 'La date de fin doit suivre la date de début.';
  if (endsOn > maxEndFor(startsOn)) {
    return `Une habilitation dure au plus 5 ans : la date de fin doit être au plus tard le ${frenchDay(maxEndFor(startsOn))}.`;
  }
  return null;
}

export interface ExpiryThresholds {
  today: string;
  /** The last end day shown red: 15 days from today. */
  red: string;
  /** The last end day shown orange: a month from today. */
  orange: string;
}

/** The days that set an end's colour today, computed once for many rows (an export's 100,000). */
export function expiryThresholds(today: string): ExpiryThresholds {
  return { today, red: addDays(today, EXPIRY_NOTICE_DAYS), orange: addMonths(today, 1) };
}

/** Orange when the end is within a month, red within 15 days (the holder was warned). */
export function expiryLevelAt(endsOn: string, thresholds: ExpiryThresholds): 'RED' | 'ORANGE' | null {
  if (endsOn < thresholds.today) return null;
  if (endsOn <= thresholds.red) return 'RED';
  if (endsOn <= thresholds.orange) return 'ORANGE';
  return null;
}

export function expiryLevel(endsOn: string, today: string): 'RED' | 'ORANGE' | null {
  return expiryLevelAt(endsOn, expiryThresholds(today));
}

export function frenchDay(day: string): string {
  const [y, m, d] = parts(day);
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}
