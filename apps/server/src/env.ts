import { z } from 'zod';

const schema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL doit être une URL postgres://…' }),
  APP_SECRET: z.string().min(32, { message: 'APP_SECRET doit compter au moins 32 caractères.' }),
  PUBLIC_URL: z.string().url().optional(),
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  PORTAL_DIR: z.string().optional(),
  DB_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true'),
  API_KEY_CACHE: z.enum(['true', 'false']).default('true'),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).optional(),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).optional(),
});

export type ServerEnv = z.infer<typeof schema>;

/** The server's configuration, checked once at start-up with a message for each wrong variable. */
export function readServerEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Configuration du serveur invalide :\n${lines.join('\n')}`);
  }
  return parsed.data;
}
