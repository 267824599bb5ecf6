import type { Database, DB } from '@trajectoire/db';
import type { Kysely } from 'kysely';

export const AUDIT_ACTIONS = [
  'SIGN_IN_SUCCEEDED',
  'SIGN_IN_FAILED',
  'ACCOUNT_BLOCKED',
  'CODE_SENT',
  'CODE_SEND_FAILED',
  'CODE_FAILED',
  'CODE_VALIDATED',
  'SIGN_OUT',
  'API_KEY_CREATED',
  'API_KEY_REVOKED',
  'REAUTHENTICATION_FAILED',
  'PASSWORD_CHANGED',
  'PASSWORD_RESET',
  'PASSWORD_RESET_REQUESTED',
  'ACCOUNT_CREATED',
  'ACCOUNT_UPDATED',
  'ACCOUNT_UNBLOCKED',
  'ACCOUNT_EMAIL_CHANGE_REQUESTED',
  'ACCOUNT_EMAIL_CONFIRMED',
  'ACCOUNT_EMAIL_CHANGE_CANCELLED',
  'MOBILE_VERIFICATION_SENT',
  'MOBILE_VERIFIED',
  'HABILITATION_GRANTED',
  'HABILITATION_UPDATED',
  'HABILITATION_EXPIRY_NOTICE_SENT',
  'HABILITATION_DELETED',
  'DIRECTORY_ESTABLISHMENT_UPDATED',
  'DIRECTORY_UNIT_UPDATED',
  'DIRECTORY_DESK_CREATED',
  'DIRECTORY_DESK_RENAMED',
  'DIRECTORY_DESK_CLOSED',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEvent {
  action: AuditAction;
  at: Date;
  actorAccountId?: string | null;
  subjectAccountId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

/** Takes a transaction when the event belongs to a business change, so both commit together. */
export async function recordAudit(db: Kysely<DB> | Database, event: AuditEvent): Promise<string> {
  const row = await db
    .insertInto('audit_events')
    .values({
      action: event.action,
      occurred_at: event.at,
      actor_account_id: event.actorAccountId ?? null,
      subject_account_id: event.subjectAccountId ?? null,
      ip: event.ip ?? null,
      user_agent: event.userAgent?.slice(0, 500) ?? null,
      details: JSON.stringify(event.details ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
