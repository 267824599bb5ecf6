import type { Level, ProfileCode } from './profiles';
import { isProfileCode, PROFILES } from './profiles';

/** A habilitation as the authorization core needs it: dates are ISO calendar days. */
export interface HabilitationGrant {
  profile: string;
  level: Level;
  establishmentId: string;
  unitId: string | null;
  admissionDeskId: string | null;
  startsOn: string;
  endsOn: string;
}

/** What can be acted upon: an establishment (and all it contains), or one unit of it. */
export type Target = { establishmentId: string; unitId?: string | null };

/** Administrative actions a referent may take on the things in its scope. */
export const ACTIONS = ['accounts.manage', 'habilitations.manage', 'directory.edit', 'observatory.order'] as const;
export type Action = (typeof ACTIONS)[number];

const REFERENT_ACTIONS: readonly Action[] = ACTIONS;

/** A habilitation grants something only on the days from its start to its end, both included. */
export function isActiveOn(grant: Pick<HabilitationGrant, 'startsOn' | 'endsOn'>, today: string): boolean {
  return grant.startsOn <= today && today <= grant.endsOn;
}

export interface Authorization {
  nationalAdmin: boolean;
  /** The active grants, for display and for finer checks. */
  grants: readonly HabilitationGrant[];
  /** Establishments on which the account administers everything (Référent structure). */
  establishmentScope: ReadonlySet<string>;
  /** Units the account administers (Référent unité, or inside a Référent structure's establishment). */
  unitScope: ReadonlyMap<string, string>;
  can(action: Action, target: Target): boolean;
  /** True when the account administers at least something (for menus). */
  isReferent: boolean;
}

/**
 * Derives what an account may do, and where, from its habilitations on a given day.
 * A Référent structure acts on its establishment and every unit in it; a Référent unité
 * on its units only; a national administrator everywhere. Other profiles grant no
 * administrative action.
 */
export function authorize(
  account: { nationalAdmin: boolean },
  habilitations: readonly HabilitationGrant[],
  today: string,
): Authorization {
  const grants = habilitations.filter((h) => isActiveOn(h, today) && isProfileCode(h.profile));
  const establishmentScope = new Set<string>();
  const unitScope = new Map<string, string>();
  for (const grant of grants) {
    const profile = grant.profile as ProfileCode;
    if (profile === 'REFERENT_STRUCTURE' && grant.level === 'ESTABLISHMENT') {
      establishmentScope.add(grant.establishmentId);
    } else if (profile === 'REFERENT_UNITE' && grant.level === 'UNIT' && grant.unitId) {
      unitScope.set(grant.unitId, grant.establishmentId);
    }
  }
  const nationalAdmin = account.nationalAdmin;
  return {
    nationalAdmin,
    grants,
    establishmentScope,
    unitScope,
    isReferent: nationalAdmin || establishmentScope.size > 0 || unitScope.size > 0,
    can(action, target) {
      if (!REFERENT_ACTIONS.includes(action)) return false;
      if (nationalAdmin) return true;
      if (establishmentScope.has(target.establishmentId)) return true;
      // A unit referent acts on its units, never on the establishment as a whole.
      if (!target.unitId) return false;
      return unitScope.get(target.unitId) === target.establishmentId;
    },
  };
}

/** A place an account belongs to: where it holds a habilitation, or where it was created. */
export type AccountPlace = Pick<HabilitationGrant, 'establishmentId' | 'unitId'>;

/** What decides who may manage an account. */
export interface ManagedAccount {
  nationalAdmin: boolean;
  /** Its habilitations' places and the places it was created in (its attachments). */
  places: readonly AccountPlace[];
}

/**
 * May `actor` manage (update, unblock, grant to) this account? An administrator, any account.
 * A référent, an account with at least one place in its scope: one it created there, or one
 * holding a habilitation there. An account placed nowhere in the actor's scope, including one
 * placed nowhere at all, is an administrator's alone; a national administrator's account is
 * managed by no one but another administrator.
 */
export function canManageAccount(actor: Authorization, subject: ManagedAccount): boolean {
  if (actor.nationalAdmin) return true;
  if (subject.nationalAdmin || !actor.isReferent) return false;
  return subject.places.some((p) =>
    actor.can('accounts.manage', { establishmentId: p.establishmentId, unitId: p.unitId }),
  );
}

/**
 * Where a new account may be created by `actor`: a référent's establishment (a Référent
 * structure) or one of its units; an administrator anywhere.
 */
export function canAttachAccount(actor: Authorization, place: AccountPlace): boolean {
  return actor.can('accounts.manage', { establishmentId: place.establishmentId, unitId: place.unitId });
}

/**
 * May the holder change the end of one of their own habilitations this way? Only to shorten it:
 * nobody prolongs, widens or grants their own rights.
 */
export function isOwnEndChangeAllowed(currentEndsOn: string, newEndsOn: string): boolean {
  return newEndsOn <= currentEndsOn;
}

/** Where a habilitation applies, as far as rights to grant or change it go. */
export interface GrantTarget {
  profile: string;
  level: Level;
  establishmentId: string;
  unitId: string | null;
}

/**
 * May `actor` grant (or prolong, reduce, delete) this habilitation? A Référent structure over its
 * establishment, any level; a Référent unité only unit-level habilitations of its units, so it can
 * never create an establishment-wide right nor a Référent structure; an administrator everywhere.
 */
export function canGrant(actor: Authorization, target: GrantTarget): boolean {
  if (actor.nationalAdmin) return true;
  if (actor.establishmentScope.has(target.establishmentId)) return true;
  if (target.level !== 'UNIT' || !target.unitId) return false;
  if (target.profile === 'REFERENT_STRUCTURE') return false;
  return actor.unitScope.get(target.unitId) === target.establishmentId;
}

/** What a viewer may do to one habilitation: what the portal offers, each checked again when done. */
export interface HabilitationActions {
  /** Move the end later (the calendar's « 6 mois » … « 5 ans », or a later date). */
  prolong: boolean;
  /** Move the end earlier, down to today (which ends it tonight). */
  reduce: boolean;
  delete: boolean;
  setEmails: boolean;
}

/**
 * A référent acts on the habilitations it could grant (`canGrant`); on its own, it may reduce
 * and delete, never prolong (`isOwnEndChangeAllowed`). Reducing needs an end after today.
 */
export function habilitationActions(
  actor: Authorization,
  habilitation: GrantTarget & { endsOn: string },
  own: boolean,
  today: string,
): HabilitationActions {
  const inScope = canGrant(actor, habilitation);
  return {
    prolong: inScope && !own,
    reduce: inScope && habilitation.endsOn > today,
    delete: inScope,
    setEmails: inScope,
  };
}

/**
 * The levels at which `actor` may grant `profile` in an establishment, given the units of it
 * in the actor's scope and its admission desks: a Référent unité, the unit level in her units
 * only, and never a Référent structure. Empty when the profile cannot be granted there.
 */
export function grantableLevels(
  actor: Authorization,
  profile: ProfileCode,
  place: { establishmentId: string; unitIds: readonly string[]; hasAdmissionDesks: boolean },
): Level[] {
  const { establishmentId } = place;
  return PROFILES[profile].levels.filter((level) => {
    if (level === 'UNIT')
      return place.unitIds.some((unitId) => canGrant(actor, { profile, level, establishmentId, unitId }));
    if (level === 'ADMISSION_DESK' && !place.hasAdmissionDesks) return false;
    return canGrant(actor, { profile, level, establishmentId, unitId: null });
  });
}
