import type { HabilitationView, ViewerAccountRow } from './queries';

/**
 * What an API key acts as: the key, its account and the account's habilitations, read in one
 * query. Declared here, below every feature, so that the dependency bag (deps.ts) can type the
 * cache that keeps it without importing the auth feature.
 */
export interface ApiKeyCredential extends ViewerAccountRow {
  key_id: string;
  secret_hash: Buffer;
  revoked_at: Date | null;
  last_used_at: Date | null;
  habilitations: HabilitationView[];
}
