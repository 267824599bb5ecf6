import { WORKER_TUNING_ENV } from '@trajectoire/worker';
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const schema = z.object({
  PORT: port(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL doit être une URL postgres://…' }).optional(),
  SMTP_URL: z.string().url({ message: 'SMTP_URL doit être une URL smtp://… ou smtps://…' }).optional(),
  MAIL_FROM: z.string().optional(),
  PUBLIC_URL: z.string().url({ message: 'PUBLIC_URL doit être une URL https://…' }).optional(),
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).optional(),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).optional(),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  APP_SECRET: z.string().min(32, { message: 'APP_SECRET doit compter au moins 32 caractères.' }).optional(),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: port(54329),
  MAIL_SMTP_PORT: port(1025),
  MAIL_HTTP_PORT: port(1080),
  SEED: z.enum(['true', 'false']).default('true'),
  // The ROR (directory sync): unset ROR_FHIR_URL starts the local ROR (tooling/local-ror).
  ROR_FHIR_URL: z.string().url({ message: 'ROR_FHIR_URL doit être une URL https://…/fhir' }).optional(),
  ROR_TOKEN_URL: z.string().url({ message: 'ROR_TOKEN_URL doit être une URL https://…/token' }).optional(),
  ROR_CLIENT_ID: z.string().optional(),
  ROR_CLIENT_SECRET: z.string().optional(),
  ROR_PROFIL_UTILISATEUR_CODE: z.string().optional(),
  ROR_PROFIL_UTILISATEUR_SYSTEM: z.string().optional(),
  ROR_ROLE_METIER_CODE: z.string().optional(),
  ROR_ROLE_METIER_SYSTEM: z.string().optional(),
  // The worker's tuning, as its own entry point reads it.
  ...WORKER_TUNING_ENV,
  LOCAL_ROR_PORT: port(8090),
  LOCAL_ROR_ESTABLISHMENTS: z.coerce.number().int().min(4).default(4),
  LOCAL_ROR_UNITS: z.coerce.number().int().min(13).optional(),
});

export type LauncherEnv = z.infer<typeof schema>;

/** The local launcher's configuration: every variable is optional, with a local default. */
export function readLauncherEnv(source: Record<string, string | undefined> = process.env): LauncherEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Configuration invalide :\n${lines.join('\n')}`);
  }
  return parsed.data;
}
