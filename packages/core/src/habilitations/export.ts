import type { Writable } from 'node:stream';
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
import { cellStyle, createWorkbookStream, type WorkbookStreamOptions } from '@trajectoire/workbook';
import type { Viewer } from '../access/viewer';
import type { CoreDeps } from '../deps';
import { type ExportRow, exportRowsQuery, type ReviewFilters } from './queries';
import { reviewScope } from './service';

export const REVIEW_COLUMNS = [
  { header: 'Nom', key: 'lastName', width: 22, kind: 'text' },
  { header: 'Prénom', key: 'firstName', width: 18, kind: 'text' },
  { header: "Nom d'utilisateur", key: 'username', width: 26, kind: 'text' },
  { header: 'Profil', key: 'profile', width: 30, kind: 'text' },
  { header: 'Unité', key: 'unit', width: 26, kind: 'text' },
  { header: 'Établissement', key: 'establishment', width: 36, kind: 'text' },
  { header: 'Début', key: 'startsOn', width: 12, kind: 'date' },
  { header: 'Fin', key: 'endsOn', width: 12, kind: 'date' },
  { header: 'Réception des e-mails', key: 'receiveEmails', width: 12, kind: 'text' },
  { header: 'Droits', key: 'privileges', width: 60, kind: 'text' },
] as const;

/** What the review shows beside a closed unit (« Unité fermée »). */
const UNIT_CLOSED = 'unité fermée';

// The review's colours on the end date: orange when ending within a month, red within 15 days.
const END_STYLES = {
  ORANGE: { endsOn: cellStyle('date', { fill: 'FFFFC680' }) },
  RED: { endsOn: cellStyle('date', { fill: 'FFF4A09C' }) },
} as const;

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

/**
 * The review as a streamed workbook, its header frozen and filtered as in the portal. Written to
 * `output` as the zip comes: a download's own stream gathers its socket writes (the server's
 * downloads), and its backpressure is felt at once.
 */
export function createReviewWorkbook(
  output: Writable,
  title: string,
  today: string,
  options: Pick<WorkbookStreamOptions, 'stalledAfterMs'> = {},
) {
  const workbook = createWorkbookStream(output, { ...options, creator: 'Trajectoire Pro', title, writeSize: 0 });
  const sheet = workbook.addSheet({
    name: 'Revue des habilitations',
    columns: REVIEW_COLUMNS,
    frozenHeader: true,
    autoFilter: true,
  });
  const thresholds = expiryThresholds(today);
  const describe = privilegeDescriptions();
  return {
    /** The download was abandoned: nothing more is written. */
    get abandoned() {
      return workbook.abandoned;
    },
    /** Adds rows, paced by compression; returns early once the download is abandoned. */
    async addRows(rows: readonly ExportRow[]) {
      for (const row of rows) {
        const level = expiryLevelAt(row.endsOn, thresholds);
        const written = await sheet.addRow(
          [
            row.lastName,
            row.firstName,
            row.username,
            profileLabel(row.profile),
            // A closed unit's habilitations stay; the sheet says so, as the review does.
            row.unitName !== null
              ? `${row.unitName}${row.unitClosed ? ` (${UNIT_CLOSED})` : ''}`
              : (row.admissionDeskName ?? 'Tout l’établissement'),
            row.establishmentName,
            row.startsOn,
            row.endsOn,
            row.receiveEmails ? 'Oui' : 'Non',
            describe(row.profile, row.privilegesJson),
          ],
          level ? END_STYLES[level] : undefined,
        );
        if (!written) return;
      }
    },
    /** exceljs writes without regard for backpressure: waits for a slow download before reading on. */
    drained: () => workbook.drained(),
    /** The most uncompressed sheet seen waiting at once, in bytes. */
    peakPendingBytes: () => workbook.peakPendingBytes(),
    finish: () => workbook.finish(),
  };
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
    // A download that has not moved for as long as the transaction may wait is given up.
    { stalledAfterMs: limits.idleInTransactionTimeoutMs ?? EXPORT_LIMITS.idleInTransactionTimeoutMs },
  );
  const query = exportRowsQuery(deps.db, { ...filters, ...scope }, filters.sort, filters.direction);
  let count = 0;
  for await (const rows of readInBatches(deps.db, query, 1000, limits)) {
    // The download was abandoned: stop reading (the cursor's connection is closed, not reused).
    if (workbook.abandoned) return count;
    await workbook.addRows(rows);
    count += rows.length;
    await workbook.drained();
  }
  if (workbook.abandoned) return count;
  try {
    await workbook.finish();
  } catch (error) {
    // Abandoned while its last bytes went out: nobody is left to tell.
    if (workbook.abandoned) return count;
    throw error;
  }
  return count;
}
