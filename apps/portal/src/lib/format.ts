/** A calendar day `2026-11-25` as French users read it: `25/11/2026`. */
export function formatDay(isoDay: string): string {
  const [year, month, day] = isoDay.slice(0, 10).split('-');
  return year && month && day ? `${day}/${month}/${year}` : isoDay;
}

const timeFormat = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' });

/** The local time of an instant: `14:32`. */
export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}
