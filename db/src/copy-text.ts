// Pure (no driver): the full load's reading threads import it without loading pg nor kysely.
/** A value as a field of COPY's text format (`\N` for null). */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\n\r\t]/.test(value)
    ? value.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'))
    : value;
}
