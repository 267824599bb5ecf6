import {
  establishmentRow,
  type LocationRecord,
  type OrganizationRecord,
  resolveEstablishment,
  type ServiceRecord,
  unitRow,
} from '@trajectoire/ror-mapping';
import type { MergeBatch } from './merge';
import type { SyncErrorRow } from './queries';

/**
 * Mapped records → one merge batch: each establishment (EG) with its legal entity, each unit
 * with its place and the establishment its `partOf` chain reaches. Pure.
 */

/** The little of an Organization a chain needs; full records are loaded only for EGs and EJs. */
export type OrgLink = Pick<OrganizationRecord, 'rorId' | 'level' | 'partOf'>;

/** The EG a service's `providedBy` chain reaches, or why none. */
export function establishmentOf(
  providedBy: string,
  lookup: (id: string) => OrgLink | undefined,
): { ok: true; egId: string; ejId: string | null } | { ok: false; reason: string } {
  const resolved = resolveEstablishment(providedBy, lookup as (id: string) => OrganizationRecord | undefined);
  if (!resolved.ok) return resolved;
  return {
    ok: true,
    egId: resolved.value.establishment.rorId,
    ejId: resolved.value.legalEntity?.rorId ?? null,
  };
}

export interface AssembleInput {
  /** The establishments to write, with their EJ record when known. */
  establishments: { eg: OrganizationRecord; ej: OrganizationRecord | null }[];
  services: { record: ServiceRecord; egId: string }[];
  locations: ReadonlyMap<string, LocationRecord>;
  /** Reasons to show beside an establishment (its own or its units' mapping errors), first one kept. */
  establishmentErrors: Map<string, string>;
  /** Whether the batch carries every unit of its establishments (full load, establishment run). */
  complete: boolean;
  seenUnitIds: string[];
}

export function assemble(input: AssembleInput): { batch: MergeBatch; errors: SyncErrorRow[] } {
  const errors: SyncErrorRow[] = [];
  const batch: MergeBatch = {
    establishments: [],
    units: [],
    completeEstablishments: [],
    seenUnitIds: input.seenUnitIds,
    establishmentErrors: input.establishmentErrors,
  };
  const written = new Set<string>();
  for (const { eg, ej } of input.establishments) {
    try {
      batch.establishments.push(establishmentRow(eg, ej));
      written.add(eg.rorId);
      if (input.complete) batch.completeEstablishments.push(eg.rorId);
    } catch {
      const reason = 'entité géographique sans FINESS ou sans département : établissement ignoré';
      errors.push({ resourceType: 'Organization', resourceId: eg.rorId, reason });
      if (!input.establishmentErrors.has(eg.rorId)) input.establishmentErrors.set(eg.rorId, reason);
    }
  }
  for (const { record, egId } of input.services) {
    const location = record.locationIds.map((id) => input.locations.get(id)).find((l) => l !== undefined) ?? null;
    // A place named but not read (an unreadable line): what the unit holds from it is kept.
    const keepLocation = location === null && record.locationIds.length > 0;
    batch.units.push({ ...unitRow(record, location), establishmentRorId: egId, keepLocation });
  }
  return { batch, errors };
}

/** « Unité X : reason », what an establishment in error shows for one of its units. */
export function unitErrorReason(serviceId: string, reason: string): string {
  return `Offre « ${serviceId} » : ${reason}`;
}
