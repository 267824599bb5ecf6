/**
 * Failures the caller can act on. Only the API layer turns them into transport errors;
 * the message is French because it is what the professional reads.
 */
export const APP_ERROR_KINDS = {
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  ACCOUNT_BLOCKED: 'FORBIDDEN',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  CHALLENGE_NOT_FOUND: 'UNAUTHORIZED',
  CODE_EXPIRED: 'BAD_REQUEST',
  CODE_ALREADY_USED: 'BAD_REQUEST',
  CODE_TOO_MANY_ATTEMPTS: 'FORBIDDEN',
  WRONG_CODE: 'BAD_REQUEST',
  RESEND_TOO_SOON: 'TOO_MANY_REQUESTS',
  RESEND_LIMIT: 'TOO_MANY_REQUESTS',
  NOT_SIGNED_IN: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID_INPUT: 'BAD_REQUEST',
  WEAK_PASSWORD: 'BAD_REQUEST',
  WRONG_PASSWORD: 'FORBIDDEN',
  CAPTCHA_FAILED: 'BAD_REQUEST',
  LINK_INVALID: 'BAD_REQUEST',
  LINK_EXPIRED: 'BAD_REQUEST',
  LINK_USED: 'BAD_REQUEST',
  EMAIL_IN_USE: 'CONFLICT',
  MOBILE_NOT_VERIFIED: 'BAD_REQUEST',
  /** A field the ROR manages, changed while the establishment is linked to it. */
  DIRECTORY_FIELD_FROM_ROR: 'BAD_REQUEST',
  /** The record changed since the form was read. */
  DIRECTORY_STALE: 'CONFLICT',
  /** A closed unit or admission desk: read only, and no new habilitation on it. */
  DIRECTORY_CLOSED: 'BAD_REQUEST',
  /** A ROR sync of that kind (or of that establishment) is already queued or running. */
  ROR_SYNC_RUNNING: 'CONFLICT',
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_KINDS;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
