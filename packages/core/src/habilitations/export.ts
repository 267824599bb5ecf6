import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import { readInBatches } from '@trajectoire/db';
import {
  DOMAIN_LABELS,
  describePrivileges,
  expiryLevel,
  type Privileges,
  parisDate,
  profileLabel,
} from '@trajectoire/domain';
import ExcelJS from 'exceljs';
import type { Viewer } from '../accounts/viewer';
import type { CoreDeps } from '../deps';
import { type ReviewFilters, type ReviewRow, reviewRowsQuery, toReviewRow } from './queries';
import { reviewScope } from './service';

export const REVIEW_COLUMNS = [
  { header: 'Nom', key: 'lastName', width: 22 },
  { header: 'Prénom', key: 'firstName', width: 18 },
  { header: "Nom d'utilisateur", key: 'username', width: 26 },
  { header: 'Profil', key: 'profile', width: 30 },
  { header: 'Unité', key: 'unit', width: 26 },
  { header: 'Établissement', key: 'establishment', width: 36 },
  { header: 'Début', key: 'startsOn', width: 12 },
  { header: 'Fin', key: 'endsOn', width: 12 },
  { header: 'Réception des e-mails', key: 'receiveEmails', width: 12 },
  { header: 'Droits', key: 'privileges', width: 60 },
] as const;

// The review's colours: orange when ending within a month, red within 15 days.
const FILLS = {
  ORANGE: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC680' } },
  RED: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF4A09C' } },
} as const;

function excelDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function cells(row: ReviewRow) {
  return {
    lastName: row.lastName,
    firstName: row.firstName,
    username: row.username,
    profile: profileLabel(row.profile),
    unit: row.unitName ?? row.admissionDeskName ?? 'Toute la structure',
    establishment: row.establishmentName,
    startsOn: excelDate(row.startsOn),
    endsOn: excelDate(row.endsOn),
    receiveEmails: row.receiveEmails ? 'Oui' : 'Non',
    privileges: describePrivileges(row.privileges as Privileges, row.profile).join(' ; '),
  };
}

const YIELD_EVERY_ROWS = 100;

/** A streaming workbook with the review's header, frozen and filtered, as in the portal. */
export function createReviewWorkbook(output: Writable, title: string) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Trajectoire Pro';
  const sheet = workbook.addWorksheet('Revue des habilitations', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = REVIEW_COLUMNS.map((c) => ({ ...c }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: REVIEW_COLUMNS.length } };
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  workbook.title = title;
  let written = 0;
  const addRow = (row: ReviewRow, today: string) => {
    const added = sheet.addRow(cells(row));
    added.getCell('startsOn').numFmt = 'dd/mm/yyyy';
    const end = added.getCell('endsOn');
    end.numFmt = 'dd/mm/yyyy';
    const level = expiryLevel(row.endsOn, today);
    if (level) end.fill = FILLS[level];
    added.commit();
  };
  return {
    /**
     * Adds rows, giving the event loop a turn every 100: compression runs on another thread but
     * moves on one chunk per turn, and without turns the uncompressed sheet piles up in memory.
     */
    async addRows(rows: readonly ReviewRow[], today: string) {
      for (const row of rows) {
        addRow(row, today);
        if (++written % YIELD_EVERY_ROWS === 0) await setImmediate();
      }
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/** « Exporter »: the review's rows, in its order, streamed from a cursor into the workbook. */
export async function exportReview(
  deps: CoreDeps,
  viewer: Viewer,
  filters: ReviewFilters & { sort: 'NAME' | 'PROFILE' | 'END'; direction: 'ASC' | 'DESC' },
  output: Writable,
): Promise<number> {
  const scope = reviewScope(viewer, filters.establishmentId);
  const today = parisDate(deps.clock.now());
  const workbook = createReviewWorkbook(
    output,
    `Revue des habilitations — ${DOMAIN_LABELS[filters.domain as keyof typeof DOMAIN_LABELS] ?? filters.domain}`,
  );
  const query = reviewRowsQuery(deps.db, { ...filters, ...scope }, filters.sort, filters.direction);
  let count = 0;
  for await (const rows of readInBatches(deps.db, query, 1000)) {
    // The download was abandoned: stop reading (the cursor's connection is closed, not reused).
    if (output.destroyed) return count;
    await workbook.addRows(
      rows.map((row) => toReviewRow(row as Parameters<typeof toReviewRow>[0])),
      today,
    );
    count += rows.length;
    // exceljs writes without regard for backpressure: wait for a slow download before reading on.
    if (output.writableNeedDrain) await Promise.race([once(output, 'drain'), once(output, 'close')]);
  }
  await workbook.finish();
  return count;
}
