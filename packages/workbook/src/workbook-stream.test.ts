import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setTimeout } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { cellStyle, createWorkbookStream, PENDING_COMPRESSION } from './workbook-stream';

const directory = await mkdtemp(path.join(tmpdir(), 'workbook-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

const HIGHLIGHT = cellStyle('date', { fill: 'FFFFC680' });
const ORDER_COLUMNS = [
  { header: 'Établissement', key: 'establishment', width: 30, kind: 'text' },
  { header: 'Date', key: 'day', width: 12, kind: 'date' },
  { header: 'Demandes', key: 'requests', width: 10, kind: 'number' },
] as const;
const orderRow = (i: number) => [`Établissement ${i}`, `2026-03-${String((i % 28) + 1).padStart(2, '0')}`, i * 3];

// Text that compresses little, so that compression has work to do.
const NOISE = Array.from({ length: 997 }, () => randomBytes(100).toString('base64'));
const NOTE_COLUMNS = [
  { header: 'Numéro', key: 'number', kind: 'number' },
  { header: 'Note', key: 'note', kind: 'text' },
] as const;
const noteRow = (i: number) => [i, NOISE[i % NOISE.length]];

async function readBack(source: string | Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  if (typeof source === 'string') await workbook.xlsx.readFile(source);
  else await workbook.xlsx.load(new Uint8Array(source).buffer);
  return workbook;
}

describe('a streamed workbook', () => {
  it('writes several sheets into a file: values, dates as dates, frozen and filtered headers', async () => {
    const file = path.join(directory, 'observatoire.xlsx');
    const workbook = createWorkbookStream(createWriteStream(file), { creator: 'Trajectoire Pro', title: 'Commande' });
    const parameters = workbook.addSheet({
      name: 'Paramètres',
      columns: [
        { header: 'Paramètre', key: 'name', width: 24, kind: 'text' },
        { header: 'Valeur', key: 'value', width: 40, kind: 'text' },
      ],
    });
    await parameters.addRow(['Domaine', 'Sanitaire']);
    await parameters.addRow(['Du', new Date(Date.UTC(2026, 0, 1))], { value: cellStyle('date') });
    await parameters.addRow(['Établissements', 2_000]);
    parameters.commit();
    const orders = workbook.addSheet({
      name: 'Demandes',
      columns: ORDER_COLUMNS,
      frozenHeader: true,
      autoFilter: true,
    });
    for (let i = 0; i < 1_000; i++) await orders.addRow(orderRow(i), i === 7 ? { day: HIGHLIGHT } : undefined);
    orders.commit();
    await workbook.finish();

    const read = await readBack(file);
    expect(read.creator).toBe('Trajectoire Pro');
    expect(read.title).toBe('Commande');
    expect(read.worksheets.map((sheet) => sheet.name)).toEqual(['Paramètres', 'Demandes']);
    const [first, second] = read.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(first.getRow(1).values).toEqual([undefined, 'Paramètre', 'Valeur']);
    expect(first.getRow(1).font?.bold).toBe(true);
    expect(first.getRow(2).values).toEqual([undefined, 'Domaine', 'Sanitaire']);
    expect(first.getRow(3).getCell(2).value).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(first.getRow(3).getCell(2).numFmt).toBe('dd/mm/yyyy');
    expect(first.getRow(4).getCell(2).value).toBe(2_000);
    expect(first.views ?? []).not.toContainEqual(expect.objectContaining({ state: 'frozen' }));
    expect(first.autoFilter).toBeUndefined();

    expect(second.rowCount).toBe(1_001);
    expect(second.getRow(1).values).toEqual([undefined, 'Établissement', 'Date', 'Demandes']);
    expect(second.getRow(9).values).toEqual([undefined, 'Établissement 7', new Date('2026-03-08T00:00:00Z'), 21]);
    expect(second.getRow(9).getCell(2).numFmt).toBe('dd/mm/yyyy');
    expect((second.getRow(9).getCell(2).fill as ExcelJS.FillPattern).fgColor).toEqual({ argb: 'FFFFC680' });
    expect((second.getRow(10).getCell(2).fill as ExcelJS.FillPattern | undefined)?.fgColor).toBeUndefined();
    expect(second.getColumn(1).width).toBe(30);
    expect(second.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(second.autoFilter).toBe('A1:C1');
  });

  it('writes one sheet at a time', () => {
    const workbook = createWorkbookStream(new PassThrough());
    workbook.addSheet({ name: 'Un', columns: ORDER_COLUMNS });
    expect(() => workbook.addSheet({ name: 'Deux', columns: ORDER_COLUMNS })).toThrow(/commit the previous sheet/);
  });

  it('waits for compression: a slow output never lets the waiting sheet grow past the bound', async () => {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    // An output that takes its time over every chunk.
    const slow = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        void setTimeout(5).then(() => callback());
      },
    });
    output.pipe(slow);
    const workbook = createWorkbookStream(output);
    const sheet = workbook.addSheet({ name: 'Notes', columns: NOTE_COLUMNS });
    // Written in one go, these rows (10 MB of XML that compresses little) would all wait at once;
    // paced, at most the high mark plus the 100 rows written between two checks.
    for (let i = 0; i < 40_000; i++) await sheet.addRow(noteRow(i));
    await workbook.finish();
    await finished(slow);
    expect(workbook.peakPendingBytes()).toBeGreaterThan(PENDING_COMPRESSION.low);
    expect(workbook.peakPendingBytes()).toBeLessThan(PENDING_COMPRESSION.high + 256 * 1024);
    expect((await readBack(Buffer.concat(chunks))).worksheets[0]?.rowCount).toBe(40_001);
  });

  it('stops writing when its output is destroyed (an abandoned download)', async () => {
    // An output that takes nothing: compression stalls, the sheet reaches the high mark and
    // writing waits...
    const output = new Writable({ write() {} });
    const workbook = createWorkbookStream(output);
    const sheet = workbook.addSheet({ name: 'Demandes', columns: ORDER_COLUMNS });
    let rows = 0;
    const writing = (async () => {
      while (await sheet.addRow(orderRow(rows))) rows++;
    })();
    for (let i = 0; i < 250 && workbook.peakPendingBytes() <= PENDING_COMPRESSION.high; i++) await setTimeout(20);
    expect(workbook.peakPendingBytes()).toBeGreaterThan(PENDING_COMPRESSION.high);
    const waitingAt = rows;
    await setTimeout(50);
    expect(rows).toBe(waitingAt);
    // ...until the output goes: writing answers false, rather than wait for ever.
    output.destroy();
    await writing;
    expect(workbook.abandoned).toBe(true);
    expect(await sheet.addRow(orderRow(0))).toBe(false);
    await expect(workbook.finish()).rejects.toThrow(/abandoned/);
  });

  it('stops writing and closes its file when its signal aborts', async () => {
    const file = path.join(directory, 'aborted.xlsx');
    const output = createWriteStream(file);
    const controller = new AbortController();
    const workbook = createWorkbookStream(output, { signal: controller.signal });
    const sheet = workbook.addSheet({ name: 'Demandes', columns: ORDER_COLUMNS });
    for (let i = 0; i < 5_000; i++) await sheet.addRow(orderRow(i));
    controller.abort(new Error('job cancelled'));
    expect(await sheet.addRow(orderRow(0))).toBe(false);
    await expect(workbook.finish()).rejects.toThrow('job cancelled');
    await finished(output).catch(() => {});
    expect(output.closed).toBe(true);
    // What reached the file before is no workbook.
    await expect(readBack(file)).rejects.toThrow();
  });

  it('gives up an output that has stopped taking more, while writing rows', async () => {
    // Nobody reads this output.
    const output = new PassThrough({ highWaterMark: 1024 });
    const workbook = createWorkbookStream(output, { stalledAfterMs: 100 });
    const sheet = workbook.addSheet({ name: 'Demandes', columns: ORDER_COLUMNS });
    const started = performance.now();
    const writing = (async () => {
      for (let i = 0; ; i++) {
        await sheet.addRow(orderRow(i));
        if (workbook.needsDrain) await workbook.drained();
      }
    })();
    await expect(writing).rejects.toThrow(/has not moved for 100 ms/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('gives up an output that has stopped taking more, while finishing', async () => {
    const output = new PassThrough({ highWaterMark: 1024 });
    const workbook = createWorkbookStream(output, { stalledAfterMs: 100 });
    const sheet = workbook.addSheet({ name: 'Demandes', columns: ORDER_COLUMNS });
    for (let i = 0; i < 2_000; i++) await sheet.addRow(orderRow(i));
    await expect(workbook.finish()).rejects.toThrow(/has not moved for 100 ms/);
  });
});
