import type { ServerResponse } from 'node:http';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { AppError, type CoreDeps, exportReview, reviewScope } from '@trajectoire/core';
import { parisDate, reviewExportInput } from '@trajectoire/domain';
import { cookieJar, type HttpOptions, resolveCaller } from './http-context';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Every answer of a download, refusals included, is for the caller only: no cache keeps it. */
function problem(status: 400 | 401 | 403, message: string): Response {
  return new Response(message, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * Gathers the zip's writes (a few bytes for each header and checksum, 16 KB of compressed data)
 * into writes of 64 KB: each write to the socket is a system call.
 */
export function coalescedWrites(size = 64 * 1024): Transform {
  let pending: Buffer[] = [];
  let length = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      length += chunk.length;
      if (length >= size) {
        this.push(Buffer.concat(pending, length));
        pending = [];
        length = 0;
      }
      callback();
    },
    flush(callback) {
      if (length > 0) this.push(Buffer.concat(pending, length));
      callback();
    },
  });
}

/**
 * « Exporter »: the review as an .xlsx, streamed while the rows are read, so memory stays flat
 * whatever the number of rows. A plain GET (a download link), authorized like every procedure.
 */
export async function exportReviewResponse(
  deps: CoreDeps,
  req: Request,
  options: HttpOptions,
  /** Node's response, when served by Node: the file is written to it directly, without web streams. */
  outgoing?: ServerResponse,
): Promise<Response> {
  const caller = await resolveCaller(deps, req, cookieJar(req, new Headers(), options));
  if (!caller) return problem(401, 'Votre session a expiré ou vous n’êtes pas connecté. Reconnectez-vous.');
  const parsed = reviewExportInput.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return problem(400, parsed.error.issues[0]?.message ?? 'Paramètres invalides.');
  try {
    // Refuse before the first byte: once streaming, an error could only truncate the file.
    reviewScope(caller.viewer, parsed.data.establishmentId);
  } catch (error) {
    if (error instanceof AppError) return problem(403, error.message);
    throw error;
  }
  const day = parisDate(deps.clock.now());
  const headers = {
    'content-type': XLSX,
    'content-disposition': `attachment; filename="revue-habilitations-${day}.xlsx"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  const output = coalescedWrites();
  if (outgoing) {
    outgoing.writeHead(200, headers);
    // A download abandoned mid-way destroys `output` (the export then stops reading); it is not
    // an error to report.
    pipeline(output, outgoing).catch(() => {});
  }
  exportReview(deps, caller.viewer, parsed.data, output).catch((error: unknown) => {
    console.error('[export] review export failed:', error);
    output.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  if (outgoing) return RESPONSE_ALREADY_SENT;
  return new Response(Readable.toWeb(output) as ReadableStream, { headers });
}
