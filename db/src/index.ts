export {
  APP_POOL_TIMEOUTS,
  type CursorLimits,
  createDatabase,
  type Database,
  type DatabaseOptions,
  readInBatches,
} from './connection';
export { type CopyTransaction, type CopyWriter, copyText, inCopyTransaction } from './copy';
export { type ChannelListener, listenToChannel } from './notifications';
export type * from './types';
