import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres } from './embedded';

/** The process group of a process, from /proc (Linux). */
async function processGroupOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // pid (comm) state ppid pgrp …: the command may hold spaces, so read after its closing parenthesis.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

it.runIf(process.platform === 'linux')(
  'runs Postgres in a session of its own when asked, says why a second one cannot start, and stops it',
  { timeout: 60_000 },
  async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'trajectoire-embedded-'));
    await chmod(root, 0o755);
    afterAll(() => rm(root, { recursive: true, force: true }));
    const dataDir = path.join(root, 'data');
    const server = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      persistent: false,
      ownSession: true,
    });
    try {
      const client = new pg.Client(server.url());
      await client.connect();
      expect((await client.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
      await client.end();
      const pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
      // Its own group (a terminal's Ctrl+C to ours does not reach it), and it leads it.
      expect(await processGroupOf(pid)).toBe(pid);
      expect(await processGroupOf(pid)).not.toBe(await processGroupOf(process.pid));

      // The same data, another port: Postgres's own reason, not an empty rejection.
      await expect(startEmbeddedPostgres({ dataDir, port: await freePort() })).rejects.toThrow(
        /could not start on port \d+: .*postmaster\.pid/s,
      );
    } finally {
      await server.stop();
    }
    // Stopped, and its throw-away data gone.
    await expect(stat(dataDir)).rejects.toThrow(/ENOENT/);
  },
);
