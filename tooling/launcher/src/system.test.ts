import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@trajectoire/test-support/database';
import { insertAccount, TEST_PASSWORD } from '@trajectoire/test-support/fixtures';
import { TEST_APP_SECRET } from '@trajectoire/test-support/system';
import { workerTuning } from '@trajectoire/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { readLauncherEnv } from './env';
import { serverAddressOptions, startSystem } from './system';

const PUBLIC_URL = 'https://trajectoire.example.fr';

describe('npm start behind a proxy that ends TLS', async () => {
  const { db, url } = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'trajectoire-launcher-'));
  const system = await startSystem({
    env: readLauncherEnv({
      DATABASE_URL: url,
      // Never dialled: no worker here.
      SMTP_URL: 'smtp://127.0.0.1:9',
      APP_SECRET: TEST_APP_SECRET,
      PUBLIC_URL,
      PORT: '0',
      LOCAL_ROR_PORT: '0',
      SEED: 'false',
      DATA_DIR: dataDir,
    }),
    worker: false,
  });
  afterAll(async () => {
    await system.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const account = await insertAccount(db);
  const signIn = (origin: string) =>
    fetch(`${system.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trajectoire-csrf': '1', origin },
      body: JSON.stringify({ username: account.username, password: TEST_PASSWORD }),
    });

  it('accepts sign-ins from PUBLIC_URL’s origin and sets Secure cookies', async () => {
    const response = await signIn(PUBLIC_URL);
    expect(response.status, await response.clone().text()).toBe(200);
    const cookies = response.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/; Secure(;|$)/);
  });

  it('refuses mutations from any other origin, its own local address included', async () => {
    expect((await signIn(system.url)).status).toBe(403);
    expect((await signIn('https://evil.example')).status).toBe(403);
  });

  it('starts the local ROR when ROR_FHIR_URL is unset, and gives its settings', async () => {
    expect(system.localRor).not.toBeNull();
    expect(system.ror.fhirUrl).toBe(system.localRor?.url);
    expect(system.ror.tokenUrl).toBe(system.localRor?.tokenUrl);
    expect(system.ror.roleMetierCode).toBe(system.localRor?.headers['Ror-Role-Metier-Code']);
    const token = await fetch(system.ror.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: system.ror.clientId,
        client_secret: system.ror.clientSecret,
      }),
    });
    expect(token.status).toBe(200);
    // The demo establishments are the ROR's.
    expect(system.localRor?.admin.state().establishments).toBeGreaterThanOrEqual(4);
  });
});

describe('serverAddressOptions', () => {
  it('reads PUBLIC_URL and COOKIE_SECURE as the server’s own entry point does', () => {
    expect(serverAddressOptions({})).toEqual({ secureCookies: false });
    expect(serverAddressOptions({ PUBLIC_URL })).toEqual({ secureCookies: true, publicUrl: PUBLIC_URL });
    expect(serverAddressOptions({ PUBLIC_URL: 'http://10.0.0.5:3000' })).toEqual({
      secureCookies: false,
      publicUrl: 'http://10.0.0.5:3000',
    });
    expect(serverAddressOptions({ PUBLIC_URL, COOKIE_SECURE: 'false' }).secureCookies).toBe(false);
    expect(serverAddressOptions({ COOKIE_SECURE: 'true' }).secureCookies).toBe(true);
  });
});

describe('workerTuning', () => {
  it('passes the worker’s tuning variables on, as its own entry point does, and refuses bad ones in French', () => {
    expect(workerTuning(readLauncherEnv({}))).toEqual({});
    expect(
      workerTuning(readLauncherEnv({ WORKER_CONCURRENCY: '3', ROR_READ_THREADS: '0', ROR_MERGE_LANES: '1' })),
    ).toEqual({ concurrency: 3, rorReadThreads: 0, rorMergeLanes: 1 });
    expect(() => readLauncherEnv({ ROR_READ_THREADS: '9' })).toThrow(
      'ROR_READ_THREADS doit être un nombre de fils (0 à 8).',
    );
    expect(() => readLauncherEnv({ ROR_MERGE_LANES: '5' })).toThrow(
      'ROR_MERGE_LANES doit être un nombre de connexions (1 à 4).',
    );
  });
});
