/** Ports of the system the e2e run starts: apart from the defaults, so a running `npm start` does not clash. */
export const SYSTEM = {
  port: 3107,
  embeddedPgPort: 54407,
  mailSmtpPort: 1127,
  mailHttpPort: 1187,
} as const;

export const BASE_URL = `http://127.0.0.1:${SYSTEM.port}`;
export const INBOX_URL = `http://127.0.0.1:${SYSTEM.mailHttpPort}`;

/** Set by the global setup for the tests: the system's database, where tests prepare their own accounts. */
export const DATABASE_URL_VARIABLE = 'TRAJECTOIRE_E2E_DATABASE_URL';
