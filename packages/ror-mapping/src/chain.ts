import type { Mapped, OrganizationRecord } from './types';

/** Far deeper than any real chain (EG → pôle → service → UF): past it, something loops. */
const MAX_DEPTH = 32;

/**
 * The establishment (entité géographique) an organisation belongs to: `orgId` itself when it is
 * an EG, else the EG its `partOf` chain reaches through organisations internes; and the entité
 * juridique above that EG when the lookup knows it (null otherwise: the EJ is not needed to place
 * a unit). A missing link, a cycle, or a chain that reaches an EJ without passing an EG is an
 * error naming the organisation where the chain breaks.
 */
export function resolveEstablishment(
  orgId: string,
  lookup: (id: string) => OrganizationRecord | undefined,
): Mapped<{ establishment: OrganizationRecord; legalEntity: OrganizationRecord | null }> {
  let current = lookup(orgId);
  if (current === undefined) return { ok: false, reason: `partOf : organisation « ${orgId} » introuvable` };
  const seen: string[] = [current.rorId];
  while (current.level === 'INTERNAL') {
    const parentId: string | null = current.partOf;
    if (parentId === null) {
      return {
        ok: false,
        reason: `partOf : l’organisation interne « ${current.rorId} » n’est rattachée à aucune entité géographique`,
      };
    }
    if (seen.includes(parentId) || seen.length >= MAX_DEPTH) {
      return { ok: false, reason: `partOf : la chaîne des organisations boucle (${[...seen, parentId].join(' → ')})` };
    }
    const parent = lookup(parentId);
    if (parent === undefined) {
      return {
        ok: false,
        reason: `partOf : organisation « ${parentId} » introuvable (chaîne rompue après « ${current.rorId} »)`,
      };
    }
    seen.push(parentId);
    current = parent;
  }
  if (current.level === 'EJ') {
    return {
      ok: false,
      reason: `partOf : la chaîne depuis « ${orgId} » atteint l’entité juridique « ${current.rorId} » sans entité géographique`,
    };
  }
  const above = current.partOf === null ? undefined : lookup(current.partOf);
  return { ok: true, value: { establishment: current, legalEntity: above?.level === 'EJ' ? above : null } };
}
