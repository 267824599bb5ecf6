export { createDatabase, type Database, readInBatches } from './connection';
export { type ChannelListener, listenToChannel } from './notifications';
export type * from './types';
