import type { TaskList } from 'graphile-worker';
import type { WorkerDeps } from './deps';
import { accountSendSignInCode } from './tasks/account__send_sign_in_code';

/** One file per task; the key is the task name used when enqueuing. */
export function taskList(deps: WorkerDeps): TaskList {
  return {
    account__send_sign_in_code: accountSendSignInCode(deps),
  };
}
