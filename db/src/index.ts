export { createDatabase, type Database } from './connection';
export type * from './types';
