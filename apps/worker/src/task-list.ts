import type { TaskName } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from './deps';
import { accountSendEmailChangeConfirmation } from './tasks/account__send_email_change_confirmation';
import { accountSendEmailChangeRequested } from './tasks/account__send_email_change_requested';
import { accountSendEmailChanged } from './tasks/account__send_email_changed';
import { accountSendMobileVerification } from './tasks/account__send_mobile_verification';
import { accountSendPasswordChanged } from './tasks/account__send_password_changed';
import { accountSendPasswordLink } from './tasks/account__send_password_link';
import { accountSendSignInCode } from './tasks/account__send_sign_in_code';
import { directoryRorDelta } from './tasks/directory__ror_delta';
import { directoryRorEstablishment } from './tasks/directory__ror_establishment';
import { directoryRorFullLoad } from './tasks/directory__ror_full_load';
import { habilitationScheduleExpiryNotices } from './tasks/habilitation__schedule_expiry_notices';
import { habilitationSendExpiryNotice } from './tasks/habilitation__send_expiry_notice';
import { maintenancePurgeExpired } from './tasks/maintenance__purge_expired';

/**
 * One file per task, one entry per task of the job map (JOBS in @trajectoire/core): a task
 * missing here, or one here that the map does not know, does not compile.
 */
export function taskList(deps: WorkerDeps): Record<TaskName, Task> {
  return {
    account__send_sign_in_code: accountSendSignInCode(deps),
    account__send_password_link: accountSendPasswordLink(deps),
    account__send_password_changed: accountSendPasswordChanged(deps),
    account__send_email_changed: accountSendEmailChanged(deps),
    account__send_email_change_confirmation: accountSendEmailChangeConfirmation(deps),
    account__send_email_change_requested: accountSendEmailChangeRequested(deps),
    account__send_mobile_verification: accountSendMobileVerification(deps),
    habilitation__schedule_expiry_notices: habilitationScheduleExpiryNotices(deps),
    habilitation__send_expiry_notice: habilitationSendExpiryNotice(deps),
    maintenance__purge_expired: maintenancePurgeExpired(deps),
    directory__ror_full_load: directoryRorFullLoad(deps),
    directory__ror_delta: directoryRorDelta(deps),
    directory__ror_establishment: directoryRorEstablishment(deps),
  };
}
