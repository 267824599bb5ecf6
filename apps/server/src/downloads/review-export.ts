import { AppError, type CoreDeps, exportReview, reviewScope } from '@trajectoire/core';
import { parisDate, reviewExportInput } from '@trajectoire/domain';
import type { Context } from 'hono';
import { type DownloadEnv, refusal, streamedFile } from './context';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * « Exporter »: the review as an .xlsx, streamed while the rows are read, so memory stays flat
 * whatever the number of rows.
 */
export function reviewExport(deps: CoreDeps) {
  return (c: Context<DownloadEnv>): Response => {
    const { viewer } = c.var.caller;
    const parsed = reviewExportInput.safeParse(Object.fromEntries(new URL(c.req.url).searchParams));
    if (!parsed.success) return refusal(400, parsed.error.issues[0]?.message ?? 'Paramètres invalides.');
    try {
      // Refuse before the first byte: once streaming, an error could only truncate the file.
      reviewScope(viewer, parsed.data.establishmentId);
    } catch (error) {
      if (error instanceof AppError) return refusal(403, error.message);
      throw error;
    }
    const { output, response } = streamedFile(c, {
      contentType: XLSX,
      filename: `revue-habilitations-${parisDate(deps.clock.now())}.xlsx`,
    });
    // An abandoned download is no failure: the export stops reading and returns.
    exportReview(deps, viewer, parsed.data, output).catch((error: unknown) => {
      console.error('[export] review export failed:', error);
      output.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    return response;
  };
}
