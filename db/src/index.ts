export {
  APP_POOL_TIMEOUTS,
  type CursorLimits,
  createDatabase,
  createJobQueuePool,
  type Database,
  type DatabaseOptions,
  readInBatches,
} from './connection';
export { type CopyTransaction, type CopyWriter, inCopyTransaction } from './copy';
export { copyText } from './copy-text';
export { type ChannelListener, listenToChannel } from './notifications';
export type * from './types';
