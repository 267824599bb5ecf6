export { createDatabase, type Database, readInBatches } from './connection';
export type * from './types';
