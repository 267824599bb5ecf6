import { z } from 'zod';

/** An optional whole number from `min` to `max`; any mistake gives the one French message. */
const wholeNumber = (message: string, min: number, max: number) =>
  z.coerce.number({ message }).int({ message }).min(min, { message }).max(max, { message }).optional();

/**
 * The worker's tuning, read the same by its own entry point and by `npm start` (tooling/launcher),
 * which spreads these fields into its schema. Unset: startWorker's defaults.
 */
export const WORKER_TUNING_ENV = {
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).optional(),
  ROR_READ_THREADS: wholeNumber('ROR_READ_THREADS doit être un nombre de fils (0 à 8).', 0, 8),
  ROR_MERGE_LANES: wholeNumber('ROR_MERGE_LANES doit être un nombre de connexions (1 à 4).', 1, 4),
};

type WorkerTuningEnv = z.infer<z.ZodObject<typeof WORKER_TUNING_ENV>>;

/** startWorker's options for the tuning variables that are set. */
export function workerTuning(env: WorkerTuningEnv) {
  return {
    ...(env.WORKER_CONCURRENCY !== undefined ? { concurrency: env.WORKER_CONCURRENCY } : {}),
    ...(env.ROR_READ_THREADS !== undefined ? { rorReadThreads: env.ROR_READ_THREADS } : {}),
    ...(env.ROR_MERGE_LANES !== undefined ? { rorMergeLanes: env.ROR_MERGE_LANES } : {}),
  };
}

const schema = z.object({
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL doit être une URL postgres://…' }),
  APP_SECRET: z.string().min(32, { message: 'APP_SECRET doit compter au moins 32 caractères.' }),
  SMTP_URL: z.string().url({ message: 'SMTP_URL doit être une URL smtp://… ou smtps://…' }),
  MAIL_FROM: z.string().default('Trajectoire Pro <ne-pas-repondre@trajectoire.local>'),
  PUBLIC_URL: z.string().url({ message: 'PUBLIC_URL doit être une URL https://…' }).default('http://127.0.0.1:3000'),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  ...WORKER_TUNING_ENV,
  DB_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true'),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).optional(),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).optional(),
  // The ROR (FHIR API, OAuth2 client credentials, who is asking). Unset: sync runs fail, saying so.
  ROR_FHIR_URL: z
    .string()
    .url({ message: 'ROR_FHIR_URL doit être l’URL de base FHIR du ROR (https://…/fhir).' })
    .optional(),
  ROR_TOKEN_URL: z
    .string()
    .url({ message: 'ROR_TOKEN_URL doit être l’URL du jeton OAuth2 (https://…/token).' })
    .optional(),
  ROR_CLIENT_ID: z.string().min(1).optional(),
  ROR_CLIENT_SECRET: z.string().min(1).optional(),
  ROR_PROFIL_UTILISATEUR_CODE: z.string().min(1).optional(),
  ROR_PROFIL_UTILISATEUR_SYSTEM: z.string().min(1).optional(),
  ROR_ROLE_METIER_CODE: z.string().min(1).optional(),
  ROR_ROLE_METIER_SYSTEM: z.string().min(1).optional(),
});

const ROR_REQUIRED = [
  'ROR_TOKEN_URL',
  'ROR_CLIENT_ID',
  'ROR_CLIENT_SECRET',
  'ROR_PROFIL_UTILISATEUR_CODE',
  'ROR_PROFIL_UTILISATEUR_SYSTEM',
  'ROR_ROLE_METIER_CODE',
  'ROR_ROLE_METIER_SYSTEM',
] as const;

export type WorkerEnv = z.infer<typeof schema>;

export function readWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Configuration du worker invalide :\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  if (env.ROR_FHIR_URL) {
    const missing = ROR_REQUIRED.filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new Error(
        `Configuration du worker invalide :\n  ROR_FHIR_URL est renseignée, il manque aussi : ${missing.join(', ')}`,
      );
    }
  }
  return env;
}

/** The ROR client's settings from the environment, or undefined when the ROR is not configured. */
export function rorSettings(env: WorkerEnv) {
  if (!env.ROR_FHIR_URL) return undefined;
  return {
    fhirUrl: env.ROR_FHIR_URL,
    tokenUrl: env.ROR_TOKEN_URL as string,
    clientId: env.ROR_CLIENT_ID as string,
    clientSecret: env.ROR_CLIENT_SECRET as string,
    identity: {
      profilUtilisateurCode: env.ROR_PROFIL_UTILISATEUR_CODE as string,
      profilUtilisateurSystem: env.ROR_PROFIL_UTILISATEUR_SYSTEM as string,
      roleMetierCode: env.ROR_ROLE_METIER_CODE as string,
      roleMetierSystem: env.ROR_ROLE_METIER_SYSTEM as string,
    },
  };
}
