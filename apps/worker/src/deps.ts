import type { CoreDeps } from '@trajectoire/core';
import type { Mailer } from '@trajectoire/notifications';

export interface WorkerDeps {
  core: CoreDeps;
  mailer: Mailer;
}
