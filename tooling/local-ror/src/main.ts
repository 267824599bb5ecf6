/**
 * The local ROR on its own: `npm start -w @trajectoire/local-ror`, configured by the environment
 * (LOCAL_ROR_PORT, LOCAL_ROR_HOST, LOCAL_ROR_UNITS or LOCAL_ROR_ESTABLISHMENTS, LOCAL_ROR_CLIENT_ID,
 * LOCAL_ROR_CLIENT_SECRET, LOCAL_ROR_TOKEN_TTL_SECONDS, LOCAL_ROR_EXPORT_DELAY_MS,
 * LOCAL_ROR_EXPORT_PART_SIZE, LOCAL_ROR_PREBUILT_EXPORTS (1: export files built while polled, reused
 * while nothing changes), LOCAL_ROR_FAULTS (JSON, as POST /admin/faults), LOCAL_ROR_CHANGES
 * (units changed at start), LOCAL_ROR_DELETE and LOCAL_ROR_INACTIVATE (comma-separated ids)).
 */
import { readLocalRorEnv, startLocalRorFromEnv } from './env';

const ror = await startLocalRorFromEnv(readLocalRorEnv());
const state = ror.admin.state();
console.log(`ROR local : ${state.units} unités, ${state.establishments} établissements
  FHIR     ${ror.url}
  Jeton    ${ror.tokenUrl} (client ${ror.clientId})
  Admin    ${ror.adminUrl}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void ror.close().then(() => process.exit(0));
  });
