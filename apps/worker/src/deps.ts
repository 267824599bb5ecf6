import type { CoreDeps, Notifier, RorSource } from '@trajectoire/core';

export interface WorkerDeps {
  core: CoreDeps;
  notifier: Notifier;
  /** How ROR sync runs reach the ROR; absent: they fail, saying the ROR is not configured. */
  ror?: RorSource;
}
