import { DOMAIN_LABELS, DOMAINS, type Domain } from '@trajectoire/domain';

interface Placed {
  level: 'ESTABLISHMENT' | 'UNIT' | 'ADMISSION_DESK';
  unitName: string | null;
  admissionDeskName: string | null;
}

/** The unit or admission desk a habilitation applies to; null when it covers the whole establishment. */
export function placeOf(h: Placed): string | null {
  if (h.level === 'ADMISSION_DESK') return h.admissionDeskName ?? '';
  if (h.level === 'UNIT') return h.unitName ?? '';
  return null;
}

export function domainLabel(domain: string): string {
  return (DOMAINS as readonly string[]).includes(domain) ? DOMAIN_LABELS[domain as Domain] : domain;
}
