import { departementName } from '@trajectoire/domain';

/** A calendar day `2026-11-25` as French users read it: `25/11/2026`. */
export function formatDay(isoDay: string): string {
  const [year, month, day] = isoDay.slice(0, 10).split('-');
  return year && month && day ? `${day}/${month}/${year}` : isoDay;
}

const timeFormat = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' });
// Instants are read on the French calendar, wherever the browser believes it is.
const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'Europe/Paris' });
const parisTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Paris',
});

/** The local time of an instant: `14:32`. */
export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** The French day of an instant: `25/11/2026`. */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/** The French day and time of an instant: `25/11/2026 à 14:32`. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return `${dateFormat.format(date)} à ${parisTimeFormat.format(date)}`;
}

/** A stored E.164 number as people write it: `+33612345678` → `06 12 34 56 78`; others stay international. */
export function formatPhone(e164: string): string {
  const national = /^\+33(\d{9})$/.exec(e164)?.[1];
  if (!national) return e164;
  return `0${national}`.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/** Before a vowel sound, French elides « de »: « d’Émilie », « d’EHPAD Les Tilleuls »; otherwise « de Bruno ». */
export function de(name: string): string {
  return /^[aeiouyàâäéèêëîïôöùûüÿæœ]/i.test(name.trimStart()) ? `d’${name}` : `de ${name}`;
}

/** A département as the lists name it: `69 — Rhône` (the code alone when it is unknown). */
export function departementLabel(code: string): string {
  const name = departementName(code);
  return name ? `${code} — ${name}` : code;
}
