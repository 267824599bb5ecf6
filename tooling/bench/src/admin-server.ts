import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@trajectoire/client';
import { createApiKey, DEFAULT_RATE_LIMITS, hashPassword } from '@trajectoire/core';
import type { Database } from '@trajectoire/db';
import type { startServer } from '@trajectoire/server';
import { bundleNodeEntry, SERVER_NODE_FLAGS } from '@trajectoire/server/bundle';

export const BENCH_APP_SECRET = 'bench-secret-0123456789-0123456789-0123';
/** Creating an API key asks for the account's password. */
const BENCH_ADMIN_PASSWORD = 'Bench-Admin-Mot-De-Passe-2026!';

export interface ServerProcess {
  base: string;
  port: number;
  pid: number;
  /** The process's resident memory now and at its highest, in MB (from /proc). */
  memory(): { rssMb: number; peakRssMb: number };
  stop(): Promise<void>;
}

const bundles = new Map<string, Promise<string>>();

/**
 * Compiles one of the bench's entries (`server-process.ts`…) as production compiles apps/server
 * (plain Node, no loader), starts it in a child process and waits for its first message, which
 * says it is ready. `stop()` ends it.
 */
async function startBundledProcess<Ready>(entry: string, execArgv: string[], env: Record<string, string>) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const outfile = path.resolve(here, '../../../.bench', entry.replace(/\.ts$/, '.js'));
  let bundled = bundles.get(entry);
  if (!bundled) {
    bundled = bundleNodeEntry(path.join(here, entry), outfile).then(() => outfile);
    bundles.set(entry, bundled);
  }
  const child = fork(await bundled, {
    execArgv,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code})`)));
    child.once('message', (message) => resolve(message as Ready));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { child, ready, stop };
}

/**
 * exceljs alone over a review's rows, in a fresh process of its own, compiled like the server but
 * with Node's default memory settings (exceljs at its best: the server's smaller young generation
 * is our choice, and its cost belongs to the export). `run()` resolves with one workbook's ms.
 */
export async function startExceljsProcess(
  databaseUrl: string,
  filters: { domain: string; departement: string; establishmentId: string },
) {
  const { child, ready, stop } = await startBundledProcess<{ ready: number }>(
    'exceljs-process.ts',
    ['--enable-source-maps', ...(process.env.BENCH_EXCELJS_FLAGS?.split(' ').filter(Boolean) ?? [])],
    { BENCH_EXCELJS_OPTIONS: JSON.stringify({ databaseUrl, filters }) },
  );
  return {
    pid: child.pid as number,
    rows: ready.ready,
    run: () =>
      new Promise<number>((resolve) => {
        child.once('message', (message) => resolve((message as { ms: number }).ms));
        child.send('run');
      }),
    stop,
  };
}

/** Starts the real server (apps/server), compiled and started as in production, in a child process. */
export async function startServerProcess(
  databaseUrl: string,
  overrides: Partial<Parameters<typeof startServer>[0]> = {},
): Promise<ServerProcess> {
  const options = {
    port: 0,
    databaseUrl,
    appSecret: BENCH_APP_SECRET,
    secureCookies: false,
    portalDir: '/nonexistent',
    ...overrides,
  };
  const { child, ready, stop } = await startBundledProcess<{ port: number }>(
    'server-process.ts',
    [...SERVER_NODE_FLAGS, ...(process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? [])],
    { BENCH_SERVER_OPTIONS: JSON.stringify(options) },
  );
  const { port } = ready;
  const kib = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid as number,
    memory: () => ({ rssMb: kib('VmRSS'), peakRssMb: kib('VmHWM') }),
    stop,
  };
}

/** A national administrator with an API key, and a server (own process) its typed client talks to. */
export async function adminServer(db: Database, url: string, username: string) {
  const admin = await db
    .insertInto('accounts')
    .values({
      username,
      first_name: 'Bench',
      last_name: 'Admin',
      email: `${username}@bench.test`,
      national_admin: true,
      password_hash: await hashPassword(BENCH_ADMIN_PASSWORD),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const deps = {
    db,
    clock: { now: () => new Date() },
    config: { appSecret: BENCH_APP_SECRET, rateLimits: DEFAULT_RATE_LIMITS },
  };
  const { key } = await createApiKey(deps, admin.id, { name: 'bench', password: BENCH_ADMIN_PASSWORD });
  // The search's per-référent limit is checked (its cost is measured) but set out of the way of a
  // benchmark's thousands of calls from one key.
  const server = await startServerProcess(url, {
    rateLimits: { ...DEFAULT_RATE_LIMITS, searchPerViewer: { limit: 1_000_000, windowMs: 60_000 } },
  });
  return { deps, key, server, base: server.base, client: createClient({ url: server.base, apiKey: key }) };
}
