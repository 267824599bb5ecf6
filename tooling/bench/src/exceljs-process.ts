import { PassThrough, Writable } from 'node:stream';
import { createReviewWorkbook, exportRowsQuery } from '@trajectoire/core';
import { createDatabase } from '@trajectoire/db';
import { parisDate } from '@trajectoire/domain';

/**
 * exceljs alone, in a fresh process of its own: the export's yardstick must not depend on a
 * runtime that has lived through other benchmarks. The rows are loaded once, untimed; each `run`
 * message writes them all into a discarded workbook and answers the milliseconds.
 */
const { databaseUrl, filters } = JSON.parse(process.env.BENCH_EXCELJS_OPTIONS ?? '{}') as {
  databaseUrl: string;
  filters: { domain: string; departement: string; establishmentId: string };
};
const db = createDatabase(databaseUrl, { max: 1 });
const rows = await exportRowsQuery(db, filters, 'NAME', 'ASC').execute();
await db.destroy();
const today = parisDate(new Date());

async function writeAll(): Promise<number> {
  const sink = new Writable({
    write(_chunk: Buffer, _encoding, callback) {
      callback();
    },
  });
  const output = new PassThrough();
  output.pipe(sink);
  const t0 = performance.now();
  const workbook = createReviewWorkbook(output, 'bench', today);
  // As the export writes them (turns given to compression): written in one synchronous go, the
  // whole sheet would wait uncompressed in memory, and this yardstick would flatter the export.
  await workbook.addRows(rows);
  await workbook.finish();
  return performance.now() - t0;
}

process.on('message', (message) => {
  if (message === 'run') void writeAll().then((ms) => process.send?.({ ms }));
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
process.send?.({ ready: rows.length });
