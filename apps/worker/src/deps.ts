import type { CoreDeps, Notifier } from '@trajectoire/core';

export interface WorkerDeps {
  core: CoreDeps;
  notifier: Notifier;
}
