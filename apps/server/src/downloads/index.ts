import type { CoreDeps } from '@trajectoire/core';
import { Hono } from 'hono';
import type { HttpOptions } from '../http-context';
import { type DownloadEnv, downloadCaller } from './context';
import { reviewExport } from './review-export';

/** The files to download, under /exports: each handler finds its caller resolved, and no cache keeps an answer. */
export function createDownloads(deps: CoreDeps, options: HttpOptions): Hono<DownloadEnv> {
  const downloads = new Hono<DownloadEnv>();
  downloads.use(downloadCaller(deps, options));
  downloads.get('/revue-habilitations.xlsx', reviewExport(deps));
  return downloads;
}
