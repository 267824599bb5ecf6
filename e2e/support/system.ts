/** Ports of the system the e2e run starts: apart from the defaults, so a running `npm start` does not clash. */
// TRAJECTOIRE_E2E_PORT_OFFSET shifts them all, so that two runs on one machine do not clash.
const OFFSET = Number(process.env.TRAJECTOIRE_E2E_PORT_OFFSET ?? 0) || 0;
export const SYSTEM = {
  port: 3107 + OFFSET,
  embeddedPgPort: 54407 + OFFSET,
  mailSmtpPort: 1127 + OFFSET,
  mailHttpPort: 1187 + OFFSET,
  /** The local ROR the worker's sync reads (started by the launcher, ROR_FHIR_URL being unset). */
  localRorPort: 8107 + OFFSET,
} as const;

export const BASE_URL = `http://127.0.0.1:${SYSTEM.port}`;
export const INBOX_URL = `http://127.0.0.1:${SYSTEM.mailHttpPort}`;

/** Set by the global setup for the tests: the system's database, where tests prepare their own accounts. */
export const DATABASE_URL_VARIABLE = 'TRAJECTOIRE_E2E_DATABASE_URL';
