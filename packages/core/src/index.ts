export * from './accounts/viewer';
export type { HabilitationView, ViewerAccount } from './accounts/queries';
export * from './auth/api-keys';
export * from './auth/send-code';
export * from './auth/service';
export { AUDIT_ACTIONS, type AuditAction } from './audit/queries';
export * from './deps';
export * from './shared/clock';
export { oneTimeCode } from './shared/crypto';
export * from './shared/errors';
export { ARGON2_OPTIONS, hashPassword, verifyPassword } from './shared/passwords';

