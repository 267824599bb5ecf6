import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase } from '@trajectoire/db';
import { type EmbeddedServer, freePort, startEmbeddedPostgres } from '@trajectoire/db/embedded';
import { migrateToLatest } from '@trajectoire/db/migrator';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server where each test file creates its own database from the migrated template. */
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

const TEMPLATE = `trajectoire_template_${process.pid}`;

/**
 * Once per run: a real Postgres (embedded, or the one DATABASE_URL names) and a migrated
 * template database. Each test file then copies the template, which takes milliseconds.
 */
export default async function setup(project: TestProject) {
  let server: EmbeddedServer | undefined;
  let dataRoot: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataRoot = await mkdtemp(path.join(tmpdir(), 'trajectoire-test-pg-'));
    const { chmod } = await import('node:fs/promises');
    await chmod(dataRoot, 0o755);
    const port = await freePort();
    server = await startEmbeddedPostgres({ dataDir: path.join(dataRoot, 'data'), port, persistent: false });
    adminUrl = server.url();
  }
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE}`);
  await admin.query(`create database ${TEMPLATE}`);
  const templateUrl = withDatabase(adminUrl, TEMPLATE);
  const db = createDatabase(templateUrl, { max: 1 });
  await migrateToLatest(db as never, templateUrl);
  await db.destroy();
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', TEMPLATE);

  return async () => {
    await admin.query(`drop database if exists ${TEMPLATE} with (force)`).catch(() => {});
    await admin.end();
    await server?.stop();
    if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
