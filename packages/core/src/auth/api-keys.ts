import type { DB } from '@trajectoire/db';
import type { Transaction } from 'kysely';
import type { ApiKeyCredential } from '../access/credentials';
import { toHabilitationView } from '../access/queries';
import { type Viewer, viewerFrom } from '../access/viewer';
import { recordAudit } from '../audit/queries';
import type { CoreDeps, RequestMeta } from '../deps';
import { hashToken, randomToken, sameBytes } from '../shared/crypto';
import { AppError } from '../shared/errors';
import { verifyPassword } from '../shared/passwords';
import { hitRateLimit, refundRateLimit } from '../shared/rate-limit';
import * as q from './queries';

/** Live keys an account may hold at once: each one is a way in that outlives sessions. */
export const MAX_ACTIVE_API_KEYS = 10;
/** Wrong passwords when confirming a sensitive change: the bucket « Mon compte » counts them in too. */
const REAUTH_RULE = { limit: 5, windowMs: 15 * 60_000 };

const PREFIX = 'tpk';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `tpk_<key id>_<secret>`: the id finds the row, the secret is compared to its hash. */
function formatKey(id: string, secret: string): string {
  return `${PREFIX}_${id}_${secret}`;
}

function parseKey(key: string): { id: string; secret: string } | undefined {
  const match = /^tpk_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/.exec(key);
  if (!match?.[1] || !match[2] || !UUID.test(match[1])) return undefined;
  return { id: match[1], secret: match[2] };
}

export interface ApiKeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * The key is returned once, here; only its hash is kept. The password is asked again: a key
 * outlives the session, so a session left open (or stolen) must not be enough to mint one.
 */
export async function createApiKey(
  deps: CoreDeps,
  accountId: string,
  input: { name: string; password: string },
  meta: RequestMeta | null = null,
): Promise<{ id: string; key: string }> {
  const now = deps.clock.now();
  await confirmPassword(deps, accountId, input.password, meta);
  const secret = randomToken();
  const id = await deps.db.transaction().execute(async (trx) => {
    await q.lockAccount(trx, accountId);
    if ((await q.countActiveApiKeys(trx, accountId)) >= MAX_ACTIVE_API_KEYS) {
      throw new AppError(
        'CONFLICT',
        `Vous avez déjà ${MAX_ACTIVE_API_KEYS} clés d’API actives : révoquez-en une avant d’en créer une autre.`,
        { limit: MAX_ACTIVE_API_KEYS },
      );
    }
    const keyId = await q.insertApiKey(trx, accountId, input.name, hashToken(secret), now);
    await recordAudit(trx, {
      action: 'API_KEY_CREATED',
      at: now,
      actorAccountId: accountId,
      subjectAccountId: accountId,
      ip: meta?.ip ?? null,
      userAgent: meta?.userAgent ?? null,
      details: { keyId, name: input.name },
    });
    return keyId;
  });
  return { id, key: formatKey(id, secret) };
}

/**
 * Checks the account's password. A try is reserved before the Argon2 verification, so that
 * concurrent guesses cannot exceed the limit, and given back when the password is right: only
 * wrong ones count, in the same bucket as « Mon compte »'s confirmations.
 */
async function confirmPassword(deps: CoreDeps, accountId: string, password: string, meta: RequestMeta | null) {
  const now = deps.clock.now();
  const key = `reauth:${accountId}`;
  if ((await hitRateLimit(deps.db, key, REAUTH_RULE, now)) > REAUTH_RULE.limit) {
    throw new AppError('RATE_LIMITED', 'Trop de mots de passe erronés. Patientez quelques minutes avant de réessayer.');
  }
  const passwordHash = await q.findPasswordHash(deps.db, accountId);
  if (passwordHash && (await verifyPassword(passwordHash, password))) {
    await refundRateLimit(deps.db, key, REAUTH_RULE, now);
    return;
  }
  await recordAudit(deps.db, {
    action: 'REAUTHENTICATION_FAILED',
    at: now,
    actorAccountId: accountId,
    subjectAccountId: accountId,
    ip: meta?.ip ?? null,
    userAgent: meta?.userAgent ?? null,
    details: { purpose: 'API_KEY_CREATION' },
  });
  throw new AppError('WRONG_PASSWORD', 'Mot de passe incorrect.');
}

/**
 * Revokes every live key of the account, in the caller's transaction: a new password or a
 * blocked account ends every way in, keys included. The database tells every server's key
 * cache on commit (migration 0007).
 */
export async function revokeAccountApiKeys(
  trx: Transaction<DB>,
  values: {
    accountId: string;
    now: Date;
    reason: string;
    actorAccountId: string | null;
    meta: RequestMeta | null;
  },
): Promise<void> {
  const revoked = await q.revokeAllApiKeys(trx, values.accountId, values.now);
  for (const keyId of revoked) {
    await recordAudit(trx, {
      action: 'API_KEY_REVOKED',
      at: values.now,
      actorAccountId: values.actorAccountId,
      subjectAccountId: values.accountId,
      ip: values.meta?.ip ?? null,
      userAgent: values.meta?.userAgent ?? null,
      details: { keyId, reason: values.reason },
    });
  }
}

export async function listApiKeys(deps: CoreDeps, accountId: string): Promise<ApiKeySummary[]> {
  const rows = await q.listApiKeys(deps.db, accountId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

export async function revokeApiKey(deps: CoreDeps, accountId: string, keyId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const revoked = await q.revokeApiKey(trx, accountId, keyId, now);
    if (!revoked) throw new AppError('NOT_FOUND', 'Clé introuvable ou déjà révoquée.');
    await recordAudit(trx, {
      action: 'API_KEY_REVOKED',
      at: now,
      actorAccountId: accountId,
      subjectAccountId: accountId,
      details: { keyId },
    });
  });
}

/** Records a key's use, at most once a minute; `used` (a cached row too) learns the new time. */
async function touchIfStale(deps: CoreDeps, keyId: string, used: { last_used_at: Date | null }) {
  const now = deps.clock.now();
  if (!used.last_used_at || now.getTime() - used.last_used_at.getTime() > 60_000) {
    await q.touchApiKey(deps.db, keyId, now);
    used.last_used_at = now;
  }
}

async function loadApiKeyCredential(deps: CoreDeps, keyId: string): Promise<ApiKeyCredential | undefined> {
  const row = await q.findApiKeyWithAccount(deps.db, keyId);
  return row && { ...row, habilitations: row.habilitations.map(toHabilitationView) };
}

/**
 * The viewer an API key acts as, read in one query, or from `deps.apiKeyCache` when the server
 * keeps one. The secret, the key's revocation and each habilitation's dates are checked here
 * on every request, cached or not.
 */
export async function viewerFromApiKey(deps: CoreDeps, key: string): Promise<Viewer | undefined> {
  const parsed = parseKey(key);
  if (!parsed) return undefined;
  const load = () => loadApiKeyCredential(deps, parsed.id);
  const row = deps.apiKeyCache ? await deps.apiKeyCache.get(parsed.id, load) : await load();
  if (!row || row.revoked_at || !sameBytes(row.secret_hash, hashToken(parsed.secret))) return undefined;
  await touchIfStale(deps, row.key_id, row);
  return viewerFrom(deps, row, row.habilitations);
}
