import type { AppRouter, ErrorData } from '@trajectoire/api';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { createNodeFetch } from './node-transport';

export type { AppRouter, ErrorData };

export interface ClientOptions {
  /** Base address of the server, e.g. `https://trajectoire.example.fr`. */
  url: string;
  /** An API key created in the portal; it acts with its account's rights. */
  apiKey: string;
  /** The HTTP transport; by default Node's own HTTP client, connections kept alive. */
  fetch?: typeof globalThis.fetch;
}

/** The typed client for internal tools: every procedure of the portal, with the same checks. */
export function createClient(options: ClientOptions) {
  const base = options.url.replace(/\/+$/, '');
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${base}/trpc`,
        headers: { authorization: `Bearer ${options.apiKey}` },
        fetch: options.fetch ?? createNodeFetch(),
      }),
    ],
  });
}

export type TrajectoireClient = ReturnType<typeof createClient>;

/** The stable code of a failed call (e.g. `FORBIDDEN`, `INVALID_INPUT`), if it came from the server. */
export function errorCode(error: unknown): ErrorData['appCode'] | undefined {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data as Partial<ErrorData> | undefined;
    return data?.appCode;
  }
  return undefined;
}

export { TRPCClientError };
