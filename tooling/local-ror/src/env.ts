import { type LocalRor, type LocalRorOptions, parseFaults, startLocalRor } from './server';

export interface LocalRorEnv {
  options: LocalRorOptions;
  changes: number;
  delete: string[];
  inactivate: string[];
}

const int = (source: Record<string, string | undefined>, name: string): number | undefined => {
  const raw = source[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} : un entier positif est attendu (reçu « ${raw} »)`);
  return n;
};
const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The local ROR's configuration from the environment (every variable optional). */
export function readLocalRorEnv(source: Record<string, string | undefined> = process.env): LocalRorEnv {
  const options: LocalRorOptions = { port: int(source, 'LOCAL_ROR_PORT') ?? 8090 };
  if (source.LOCAL_ROR_HOST) options.host = source.LOCAL_ROR_HOST;
  const units = int(source, 'LOCAL_ROR_UNITS');
  const establishments = int(source, 'LOCAL_ROR_ESTABLISHMENTS');
  if (units !== undefined) options.units = units;
  else if (establishments !== undefined) options.establishments = establishments;
  if (source.LOCAL_ROR_CLIENT_ID) options.clientId = source.LOCAL_ROR_CLIENT_ID;
  if (source.LOCAL_ROR_CLIENT_SECRET) options.clientSecret = source.LOCAL_ROR_CLIENT_SECRET;
  const ttl = int(source, 'LOCAL_ROR_TOKEN_TTL_SECONDS');
  if (ttl !== undefined) options.tokenTtlSeconds = ttl;
  const delay = int(source, 'LOCAL_ROR_EXPORT_DELAY_MS');
  if (delay !== undefined) options.exportDelayMs = delay;
  const part = int(source, 'LOCAL_ROR_EXPORT_PART_SIZE');
  if (part !== undefined) options.exportPartSize = part;
  if (source.LOCAL_ROR_PREBUILT_EXPORTS === '1' || source.LOCAL_ROR_PREBUILT_EXPORTS === 'true')
    options.prebuiltExports = true;
  if (source.LOCAL_ROR_FAULTS) {
    const parsed: unknown = JSON.parse(source.LOCAL_ROR_FAULTS);
    if (!parsed || typeof parsed !== 'object') throw new Error('LOCAL_ROR_FAULTS : un objet JSON est attendu');
    options.faults = parseFaults(parsed as Record<string, unknown>);
  }
  return {
    options,
    changes: int(source, 'LOCAL_ROR_CHANGES') ?? 0,
    delete: list(source.LOCAL_ROR_DELETE),
    inactivate: list(source.LOCAL_ROR_INACTIVATE),
  };
}

/** Starts it, then applies the changes, deletions and inactivations the environment asks for. */
export async function startLocalRorFromEnv(env: LocalRorEnv): Promise<LocalRor> {
  const ror = await startLocalRor(env.options);
  if (env.changes > 0) ror.admin.changes(env.changes);
  if (env.delete.length > 0) ror.admin.delete(env.delete);
  if (env.inactivate.length > 0) ror.admin.inactivate(env.inactivate);
  return ror;
}
