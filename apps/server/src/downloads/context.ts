import type { ServerResponse } from 'node:http';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { ApiContext } from '@trajectoire/api';
import type { CoreDeps } from '@trajectoire/core';
import { coalescedWrites } from '@trajectoire/workbook';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { cookieJar, type HttpOptions, resolveCaller } from '../http-context';

export type Caller = NonNullable<ApiContext['caller']>;

export interface DownloadEnv {
  /** Node's response, when served by Node (absent under `app.request`). */
  Bindings: { outgoing?: ServerResponse };
  Variables: { caller: Caller };
}

/** Every answer of a download, refusals included, is for the caller only: no cache keeps it. */
export function refusal(status: 400 | 401 | 403, message: string): Response {
  return new Response(message, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * Who is downloading, from the session cookie or an API key as for every procedure: a download is
 * a plain GET (a link), authorized like the rest. Nobody: 401 before anything else is read.
 */
export function downloadCaller(deps: CoreDeps, options: HttpOptions) {
  return createMiddleware<DownloadEnv>(async (c, next) => {
    const caller = await resolveCaller(deps, c.req.raw, cookieJar(c.req.raw, new Headers(), options));
    if (!caller) return refusal(401, 'Votre session a expiré ou vous n’êtes pas connecté. Reconnectez-vous.');
    c.set('caller', caller);
    await next();
    c.res.headers.set('cache-control', 'no-store');
  });
}

/**
 * Starts a file's answer and gives the stream to write it to, which gathers small writes into
 * 64 KB ones (each write to the socket is a system call) and passes them to Node's response when
 * served by Node (no web streams in between), else to a web Response.
 */
export function streamedFile(
  c: Context<DownloadEnv>,
  file: { contentType: string; filename: string },
): { output: Writable; response: Response } {
  const headers = {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.filename}"`,
    // Sent at once, before any middleware's after-work: said here.
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  const output = coalescedWrites();
  const outgoing = c.env?.outgoing;
  if (outgoing) {
    outgoing.writeHead(200, headers);
    // A download abandoned mid-way destroys `output` (its writer then stops): no error to report.
    pipeline(output, outgoing).catch(() => {});
    return { output, response: RESPONSE_ALREADY_SENT };
  }
  return { output, response: new Response(Readable.toWeb(output) as ReadableStream, { headers }) };
}
