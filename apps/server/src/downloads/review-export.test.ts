import http from 'node:http';
import { createApiKey } from '@trajectoire/core';
import {
  insertAccount,
  insertEstablishment,
  insertHabilitation,
  TEST_PASSWORD,
} from '@trajectoire/test-support/fixtures';
import { startTestServer } from '@trajectoire/test-support/server';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';

const { db, server, deps } = await startTestServer();

const establishment = await insertEstablishment(db, { name: 'CH Chambéry', departement: '73' });
const referent = await insertAccount(db);
await insertHabilitation(db, {
  accountId: referent.id,
  profile: 'REFERENT_STRUCTURE',
  establishmentId: establishment.id,
  startsOn: '2020-01-01',
  endsOn: '2099-12-31',
});
// Enough rows for a file of several hundred kilobytes, so that a download has a middle.
const ROWS = 6_000;
await sql`
  insert into habilitations (account_id, profile, domain, level, establishment_id, starts_on, ends_on, privileges)
  select ${referent.id}::uuid, 'EQUIPE_SOIGNANTE', 'SANITAIRE', 'ESTABLISHMENT', ${establishment.id}::uuid,
         date '2026-01-01', date '2026-01-01' + g, '{}'::jsonb
  from generate_series(1, ${ROWS}) g`.execute(db);
const { key } = await createApiKey(deps, referent.id, { name: 'Export', password: TEST_PASSWORD });
const path = `/exports/revue-habilitations.xlsx?${new URLSearchParams({
  domain: 'SANITAIRE',
  departement: '73',
  establishmentId: establishment.id,
})}`;
const get = (onResponse: (response: http.IncomingMessage, request: http.ClientRequest) => void) =>
  new Promise<void>((resolve, reject) => {
    const request = http.get(
      { host: '127.0.0.1', port: server.port, path, headers: { authorization: `Bearer ${key}` } },
      (response) => {
        onResponse(response, request);
        response.on('end', resolve);
        response.on('close', resolve);
      },
    );
    request.on('error', (error) => (request.destroyed ? resolve() : reject(error)));
  });

// A cursor's connection is either waiting between fetches or running one: both count, or a
// check made during a fetch would read 0 while the transaction is still open.
const openCursors = async () =>
  Number(
    (
      await sql<{ n: string }>`select count(*) as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()
          and query like 'fetch % from batch_cursor'
          and state in ('idle in transaction', 'active')`.execute(db)
    ).rows[0]?.n,
  );

describe('the review export over a real socket', () => {
  it('sends the whole workbook', async () => {
    const chunks: Buffer[] = [];
    let status = 0;
    await get((response) => {
      status = response.statusCode ?? 0;
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
    });
    expect(status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(Buffer.concat(chunks)).buffer);
    // The referent's own habilitation, and the generated ones.
    expect(workbook.worksheets[0]?.rowCount).toBe(1 + ROWS + 1);
  });

  it('stops reading and gives its connection back when the download is abandoned', async () => {
    let received = 0;
    await get((response, request) => {
      response.once('data', (chunk: Buffer) => {
        received += chunk.length;
        request.destroy();
      });
    });
    expect(received).toBeGreaterThan(0);
    // The cursor's transaction ends soon after: no connection left idle in it.
    for (let i = 0; i < 500 && (await openCursors()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await openCursors()).toBe(0);
    // And the server goes on serving exports.
    let status = 0;
    await get((response) => {
      status = response.statusCode ?? 0;
      response.resume();
    });
    expect(status).toBe(200);
  });
});
