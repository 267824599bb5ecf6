import type { DB } from '@trajectoire/db';
import {
  type accountDataSchema,
  canAttachAccount,
  canManageAccount,
  habilitationActions,
  type ManagedAccount,
  normalizeForSearch,
  parisDate,
} from '@trajectoire/domain';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { type AccountPlaceRow, listHabilitationsOfAccount, placesOfAccountById } from '../access/queries';
import type { Viewer } from '../access/viewer';
import { recordAudit } from '../audit/queries';
import { ACTIVATION_LINK_LIFETIME_MS } from '../auth/password-reset';
import type { CoreDeps, RequestMeta } from '../deps';
import { placeState } from '../directory/queries';
import { enqueue } from '../jobs/map';
import { issueAccountToken } from '../shared/account-tokens';
import { AppError } from '../shared/errors';
import { overRateLimit } from '../shared/rate-limit';
import { requestEmailChange, retirePendingEmailChange } from './email-change';
import * as dq from './queries';

export type AccountData = z.infer<typeof accountDataSchema>;

const NOT_REFERENT = 'Seuls les référents et les administrateurs gèrent les comptes des utilisateurs.';
const OUT_OF_SCOPE =
  "Ce compte n'est ni rattaché à votre périmètre ni titulaire d'une habilitation dans votre périmètre : seuls ses référents (ou un administrateur) peuvent le modifier.";

export function emailInUseMessage(email: string): string {
  return `L'adresse e-mail ${email} est déjà utilisée par un autre compte actif. Une adresse doit être propre à une seule personne : recherchez ce compte par son adresse e-mail dans « Rechercher un utilisateur ».`;
}

function requireReferent(viewer: Viewer): void {
  if (!viewer.authorization.isReferent) throw new AppError('FORBIDDEN', NOT_REFERENT);
}

const SELF =
  'Votre propre compte se modifie depuis « Mon compte » (le mot de passe y est demandé pour les changements sensibles).';

function managedAccount(account: { national_admin: boolean }, places: AccountPlaceRow[]): ManagedAccount {
  return { nationalAdmin: account.national_admin, places };
}

async function requireManageable(deps: CoreDeps, viewer: Viewer, accountId: string) {
  requireReferent(viewer);
  if (accountId === viewer.account.id) throw new AppError('FORBIDDEN', SELF);
  const account = await dq.findAccountDetail(deps.db, accountId);
  if (!account) throw new AppError('NOT_FOUND', 'Compte introuvable.');
  const places = await placesOfAccountById(deps.db, accountId);
  if (!canManageAccount(viewer.authorization, managedAccount(account, places)))
    throw new AppError('FORBIDDEN', OUT_OF_SCOPE);
  return account;
}

/** The establishments an account belongs to, by name, once each: what tells two namesakes apart. */
function establishmentNames(places: AccountPlaceRow[]): string[] {
  return [...new Set(places.map((p) => p.establishmentName))].sort((a, b) => a.localeCompare(b, 'fr'));
}

/**
 * « Rechercher un utilisateur »: every active account, wherever it was created, so that nobody gets
 * two. Outside the caller's scope a result shows only what tells whether the person already has an
 * account (names, username, e-mail, state, establishments), and its page says it cannot be changed.
 */
export async function searchAccounts(
  deps: CoreDeps,
  viewer: Viewer,
  input: { query: string; page: number; pageSize: number },
) {
  requireReferent(viewer);
  const now = deps.clock.now();
  if (
    await overRateLimit(deps.db, `search:account:${viewer.account.id}`, deps.config.rateLimits.searchPerViewer, now)
  ) {
    throw new AppError('RATE_LIMITED', 'Trop de recherches en peu de temps. Patientez une minute avant de reprendre.');
  }
  const result = await dq.searchAccounts(deps.db, input.query, {
    limit: input.pageSize,
    offset: (input.page - 1) * input.pageSize,
  });
  return {
    hasMore: result.hasMore,
    accounts: result.accounts.map(({ places, nationalAdmin, ...account }) => ({
      ...account,
      establishments: establishmentNames(places),
      // One's own account is changed from « Mon compte », as on its page.
      manageable: account.id !== viewer.account.id && canManageAccount(viewer.authorization, { nationalAdmin, places }),
    })),
  };
}

/**
 * An account's page. Its phones, profession and habilitations are shown only to those who may
 * manage it; anyone else sees what de-duplication needs, as in the search.
 */
export async function getAccount(deps: CoreDeps, viewer: Viewer, accountId: string) {
  requireReferent(viewer);
  const account = await dq.findAccountDetail(deps.db, accountId);
  if (!account) throw new AppError('NOT_FOUND', 'Compte introuvable.');
  const places = await placesOfAccountById(deps.db, accountId);
  const manageable =
    accountId !== viewer.account.id && canManageAccount(viewer.authorization, managedAccount(account, places));
  const visible = manageable || viewer.authorization.nationalAdmin || accountId === viewer.account.id;
  const habilitations = visible ? await listHabilitationsOfAccount(deps.db, accountId) : [];
  const today = parisDate(deps.clock.now());
  const own = accountId === viewer.account.id;
  return {
    id: account.id,
    username: account.username,
    lastName: account.last_name,
    firstName: account.first_name,
    email: account.email,
    phone: visible ? account.phone : null,
    mobile: visible ? account.mobile : null,
    profession: visible ? account.profession : null,
    blocked: account.blocked_at !== null,
    blockedAt: account.blocked_at,
    createdAt: account.created_at,
    manageable,
    restricted: !visible,
    establishments: establishmentNames(places),
    // What the référent may do to each, from its scope: the page offers only that.
    habilitations: habilitations.map((h) => ({ ...h, may: habilitationActions(viewer.authorization, h, own, today) })),
  };
}

export async function isEmailInUse(deps: CoreDeps, viewer: Viewer, email: string, exceptAccountId?: string) {
  requireReferent(viewer);
  const found = await dq.findActiveAccountByEmail(deps.db, email, exceptAccountId);
  return found !== undefined;
}

/** « prénom.nom », without accents, with a number when taken: readable and stable for life. */
async function freeUsername(trx: Transaction<DB>, firstName: string, lastName: string): Promise<string> {
  const clean = (s: string) =>
    normalizeForSearch(s)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const base = `${clean(firstName)}.${clean(lastName)}`.slice(0, 60) || 'utilisateur';
  const names = new Set(await dq.listUsernamesFrom(trx, base));
  if (!names.has(base)) return base;
  for (let n = 2; ; n++) if (!names.has(`${base}.${n}`)) return `${base}.${n}`;
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === constraint;
}

/**
 * Where a référent's new account goes: the place asked for, which must be in the référent's scope,
 * or, when none is asked, the référent's only place. An administrator may create an account placed
 * nowhere (then only administrators manage it until it holds a habilitation).
 */
async function placeOfNewAccount(
  deps: CoreDeps,
  viewer: Viewer,
  requested: { establishmentId: string; unitId?: string | undefined } | undefined,
): Promise<{ establishmentId: string; unitId: string | null } | undefined> {
  const authz = viewer.authorization;
  if (!requested) {
    if (authz.nationalAdmin) return undefined;
    const places = [
      ...[...authz.establishmentScope].map((establishmentId) => ({ establishmentId, unitId: null })),
      ...[...authz.unitScope]
        .filter(([, establishmentId]) => !authz.establishmentScope.has(establishmentId))
        .map(([unitId, establishmentId]) => ({ establishmentId, unitId })),
    ];
    if (places.length === 1) return places[0];
    throw new AppError('INVALID_INPUT', 'Choisissez la structure ou l’unité de rattachement du nouveau compte.');
  }
  const place = { establishmentId: requested.establishmentId, unitId: requested.unitId ?? null };
  if (!canAttachAccount(authz, place))
    throw new AppError('FORBIDDEN', 'Vous ne pouvez créer un compte que dans votre structure ou vos unités.');
  const state = await placeState(deps.db, place.establishmentId, place.unitId);
  if (state === 'MISSING') throw new AppError('INVALID_INPUT', "Cette unité n'appartient pas à cette structure.");
  // As for habilitations: a place closed (by the ROR or by hand) receives nobody new.
  if (state === 'CLOSED')
    throw new AppError('DIRECTORY_CLOSED', 'Ce lieu est fermé : aucun nouveau compte ne peut y être rattaché.');
  return place;
}

/** « + Créer un utilisateur »: the person then receives a link to choose a password. */
export async function createAccount(
  deps: CoreDeps,
  viewer: Viewer,
  data: AccountData,
  meta: RequestMeta,
  requestedPlace?: { establishmentId: string; unitId?: string | undefined },
) {
  requireReferent(viewer);
  const now = deps.clock.now();
  const place = await placeOfNewAccount(deps, viewer, requestedPlace);
  if (await dq.findActiveAccountByEmail(deps.db, data.email)) {
    throw new AppError('EMAIL_IN_USE', emailInUseMessage(data.email));
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.db.transaction().execute(async (trx) => {
        const username = await freeUsername(trx, data.firstName, data.lastName);
        const id = await dq.insertAccount(trx, {
          username,
          lastName: data.lastName,
          firstName: data.firstName,
          email: data.email,
          phone: data.phone,
          mobile: data.mobile,
          profession: data.profession || null,
          createdAt: now,
        });
        if (place) await dq.insertAttachment(trx, { accountId: id, ...place, at: now, by: viewer.account.id });
        const token = await issueAccountToken(trx, deps.config.appSecret, {
          accountId: id,
          purpose: 'ACCOUNT_ACTIVATION',
          now,
          lifetimeMs: ACTIVATION_LINK_LIFETIME_MS,
        });
        await recordAudit(trx, {
          action: 'ACCOUNT_CREATED',
          at: now,
          actorAccountId: viewer.account.id,
          subjectAccountId: id,
          ip: meta.ip,
          userAgent: meta.userAgent,
          details: { after: { username, ...data, ...(place ? { place } : {}) } },
        });
        await enqueue(trx, 'account__send_password_link', { tokenId: token.id });
        return { id, username };
      });
    } catch (error) {
      // Two référents creating the same person at once: the unique index lets exactly one through.
      if (isUniqueViolation(error, 'accounts_active_email_key')) {
        throw new AppError('EMAIL_IN_USE', emailInUseMessage(data.email));
      }
      if (isUniqueViolation(error, 'accounts_username_key') && attempt < 5) continue;
      throw error;
    }
  }
}

const FIELD_COLUMNS = {
  lastName: 'last_name',
  firstName: 'first_name',
  email: 'email',
  phone: 'phone',
  mobile: 'mobile',
  profession: 'profession',
} as const;

export async function updateAccount(
  deps: CoreDeps,
  viewer: Viewer,
  accountId: string,
  data: AccountData,
  meta: RequestMeta,
) {
  const account = await requireManageable(deps, viewer, accountId);
  return applyAccountChanges(deps, viewer.account.id, account, data, meta);
}

/**
 * Writes the changed fields, with before/after in the audit log; a new e-mail notifies the old one.
 * A new e-mail typed by someone else than the holder only starts its confirmation.
 */
export async function applyAccountChanges(
  deps: CoreDeps,
  actorAccountId: string,
  account: NonNullable<Awaited<ReturnType<typeof dq.findAccountDetail>>>,
  data: Partial<AccountData>,
  meta: RequestMeta,
): Promise<{ changed: string[] }> {
  if (actorAccountId !== account.id && data.email !== undefined && data.email !== account.email) {
    // Someone else than the holder: the new address confirms it first (email-change.ts); the rest applies now.
    const { email, ...others } = data;
    if (await dq.findActiveAccountByEmail(deps.db, email, account.id)) {
      throw new AppError('EMAIL_IN_USE', emailInUseMessage(email));
    }
    const { changed } = await applyAccountChanges(deps, actorAccountId, account, others, meta);
    await requestEmailChange(deps, actorAccountId, account.id, email, meta);
    return { changed: [...changed, 'pendingEmail'] };
  }
  const now = deps.clock.now();
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const set: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(FIELD_COLUMNS) as [
    keyof AccountData,
    (typeof FIELD_COLUMNS)[keyof AccountData],
  ][]) {
    if (!(field in data)) continue;
    const value = field === 'profession' ? data[field] || null : data[field];
    if (value === undefined || value === account[column]) continue;
    before[field] = account[column];
    after[field] = value;
    set[column] = value;
  }
  if (Object.keys(set).length === 0) return { changed: [] as string[] };
  const emailChanged = 'email' in after;
  if (emailChanged && (await dq.findActiveAccountByEmail(deps.db, after.email as string, account.id))) {
    throw new AppError('EMAIL_IN_USE', emailInUseMessage(after.email as string));
  }
  if ('mobile' in after) {
    // A new number must be verified again before codes go to it.
    set.mobile_verified_at = null;
    set.code_channel = 'EMAIL';
  }
  try {
    await deps.db.transaction().execute(async (trx) => {
      await dq.updateAccountColumns(trx, account.id, set, now);
      const auditId = await recordAudit(trx, {
        action: 'ACCOUNT_UPDATED',
        at: now,
        actorAccountId,
        subjectAccountId: account.id,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { before, after },
      });
      if (emailChanged) {
        // The holder's own choice replaces any change a référent asked for.
        await retirePendingEmailChange(trx, account.id, now);
        await enqueue(trx, 'account__send_email_changed', { auditEventId: auditId });
      }
    });
  } catch (error) {
    if (isUniqueViolation(error, 'accounts_active_email_key')) {
      throw new AppError('EMAIL_IN_USE', emailInUseMessage(after.email as string));
    }
    throw error;
  }
  return { changed: Object.keys(after) };
}

/** The padlock: lets the person sign in again with their usual password. */
export async function unblockAccount(deps: CoreDeps, viewer: Viewer, accountId: string, meta: RequestMeta) {
  const account = await requireManageable(deps, viewer, accountId);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await dq.unblockAccount(trx, account.id, now))) throw new AppError('CONFLICT', "Ce compte n'est pas bloqué.");
    await recordAudit(trx, {
      action: 'ACCOUNT_UNBLOCKED',
      at: now,
      actorAccountId: viewer.account.id,
      subjectAccountId: account.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { before: { blockedAt: account.blocked_at?.toISOString() }, after: { blockedAt: null } },
    });
  });
}
