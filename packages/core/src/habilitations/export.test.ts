import { PassThrough, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setTimeout } from 'node:timers/promises';
import { PENDING_COMPRESSION } from '@trajectoire/workbook';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createReviewWorkbook } from './export';
import type { ExportRow } from './queries';

const today = '2026-11-25';
const privileges = JSON.stringify({
  dashboard: 'LECTURE',
  sections: { ORIENTATION: 'ECRITURE', MEDICAL: 'LECTURE', ADMINISTRATIF: 'LECTURE' },
  sendRequests: true,
  teleExpertise: false,
});

function row(i: number, endsOn: string): ExportRow {
  return {
    lastName: `Nom-${i}`,
    firstName: 'Prénom',
    username: `prenom.nom.${i}`,
    profile: 'EQUIPE_SOIGNANTE',
    establishmentName: 'CH Annecy Genevois',
    unitName: i % 2 ? 'Cardiologie' : null,
    unitClosed: false,
    admissionDeskName: null,
    startsOn: '2026-01-01',
    endsOn,
    receiveEmails: i % 3 === 0,
    privilegesJson: privileges,
  };
}

describe('the review workbook', () => {
  it('waits for compression to catch up: a slow download never piles the sheet up in memory', async () => {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    // A download that takes its time over every chunk.
    const download = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        void setTimeout(1).then(() => callback());
      },
    });
    const downloaded = finished(download);
    output.pipe(download);
    const workbook = createReviewWorkbook(output, 'Revue', today);
    const rows = Array.from({ length: 30_000 }, (_, i) => row(i, '2031-01-01'));
    await workbook.addRows(rows);
    await workbook.finish();
    await downloaded;

    // Written in one go, these 30,000 rows leave about 10 MB waiting; paced, at most the high
    // mark plus the 100 rows written between two checks.
    expect(workbook.peakPendingBytes()).toBeGreaterThan(0);
    expect(workbook.peakPendingBytes()).toBeLessThan(PENDING_COMPRESSION.high + 256 * 1024);
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(new Uint8Array(Buffer.concat(chunks)).buffer);
    expect(read.worksheets[0]?.rowCount).toBe(30_001);
  });

  it('stops waiting for compression when the download is abandoned', async () => {
    // A download that takes nothing: compression stalls, the sheet reaches the high mark and
    // writing waits...
    const output = new Writable({ write() {} });
    const workbook = createReviewWorkbook(output, 'Revue', today);
    const rows = Array.from({ length: 30_000 }, (_, i) => row(i, '2031-01-01'));
    let done = false;
    const writing = workbook.addRows(rows).then(() => {
      done = true;
    });
    for (let i = 0; i < 250 && workbook.peakPendingBytes() <= PENDING_COMPRESSION.high; i++) await setTimeout(20);
    expect(workbook.peakPendingBytes()).toBeGreaterThan(PENDING_COMPRESSION.high);
    await setTimeout(50);
    expect(done).toBe(false);
    // ...until the download goes: writing returns, rather than wait for ever.
    output.destroy();
    await writing;
    expect(output.destroyed).toBe(true);
  });

  it('writes each cell as the review shows it: dates, colours, privileges described', async () => {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    const workbook = createReviewWorkbook(output, 'Revue', today);
    await workbook.addRows([
      row(1, '2026-12-10'),
      row(2, '2026-12-25'),
      row(3, '2026-12-26'),
      { ...row(5, '2027-06-30'), unitName: 'Pédiatrie', unitClosed: true },
    ]);
    await workbook.finish();
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(new Uint8Array(Buffer.concat(chunks)).buffer);
    const sheet = read.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Nom-1',
      'Prénom',
      'prenom.nom.1',
      'Équipe soignante',
      'Cardiologie',
      'CH Annecy Genevois',
      new Date('2026-01-01T00:00:00Z'),
      new Date('2026-12-10T00:00:00Z'),
      'Non',
      'Tableau de bord : Lecture ; Volet Orientation : Écriture ; Volet Médical : Lecture ; Volet Administratif : Lecture ; Envoyer les demandes : oui',
    ]);
    expect(sheet.getRow(3).getCell(5).value).toBe('Tout l’établissement');
    // A closed unit keeps its habilitations, marked as the review marks them.
    expect(sheet.getRow(5).getCell(5).value).toBe('Pédiatrie (unité fermée)');
    const fills = [2, 3, 4].map((r) => (sheet.getRow(r).getCell(8).fill as { fgColor?: { argb?: string } })?.fgColor);
    expect(fills).toEqual([{ argb: 'FFF4A09C' }, { argb: 'FFFFC680' }, undefined]);
    expect(sheet.getRow(4).getCell(7).numFmt).toBe('dd/mm/yyyy');
  });
});
