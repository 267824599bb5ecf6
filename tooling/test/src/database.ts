import { randomBytes } from 'node:crypto';
import { createDatabase, type Database } from '@trajectoire/db';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { withDatabase } from './global-setup';

export interface TestDatabase {
  db: Database;
  url: string;
}

/**
 * A fresh database for the calling test file, copied from the migrated template and
 * dropped when the file's tests end: files never see each other's rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const db = createDatabase(url, { max: 10 });
  afterAll(async () => {
    await db.destroy();
    const cleanup = new pg.Client(adminUrl);
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  });
  return { db, url };
}
