import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL doit être une URL postgres://…' }),
  APP_SECRET: z.string().min(32, { message: 'APP_SECRET doit compter au moins 32 caractères.' }),
  SMTP_URL: z.string().url({ message: 'SMTP_URL doit être une URL smtp://… ou smtps://…' }),
  MAIL_FROM: z.string().default('Trajectoire Pro <ne-pas-repondre@trajectoire.local>'),
  PUBLIC_URL: z.string().url({ message: 'PUBLIC_URL doit être une URL https://…' }).default('http://127.0.0.1:3000'),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(5),
  DB_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true'),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).optional(),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).optional(),
});

export type WorkerEnv = z.infer<typeof schema>;

export function readWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Configuration du worker invalide :\n${lines.join('\n')}`);
  }
  return parsed.data;
}
