import { scheduleExpiryNotices } from '@trajectoire/core';
import type { Database } from '@trajectoire/db';
import { defaultPrivileges, parisDate } from '@trajectoire/domain';
import { SingleBar } from 'cli-progress';
import { sql } from 'kysely';
import { insertBenchAccounts } from './accounts';
import { adminServer, startExceljsProcess, startServerProcess } from './admin-server';
import { summarize } from './stats';

const PROFILES = [
  'PRESCRIPTEUR_MEDICAL',
  'EQUIPE_SOIGNANTE',
  'GESTIONNAIRE_ADMINISTRATIF',
  'RESPONSABLE_ADMISSIONS',
  'REGULATEUR',
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * The review and its export with 500,000 accounts and 1,500,000 habilitations: one structure
 * of 5,000 habilitations (first page of the review), one of 100,000 (export), the rest spread
 * over 2,000 structures; ends spread over five years (so about 12,000 end within 15 days).
 */
export async function benchHabilitations(
  db: Database,
  url: string,
  options: { accounts: number; habilitations: number; reviews: number },
) {
  await insertBenchAccounts(db, options.accounts);
  const bar = new SingleBar({ format: '  {phase} {bar} {value}/{total}', hideCursor: true });
  await sql`
    insert into establishments (finess, name, departement, category)
    select lpad((g % 90 + 1)::text, 2, '0') || lpad(g::text, 7, '0'), 'Établissement bench ' || g, lpad((g % 90 + 1)::text, 2, '0'), 'Centre hospitalier'
    from generate_series(1, 2002) g`.execute(db);
  await sql`insert into units (establishment_id, name, kind) select e.id, 'Unité ' || u, 'MCO' from establishments e, generate_series(1, 5) u`.execute(
    db,
  );
  const [review, big] = (
    await sql<{
      id: string;
      departement: string;
    }>`select id, departement from establishments order by name limit 2`.execute(db)
  ).rows as [{ id: string; departement: string }, { id: string; departement: string }];
  const privileges = JSON.stringify(defaultPrivileges('EQUIPE_SOIGNANTE'));
  const today = parisDate(new Date());
  const insert = async (establishment: string | null, from: number, to: number) =>
    sql`
    with acc as (select array_agg(id order by id) as ids from accounts),
         est as (select array_agg(id order by id) as ids from establishments where ${establishment}::uuid is null or id = ${establishment}::uuid)
    insert into habilitations (account_id, profile, domain, level, establishment_id, starts_on, ends_on, privileges)
    select acc.ids[(1 + (g * 7919) % array_length(acc.ids, 1))::int],
           (${PROFILES}::text[])[(1 + g % ${PROFILES.length})::int], 'SANITAIRE', 'ESTABLISHMENT',
           est.ids[(1 + g % array_length(est.ids, 1))::int],
           ${today}::date - 30, ${today}::date + (g % 1826)::int, ${privileges}::jsonb
    from generate_series(${from}::bigint, ${to}::bigint) g, acc, est`.execute(db);
  bar.start(options.habilitations, 0, { phase: 'Inserting habilitations' });
  await insert(review.id, 1, 5_000);
  await insert(big.id, 5_001, 105_000);
  bar.update(105_000);
  for (let from = 105_001; from <= options.habilitations; from += 100_000) {
    await insert(null, from, Math.min(options.habilitations, from + 99_999));
    bar.update(Math.min(options.habilitations, from + 99_999));
  }
  bar.stop();
  // Steady state: autovacuum would have set the visibility map after such a bulk load, and the
  // checkpointer written it all out, rather than during the measurements.
  await sql`vacuum analyze`.execute(db);
  await sql`checkpoint`.execute(db);

  const { deps, key, server, client } = await adminServer(db, url, 'bench.hab.admin');

  const reviewFilters = { domain: 'SANITAIRE' as const, departement: review.departement, establishmentId: review.id };
  const sorts = ['NAME', 'PROFILE', 'END'] as const;
  // Warm-up to steady state (JIT, prepared statements on every pooled connection).
  for (let i = 0; i < 200; i++)
    await client.habilitations.review.query({
      ...reviewFilters,
      sort: sorts[i % 3],
      direction: i % 2 ? 'DESC' : 'ASC',
    });
  const reviewLatencies: number[] = [];
  let total = 0;
  bar.start(options.reviews, 0, { phase: 'habilitations.review, first page' });
  for (let i = 0; i < options.reviews; i++) {
    const t0 = performance.now();
    const page = await client.habilitations.review.query({
      ...reviewFilters,
      sort: sorts[i % 3],
      direction: i % 2 ? 'DESC' : 'ASC',
    });
    reviewLatencies.push(performance.now() - t0);
    total = page.total;
    bar.update(i + 1);
  }
  bar.stop();

  await server.stop();

  // exceljs alone over the same rows (already in memory), in a process like the server's.
  const bigFilters = { domain: 'SANITAIRE', departement: big.departement, establishmentId: big.id };
  const exceljs = await startExceljsProcess(url, bigFilters);

  // The export over HTTP, from the server in its own process so that its peak memory (the
  // kernel's high-water mark) is the export's alone; the file is read and discarded.
  const exportServer = await startServerProcess(url);
  const rssBeforeMb = exportServer.memory().rssMb;
  const query = new URLSearchParams(bigFilters);
  const exportOverHttp = async () => {
    const t0 = performance.now();
    const response = await fetch(`${exportServer.base}/exports/revue-habilitations.xlsx?${query}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    return { ms: performance.now() - t0, bytes };
  };
  // Pairs of runs, one right after the other, so that the machine's speed (which drifts by a
  // third within minutes here) is about the same for both halves of a pair; the ratio is the
  // median of the pairs' ratios.
  const PAIRS = 5;
  const exportRuns: number[] = [];
  const exceljsRuns: number[] = [];
  let exportBytes = 0;
  bar.start(2 * PAIRS + 2, 0, { phase: 'Export over HTTP / exceljs alone' });
  // One unmeasured run of each first, as for every other measure here: both processes start cold.
  await exportOverHttp();
  bar.increment();
  await exceljs.run();
  bar.increment();
  for (let pair = 0; pair < PAIRS; pair++) {
    const run = await exportOverHttp();
    exportRuns.push(run.ms);
    exportBytes = run.bytes;
    bar.increment();
    exceljsRuns.push(await exceljs.run());
    bar.increment();
  }
  bar.stop();
  const { peakRssMb } = exportServer.memory();
  await exportServer.stop();
  await exceljs.stop();
  const exportMs = median(exportRuns);
  const exceljsMs = median(exceljsRuns);
  const exportRatio = median(exportRuns.map((ms, pair) => ms / (exceljsRuns[pair] as number)));

  const t2 = performance.now();
  const sweep = await scheduleExpiryNotices(deps);
  const sweepMs = performance.now() - t2;

  return {
    review: summarize(reviewLatencies),
    reviewTotal: total,
    exportRows: exceljs.rows,
    exportMs,
    exportBytes,
    exceljsMs,
    exportRatio,
    exportRatios: exportRuns.map((ms, pair) => ms / (exceljsRuns[pair] as number)),
    exportPeakRssMb: peakRssMb,
    exportRssGrowthMb: peakRssMb - rssBeforeMb,
    sweepMs,
    sweepEnqueued: sweep.enqueued,
  };
}
