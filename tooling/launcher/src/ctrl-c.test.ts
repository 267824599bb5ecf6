import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@trajectoire/db/embedded';
import { afterAll, expect, it, onTestFinished } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// What a terminal does on Ctrl+C, and when it is closed: the signal goes to every process of its
// foreground group.
it.each([
  ['Ctrl+C in', 'SIGINT'],
  ['closing', 'SIGHUP'],
] as const)(
  '%s the terminal of npm start stops the worker and the server before Postgres, without an error (%s)',
  {
    timeout: 120_000,
  },
  async (_action, signal) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'trajectoire-ctrl-c-'));
    // Postgres runs as the `postgres` user when we are root: it must reach its data.
    await chmod(dataDir, 0o755);
    afterAll(() => rm(dataDir, { recursive: true, force: true }));
    const { DATABASE_URL: _, SMTP_URL: __, ...inherited } = process.env;
    // As npm start runs it, in a process group of its own, as a terminal's foreground job is.
    const launcher = spawn(process.execPath, ['--import', 'tsx', 'tooling/launcher/src/start.ts'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...inherited,
        DATA_DIR: dataDir,
        SEED: 'false',
        PORT: '0',
        EMBEDDED_PG_PORT: String(await freePort()),
        MAIL_SMTP_PORT: '0',
        MAIL_HTTP_PORT: '0',
        LOCAL_ROR_PORT: '0',
      },
    });
    const pid = launcher.pid ?? 0;
    let output = '';
    launcher.stdout.on('data', (chunk) => {
      output += chunk;
    });
    launcher.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    afterAll(() => {
      if (launcher.exitCode === null) process.kill(-pid, 'SIGKILL');
    });

    await expect.poll(() => output, { timeout: 90_000, interval: 200 }).toMatch(/Ctrl\+C pour arrêter/);
    const postgresPid = Number(
      (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    expect(isRunning(postgresPid)).toBe(true);
    // In a session of its own, it outlives a launcher that failed to stop it: not past this test.
    onTestFinished(() => {
      if (isRunning(postgresPid)) process.kill(postgresPid, 'SIGINT');
    });

    process.kill(-pid, signal);
    expect(await exited, output).toBe(0);
    expect(output).toContain('Arrêt…');
    // Postgres stopped last: no connection of the worker or the server was cut under them.
    expect(output).not.toMatch(/terminating connection|connection lost|Unhandled|Arrêt immédiat/);
    expect(isRunning(postgresPid)).toBe(false);
    await expect(readFile(path.join(dataDir, 'postgres', 'postmaster.pid'))).rejects.toThrow(/ENOENT/);
  },
);
