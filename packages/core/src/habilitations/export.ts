import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setImmediate, setTimeout } from 'node:timers/promises';
import { type CursorLimits, readInBatches } from '@trajectoire/db';
import {
  DOMAIN_LABELS,
  describePrivileges,
  expiryLevelAt,
  expiryThresholds,
  type Privileges,
  parisDate,
  profileLabel,
} from '@trajectoire/domain';
import ExcelJS from 'exceljs';
import type { Viewer } from '../accounts/viewer';
import type { CoreDeps } from '../deps';
import { type ExportRow, exportRowsQuery, type ReviewFilters } from './queries';
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
const START_COLUMN = REVIEW_COLUMNS.findIndex((c) => c.key === 'startsOn') + 1;
const END_COLUMN = REVIEW_COLUMNS.findIndex((c) => c.key === 'endsOn') + 1;

// One style object per kind of cell, shared by every row: exceljs recognises a style object it
// has seen before at once, where a cell's own copy is serialised to find its twin (a third of
// the writing time of 100,000 rows).
const DATE_FORMAT = 'dd/mm/yyyy';
const STYLES = {
  TEXT: {},
  DATE: { numFmt: DATE_FORMAT },
  // The review's colours: orange when ending within a month, red within 15 days.
  ORANGE: { numFmt: DATE_FORMAT, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC680' } } },
  RED: { numFmt: DATE_FORMAT, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF4A09C' } } },
} as const satisfies Record<string, Partial<ExcelJS.Style>>;

/** Excel stores days as dates at midnight UTC. */
function excelDate(day: string): Date {
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))));
}

/** Describes stored privileges, once per distinct (profile, privileges): rows share a few. */
function privilegeDescriptions() {
  const known = new Map<string, string>();
  return (profile: string, privilegesJson: string): string => {
    const key = `${profile}\u0000${privilegesJson}`;
    let text = known.get(key);
    if (text === undefined) {
      text = describePrivileges(JSON.parse(privilegesJson) as Privileges, profile).join(' ; ');
      // Bounded, should a sheet hold many customised combinations.
      if (known.size >= 1_000) known.clear();
      known.set(key, text);
    }
    return text;
  };
}

const YIELD_EVERY_ROWS = 100;
/** Uncompressed sheet waiting for compression: above the high mark, writing waits for the low. */
export const PENDING_COMPRESSION = { high: 2 * 1024 * 1024, low: 1024 * 1024 };

/**
 * Bytes of sheet XML written but not yet taken by compression. exceljs hands its buffers to the
 * zip's input stream without heeding backpressure, so this reads that stream's queue; 0 should
 * a later exceljs change its shape (then only the turns every 100 rows pace the writing).
 */
function pendingCompression(sheet: ExcelJS.Worksheet): number {
  const pipes = (sheet as unknown as { stream?: { pipes?: { _writableState?: { length?: number } }[] } }).stream?.pipes;
  return pipes?.reduce((sum, pipe) => sum + (pipe._writableState?.length ?? 0), 0) ?? 0;
}

/** A streaming workbook with the review's header, frozen and filtered, as in the portal. */
export function createReviewWorkbook(output: Writable, title: string, today: string) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Trajectoire Pro';
  const sheet = workbook.addWorksheet('Revue des habilitations', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = REVIEW_COLUMNS.map((c) => ({ ...c }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: REVIEW_COLUMNS.length } };
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  workbook.title = title;
  const thresholds = expiryThresholds(today);
  const describe = privilegeDescriptions();
  let written = 0;
  const addRow = (row: ExportRow) => {
    const added = sheet.addRow([
      row.lastName,
      row.firstName,
      row.username,
      profileLabel(row.profile),
      row.unitName ?? row.admissionDeskName ?? 'Toute la structure',
      row.establishmentName,
      excelDate(row.startsOn),
      excelDate(row.endsOn),
      row.receiveEmails ? 'Oui' : 'Non',
      describe(row.profile, row.privilegesJson),
    ]);
    const endStyle = STYLES[expiryLevelAt(row.endsOn, thresholds) ?? 'DATE'];
    for (let column = 1; column <= REVIEW_COLUMNS.length; column++) {
      const style = column === START_COLUMN ? STYLES.DATE : column === END_COLUMN ? endStyle : STYLES.TEXT;
      added.getCell(column).style = style as Partial<ExcelJS.Style>;
    }
    added.commit();
  };
  let peakPending = 0;
  return {
    /**
     * Adds rows, giving the event loop a turn every 100: compression runs on another thread but
     * moves on one chunk per turn. When the uncompressed sheet still piles up (rows come faster
     * than they compress), waits until compression has caught up to the low mark, so an export's
     * memory stays bounded whatever its size.
     */
    async addRows(rows: readonly ExportRow[]) {
      for (const row of rows) {
        // An abandoned download compresses no more: waiting for it would wait for ever.
        if (output.destroyed) return;
        addRow(row);
        if (++written % YIELD_EVERY_ROWS !== 0) continue;
        await setImmediate();
        let pending = pendingCompression(sheet);
        peakPending = Math.max(peakPending, pending);
        if (pending > PENDING_COMPRESSION.high)
          while (pending > PENDING_COMPRESSION.low && !output.destroyed) {
            await setTimeout(1);
            pending = pendingCompression(sheet);
          }
      }
    },
    /** The most uncompressed sheet seen waiting at once, in bytes. */
    peakPendingBytes: () => peakPending,
    async finish() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/** Waits for a slow download to take more; one that has not moved for `ms` is given up. */
async function drained(output: Writable, ms: number): Promise<void> {
  const waiting = new AbortController();
  const { signal } = waiting;
  try {
    const outcome = await Promise.race([
      once(output, 'drain', { signal }),
      once(output, 'close', { signal }),
      setTimeout(ms, 'stalled' as const, { signal }),
    ]);
    if (outcome === 'stalled') throw new Error(`export stopped: the download has not moved for ${ms} ms`);
  } finally {
    waiting.abort();
  }
}

/**
 * An export's bounds, in place of its pool's (15 s a statement, 60 s idle in a transaction): its
 * cursor reads for longer than any request, and waits, its transaction open, while a slow
 * download drains. A download stalled longer, or an export outliving its maximum, is ended.
 */
export const EXPORT_LIMITS = {
  statementTimeoutMs: 60_000,
  idleInTransactionTimeoutMs: 5 * 60_000,
  maxDurationMs: 30 * 60_000,
} as const;

/** « Exporter »: the review's rows, in its order, streamed from a cursor into the workbook. */
export async function exportReview(
  deps: CoreDeps,
  viewer: Viewer,
  filters: ReviewFilters & { sort: 'NAME' | 'PROFILE' | 'END'; direction: 'ASC' | 'DESC' },
  output: Writable,
  limits: CursorLimits = EXPORT_LIMITS,
): Promise<number> {
  const scope = reviewScope(viewer, filters.establishmentId);
  const today = parisDate(deps.clock.now());
  const workbook = createReviewWorkbook(
    output,
    `Revue des habilitations — ${DOMAIN_LABELS[filters.domain as keyof typeof DOMAIN_LABELS] ?? filters.domain}`,
    today,
  );
  const query = exportRowsQuery(deps.db, { ...filters, ...scope }, filters.sort, filters.direction);
  let count = 0;
  for await (const rows of readInBatches(deps.db, query, 1000, limits)) {
    // The download was abandoned: stop reading (the cursor's connection is closed, not reused).
    if (output.destroyed) return count;
    await workbook.addRows(rows);
    count += rows.length;
    // exceljs writes without regard for backpressure: wait for a slow download before reading on.
    if (output.writableNeedDrain)
      await drained(output, limits.idleInTransactionTimeoutMs ?? EXPORT_LIMITS.idleInTransactionTimeoutMs);
  }
  await workbook.finish();
  return count;
}
