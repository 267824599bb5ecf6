import type { DB } from '@trajectoire/db';
import {
  canGrant,
  canManageAccount,
  changeEnd,
  checkNewValidity,
  type Domain,
  grantableLevels,
  type grantHabilitationsInput,
  habilitationActions,
  isOwnEndChangeAllowed,
  type Level,
  maxEndFor,
  PROFILE_CODES,
  PROFILES,
  type ProfileCode,
  type Prolongation,
  parisDate,
  resolvePrivileges,
} from '@trajectoire/domain';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { managedAccountsByIds } from '../access/queries';
import type { Viewer } from '../access/viewer';
import { recordAudit } from '../audit/queries';
import type { CoreDeps, RequestMeta } from '../deps';
import * as places from '../directory/queries';
import { AppError } from '../shared/errors';
import * as q from './queries';

export type GrantInput = z.infer<typeof grantHabilitationsInput>;

const GONE = "Cette habilitation n'existe plus : elle vient peut-être d'être supprimée.";
const OWN_PROLONGATION =
  'Vous ne pouvez pas prolonger votre propre habilitation : demandez-le à un autre référent de votre structure. Vous pouvez en revanche la réduire.';
const OUT_OF_SCOPE = "Cette habilitation est hors de votre périmètre : vous ne pouvez ni l'attribuer ni la modifier.";

function auditMeta(viewer: Viewer, meta: RequestMeta) {
  return { actorAccountId: viewer.account.id, ip: meta.ip, userAgent: meta.userAgent };
}

/** A recipient of a grant, as the référent reads it: « Prénom Nom (nom.utilisateur) ». */
export interface GrantRecipient {
  accountId: string;
  name: string;
}

/**
 * Gives the same habilitation to every selected user, on every selected unit, in one
 * transaction: all rows are written or none. A user who already holds it there (same profile,
 * domain, level and place, not ended) is left as is rather than given a duplicate, and reported.
 */
export async function grantHabilitations(deps: CoreDeps, viewer: Viewer, input: GrantInput, meta: RequestMeta) {
  const now = deps.clock.now();
  const today = parisDate(now);
  const profile = PROFILES[input.profile];
  if (!profile.domains.includes(input.domain as Domain)) {
    throw new AppError('INVALID_INPUT', `Le profil « ${profile.label} » ne s'attribue pas dans ce domaine.`);
  }
  if (!profile.levels.includes(input.level as Level)) {
    throw new AppError('INVALID_INPUT', `Le profil « ${profile.label} » ne s'attribue pas à ce niveau.`);
  }
  const startsOn = input.startsOn ?? today;
  const endsOn = input.endsOn ?? maxEndFor(startsOn);
  const validity = checkNewValidity(startsOn, endsOn, today);
  if (validity) throw new AppError('INVALID_INPUT', validity);
  const resolved = resolvePrivileges(input.profile, input.privileges);
  if (!resolved.ok)
    throw new AppError('INVALID_INPUT', resolved.problems.map((p) => p.message).join(' '), {
      problems: resolved.problems,
    });

  const unitIds = input.level === 'UNIT' ? [...new Set(input.unitIds)] : [];
  if (unitIds.length > 0) {
    const found = await places.unitsOfEstablishment(deps.db, input.establishmentId, unitIds);
    if (found.length !== unitIds.length)
      throw new AppError('INVALID_INPUT', "Une des unités choisies n'appartient pas à cette structure.");
    // A closed unit keeps the habilitations it had; it receives no new one.
    const closed = found.filter((u) => u.closed_at !== null).map((u) => `« ${u.name} »`);
    if (closed.length > 0)
      throw new AppError(
        'DIRECTORY_CLOSED',
        closed.length === 1
          ? `L'unité ${closed[0]} est fermée : aucune nouvelle habilitation ne peut y être attribuée.`
          : `Les unités ${closed.join(', ')} sont fermées : aucune nouvelle habilitation ne peut y être attribuée.`,
        { closedUnitIds: found.filter((u) => u.closed_at !== null).map((u) => u.id) },
      );
  }
  if (input.level === 'ADMISSION_DESK') {
    const desk = input.admissionDeskId
      ? await places.deskOfEstablishment(deps.db, input.establishmentId, input.admissionDeskId)
      : undefined;
    if (!desk) throw new AppError('INVALID_INPUT', "Ce guichet d'admission n'appartient pas à cette structure.");
    if (desk.closed_at)
      throw new AppError(
        'DIRECTORY_CLOSED',
        `Le guichet d'admission « ${desk.name} » est fermé : aucune nouvelle habilitation ne peut y être attribuée.`,
      );
  }
  const targets =
    input.level === 'UNIT'
      ? unitIds.map((unitId) => ({ unitId, admissionDeskId: null }))
      : [{ unitId: null, admissionDeskId: input.level === 'ADMISSION_DESK' ? (input.admissionDeskId ?? null) : null }];
  for (const target of targets) {
    if (
      !canGrant(viewer.authorization, {
        profile: input.profile,
        level: input.level,
        establishmentId: input.establishmentId,
        unitId: target.unitId,
      })
    ) {
      throw new AppError('FORBIDDEN', OUT_OF_SCOPE);
    }
  }
  const accountIds = [...new Set(input.accountIds)];
  const recipients = await requireManageableRecipients(deps, viewer, accountIds);

  return deps.db.transaction().execute(async (trx) => {
    await q.lockAccounts(trx, accountIds);
    const held = await q.heldHabilitations(trx, {
      accountIds,
      profile: input.profile,
      domain: input.domain,
      level: input.level,
      establishmentId: input.establishmentId,
      unitIds,
      admissionDeskId: input.level === 'ADMISSION_DESK' ? (input.admissionDeskId ?? null) : null,
      today,
    });
    const holds = (accountId: string, target: (typeof targets)[number]) =>
      held.some(
        (h) =>
          h.account_id === accountId &&
          (input.level !== 'UNIT' || h.unit_id === target.unitId) &&
          (input.level !== 'ADMISSION_DESK' || h.admission_desk_id === target.admissionDeskId),
      );
    const toWrite = accountIds.flatMap((accountId) =>
      targets.filter((target) => !holds(accountId, target)).map((target) => ({ accountId, target })),
    );
    const rows = await q.insertHabilitations(
      trx,
      toWrite.map(({ accountId, target }) => ({
        accountId,
        profile: input.profile,
        domain: input.domain,
        level: input.level,
        establishmentId: input.establishmentId,
        unitId: target.unitId,
        admissionDeskId: target.admissionDeskId,
        startsOn,
        endsOn,
        privileges: resolved.privileges,
        createdAt: now,
        createdBy: viewer.account.id,
      })),
    );
    for (const row of rows) {
      await recordAudit(trx, {
        action: 'HABILITATION_GRANTED',
        at: now,
        subjectAccountId: row.account_id,
        ...auditMeta(viewer, meta),
        details: {
          habilitationId: row.id,
          after: {
            profile: input.profile,
            domain: input.domain,
            level: input.level,
            establishmentId: input.establishmentId,
            unitId: row.unit_id,
            admissionDeskId: row.admission_desk_id,
            startsOn,
            endsOn,
            privileges: resolved.privileges,
          },
        },
      });
    }
    const receiving = new Set(rows.map((r) => r.account_id));
    return {
      ids: rows.map((r) => r.id),
      startsOn,
      endsOn,
      granted: recipients.filter((r) => receiving.has(r.accountId)),
      // With the units already held, when the grant was on units: the others may have been received.
      alreadyHolding: recipients.flatMap((r) => {
        const own = held.filter((h) => h.account_id === r.accountId);
        if (own.length === 0) return [];
        const units = [...new Set(own.flatMap((h) => (h.unit_name === null ? [] : [h.unit_name])))];
        return [{ ...r, unitNames: input.level === 'UNIT' ? units : [] }];
      }),
    };
  });
}

/**
 * Every receiving account must be one the viewer may manage (granting would otherwise bring any
 * account into the viewer's scope), and nobody grants to themselves. The whole request is refused,
 * naming each refused account and why.
 */
async function requireManageableRecipients(
  deps: CoreDeps,
  viewer: Viewer,
  accountIds: string[],
): Promise<GrantRecipient[]> {
  const accounts = await managedAccountsByIds(deps.db, accountIds);
  if (accounts.length !== accountIds.length)
    throw new AppError('NOT_FOUND', "Un des utilisateurs choisis n'existe pas ou n'est plus actif.");
  const refused = accounts.flatMap((a): { accountId: string; name: string; reason: 'SELF' | 'OUT_OF_SCOPE' }[] => {
    const name = `${a.first_name} ${a.last_name} (${a.username})`;
    if (a.id === viewer.account.id) return [{ accountId: a.id, name, reason: 'SELF' }];
    if (!canManageAccount(viewer.authorization, { nationalAdmin: a.national_admin, places: a.places }))
      return [{ accountId: a.id, name, reason: 'OUT_OF_SCOPE' }];
    return [];
  });
  if (refused.length === 0) {
    // In the order the référent selected them.
    const names = new Map(accounts.map((a) => [a.id, `${a.first_name} ${a.last_name} (${a.username})`]));
    return accountIds.map((accountId) => ({ accountId, name: names.get(accountId) ?? '' }));
  }
  const lines = refused.map((r) =>
    r.reason === 'SELF'
      ? `${r.name} : on ne s'attribue pas soi-même une habilitation`
      : `${r.name} : compte hors de votre périmètre`,
  );
  throw new AppError(
    'FORBIDDEN',
    `Aucune habilitation n'a été attribuée. ${refused.length > 1 ? 'Comptes refusés' : 'Compte refusé'} : ${lines.join(' ; ')}.`,
    { refusedAccounts: refused },
  );
}

/**
 * Who may write a habilitation: a référent whose scope covers it (`canGrant`), or, for what the
 * holder may do to their own rights (stop the e-mails, delete it), the holder too. « Mon compte »
 * acts as the holder only: someone else's habilitation is not found there.
 */
export type HabilitationWriter = 'REFERENT' | 'HOLDER_OR_REFERENT' | 'HOLDER';

const NOT_YOURS = 'Habilitation introuvable parmi les vôtres.';

async function lockWritable(trx: Transaction<DB>, viewer: Viewer, id: string, writer: HabilitationWriter) {
  const habilitation = await q.lockHabilitation(trx, id);
  const own = habilitation?.account_id === viewer.account.id;
  if (writer === 'HOLDER') {
    if (!habilitation || !own) throw new AppError('NOT_FOUND', NOT_YOURS);
    return habilitation;
  }
  if (!habilitation) throw new AppError('NOT_FOUND', GONE);
  if (writer === 'HOLDER_OR_REFERENT' && own) return habilitation;
  const target = {
    profile: habilitation.profile,
    level: habilitation.level as Level,
    establishmentId: habilitation.establishment_id,
    unitId: habilitation.unit_id,
  };
  if (!canGrant(viewer.authorization, target)) throw new AppError('FORBIDDEN', OUT_OF_SCOPE);
  return habilitation;
}

/** The calendar: prolong by 6 months, 1, 2 or 5 years from today, or choose a date (today at the earliest, which ends it tonight). */
export async function changeHabilitationEnd(
  deps: CoreDeps,
  viewer: Viewer,
  id: string,
  change: { prolongation: Prolongation } | { endsOn: string },
  meta: RequestMeta,
) {
  const now = deps.clock.now();
  const today = parisDate(now);
  return deps.db.transaction().execute(async (trx) => {
    const habilitation = await lockWritable(trx, viewer, id, 'REFERENT');
    const result = changeEnd({ startsOn: habilitation.starts_on }, change, today);
    if (!result.ok) throw new AppError('INVALID_INPUT', result.message);
    if (habilitation.account_id === viewer.account.id && !isOwnEndChangeAllowed(habilitation.ends_on, result.endsOn))
      throw new AppError('FORBIDDEN', OWN_PROLONGATION);
    await q.setHabilitationDates(trx, id, result, now);
    await recordAudit(trx, {
      action: 'HABILITATION_UPDATED',
      at: now,
      subjectAccountId: habilitation.account_id,
      ...auditMeta(viewer, meta),
      details: {
        habilitationId: id,
        before: { startsOn: habilitation.starts_on, endsOn: habilitation.ends_on },
        after: { startsOn: result.startsOn, endsOn: result.endsOn },
      },
    });
    return { startsOn: result.startsOn, endsOn: result.endsOn };
  });
}

/** The cross, after confirmation in the portal: by a référent in scope, or by the holder (« Mon compte »). */
export async function deleteHabilitation(
  deps: CoreDeps,
  viewer: Viewer,
  id: string,
  meta: RequestMeta,
  writer: HabilitationWriter,
) {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const habilitation = await lockWritable(trx, viewer, id, writer);
    await q.deleteHabilitationRow(trx, id);
    await recordAudit(trx, {
      action: 'HABILITATION_DELETED',
      at: now,
      subjectAccountId: habilitation.account_id,
      ...auditMeta(viewer, meta),
      details: { habilitationId: id, before: habilitation },
    });
  });
}

/** « Réception des e-mails »: the review's checkbox (a référent) or « Mon compte » (the holder). */
export async function setHabilitationEmails(
  deps: CoreDeps,
  viewer: Viewer,
  id: string,
  receiveEmails: boolean,
  meta: RequestMeta,
  writer: HabilitationWriter,
) {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const habilitation = await lockWritable(trx, viewer, id, writer);
    if (habilitation.receive_emails === receiveEmails) return;
    await q.setReceiveEmails(trx, id, receiveEmails, now);
    await recordAudit(trx, {
      action: 'HABILITATION_UPDATED',
      at: now,
      subjectAccountId: habilitation.account_id,
      ...auditMeta(viewer, meta),
      details: { habilitationId: id, before: { receiveEmails: habilitation.receive_emails }, after: { receiveEmails } },
    });
  });
}

/** Which part of an establishment the viewer may review: all of it, or only its units. */
export function reviewScope(viewer: Viewer, establishmentId: string): { onlyUnitIds?: string[] } {
  const authz = viewer.authorization;
  if (authz.nationalAdmin || authz.establishmentScope.has(establishmentId)) return {};
  const units = [...authz.unitScope].filter(([, e]) => e === establishmentId).map(([u]) => u);
  if (units.length === 0)
    throw new AppError(
      'FORBIDDEN',
      'Cette structure est hors de votre périmètre : vous ne pouvez pas en revoir les habilitations.',
    );
  return { onlyUnitIds: units };
}

export async function reviewHabilitations(
  deps: CoreDeps,
  viewer: Viewer,
  input: q.ReviewFilters & {
    sort: 'NAME' | 'PROFILE' | 'END';
    direction: 'ASC' | 'DESC';
    page: number;
    pageSize: number;
  },
) {
  const scope = reviewScope(viewer, input.establishmentId);
  const today = parisDate(deps.clock.now());
  const page = await q.reviewPage(
    deps.db,
    { ...input, ...scope },
    input.sort,
    input.direction,
    input.pageSize,
    (input.page - 1) * input.pageSize,
  );
  return {
    total: page.total,
    // What the référent may do to each row: the portal offers only that.
    rows: page.rows.map((r) => ({
      ...r,
      may: habilitationActions(
        viewer.authorization,
        { ...r, establishmentId: input.establishmentId },
        r.accountId === viewer.account.id,
        today,
      ),
    })),
  };
}

/**
 * The structures a viewer may administer, with their units and desks, for the review and grant
 * forms, and in each the profiles it may grant there with their levels (only those).
 */
export async function administeredStructures(deps: CoreDeps, viewer: Viewer, departement?: string) {
  const authz = viewer.authorization;
  if (!authz.isReferent)
    throw new AppError('FORBIDDEN', 'Seuls les référents et les administrateurs gèrent les habilitations.');
  const unitEstablishments = [...new Set(authz.unitScope.values())];
  const establishments = await places.listEstablishmentsByDepartement(deps.db, {
    onlyIds: authz.nationalAdmin ? undefined : [...authz.establishmentScope, ...unitEstablishments],
    departement,
  });
  if (establishments.length === 0) return [];
  const ids = establishments.map((e) => e.id);
  const [units, desks] = await Promise.all([
    places.listUnitsOfEstablishments(deps.db, ids),
    places.listDesksOfEstablishments(deps.db, ids),
  ]);
  return establishments.map((e) => {
    const whole = authz.nationalAdmin || authz.establishmentScope.has(e.id);
    // Closed units and desks stay listed (their habilitations are reviewed), marked closed: nothing is granted there.
    const ownUnits = units
      .filter((u) => u.establishment_id === e.id && (whole || authz.unitScope.get(u.id) === e.id))
      .map((u) => ({ id: u.id, name: u.name, kind: u.kind, closed: u.closed_at !== null }));
    const ownDesks = whole
      ? desks
          .filter((d) => d.establishment_id === e.id)
          .map((d) => ({ id: d.id, name: d.name, closed: d.closed_at !== null }))
      : [];
    const place = {
      establishmentId: e.id,
      unitIds: ownUnits.filter((u) => !u.closed).map((u) => u.id),
      hasAdmissionDesks: ownDesks.some((d) => !d.closed),
    };
    return {
      id: e.id,
      name: e.name,
      departement: e.departement,
      finess: e.finess.trim(),
      wholeEstablishment: whole,
      units: ownUnits,
      admissionDesks: ownDesks,
      profiles: PROFILE_CODES.flatMap((code) => {
        const levels = grantableLevels(authz, code, place);
        return levels.length > 0 ? [{ code, levels }] : [];
      }),
    };
  });
}

export type { ProfileCode };
