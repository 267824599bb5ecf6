import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { appRouter } from '@trajectoire/api';
import type { CoreDeps } from '@trajectoire/core';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { createDownloads } from './downloads';
import { cookieJar, type HttpOptions, isCrossSite, resolveCaller } from './http-context';

export interface AppOptions extends HttpOptions {
  deps: CoreDeps;
  /** The built portal (apps/portal/dist); absent in API-only tests. */
  portalDir?: string;
}

export function createApp(options: AppOptions): Hono {
  const { deps } = options;
  const app = new Hono();

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
      referrerPolicy: 'same-origin',
    }),
  );

  app.get('/healthz', (c) => c.json({ ok: true }));

  // Answers carry personal data and depend on who asks: no cache (browser, proxy) may keep them,
  // errors included (a refusal tells who is signed in). Downloads set their own headers.
  app.use('/trpc/*', async (c, next) => {
    await next();
    c.res.headers.set('cache-control', 'no-store');
  });

  app.use(
    '/trpc/*',
    bodyLimit({
      maxSize: 100 * 1024,
      onError: (c) =>
        c.json(
          {
            error: {
              message: 'Requête trop volumineuse.',
              code: -32600,
              data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, appCode: 'INVALID_INPUT' },
            },
          },
          413,
        ),
    }),
  );

  app.all('/trpc/*', (c) => {
    const ip = clientAddress(c, options.trustProxy);
    return fetchRequestHandler({
      endpoint: '/trpc',
      req: c.req.raw,
      router: appRouter,
      allowMethodOverride: false,
      createContext: async ({ req, resHeaders }) => {
        const cookies = cookieJar(req, resHeaders, options);
        return {
          deps,
          meta: { ip, userAgent: req.headers.get('user-agent') },
          cookies,
          crossSite: isCrossSite(req, options),
          caller: await resolveCaller(deps, req, cookies),
        };
      },
      onError: ({ error, path: procedure }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${procedure ?? '?'}:`, error.cause ?? error);
      },
    });
  });

  app.route('/exports', createDownloads(deps, options));

  if (options.portalDir && existsSync(options.portalDir)) {
    const root = path.relative(process.cwd(), options.portalDir);
    const indexFile = path.join(options.portalDir, 'index.html');
    app.use('/assets/*', serveStatic({ root }));
    app.use('/favicon.svg', serveStatic({ root }));
    // The portal routes on the client: every other page gets index.html.
    app.get('*', async (c) => c.html(await readFile(indexFile, 'utf8')));
  }
  return app;
}

function clientAddress(c: Parameters<typeof getConnInfo>[0], trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
