/**
 * Local mail catcher for development.
 *
 * Usage: tsx tooling/mail-catcher/src/main.ts [smtpPort] [httpPort]
 *    or: tsx tooling/mail-catcher/src/main.ts --smtp-port 1025 --http-port 1080 [--host 127.0.0.1]
 */
import { parseArgs } from 'node:util';
import { startMailCatcher } from './index';

const DEFAULT_SMTP_PORT = 1025;
const DEFAULT_HTTP_PORT = 1080;

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    throw new Error(`Invalid ${name}: ${value} (expected an integer from 0 to 65535)`);
  }
  return parsed;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: {
      'smtp-port': { type: 'string' },
      'http-port': { type: 'string' },
      host: { type: 'string' },
    },
    allowPositionals: true,
  });
  const catcher = await startMailCatcher({
    smtpPort: port(values['smtp-port'] ?? positionals[0], DEFAULT_SMTP_PORT, 'SMTP port'),
    httpPort: port(values['http-port'] ?? positionals[1], DEFAULT_HTTP_PORT, 'HTTP port'),
    host: values.host ?? '127.0.0.1',
  });
  console.log(`Mail catcher: SMTP ${catcher.smtpUrl}`);
  console.log(`Mail catcher: inbox ${catcher.inboxUrl}`);

  const shutdown = () => {
    catcher.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
