import { expect, type Page } from '@playwright/test';
import pg from 'pg';
import { DATABASE_URL_VARIABLE, SYSTEM } from '../support/system';

let pool: pg.Pool | undefined;

function db(): pg.Pool {
  const url = process.env[DATABASE_URL_VARIABLE];
  if (!url) throw new Error(`${DATABASE_URL_VARIABLE} is not set: run the tests through playwright.config.ts`);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: true });
    // The system stops its Postgres at the end of the run, under idle connections.
    pool.on('error', () => {});
  }
  return pool;
}

export const CHU = 'Centre hospitalier universitaire de Lyon';
export const HAD = 'HAD Isère Santé';

/** An establishment's database id, by its name. */
export async function establishmentId(name: string): Promise<string> {
  const { rows } = await db().query<{ id: string }>('select id from establishments where name = $1', [name]);
  const id = rows[0]?.id;
  if (!id) throw new Error(`No establishment named ${name}`);
  return id;
}

/** A unit's database id, by its establishment's and its own name. */
export async function unitId(establishment: string, unit: string): Promise<string> {
  const { rows } = await db().query<{ id: string }>(
    'select u.id from units u join establishments e on e.id = u.establishment_id where e.name = $1 and u.name = $2',
    [establishment, unit],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error(`No unit ${unit} in ${establishment}`);
  return id;
}

/** The establishment as the ROR links it (the demo seed may already have done so). */
export async function markSynchronised(name: string): Promise<void> {
  await db().query(
    `update establishments set ror_sync_state = 'SYNCHRONISED', ror_sync_error = null,
       ror_synced_at = coalesce(ror_synced_at, now()) where name = $1`,
    [name],
  );
}

/** Someone else saved the establishment meanwhile. */
export async function touchEstablishment(name: string): Promise<void> {
  await db().query(`update establishments set updated_at = now() where name = $1`, [name]);
}

/** Opens an entry of the « ADMINISTRATION » menu with the keyboard. */
export async function openFromMenu(page: Page, entry: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  const button = nav.getByRole('button', { name: /administration/i });
  await button.focus();
  await page.keyboard.press('Enter');
  const link = nav.getByRole('link', { name: entry, exact: true });
  await expect(link).toBeVisible();
  await link.focus();
  await page.keyboard.press('Enter');
}

/** The entries of the « ADMINISTRATION » menu, opened. */
export async function menuEntries(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await nav.getByRole('button', { name: /administration/i }).click();
  const entries = await nav.locator('#menu-administration a').allInnerTexts();
  await page.keyboard.press('Escape');
  return entries.map((e) => e.trim());
}

const LOCAL_ROR_ADMIN = `http://127.0.0.1:${SYSTEM.localRorPort}/admin`;

/** Tells the e2e system's local ROR to be slow, or to serve a broken resource (its admin endpoint). */
export async function rorFaults(faults: { delayMs?: number; malformedResourceId?: string }): Promise<void> {
  const response = await fetch(`${LOCAL_ROR_ADMIN}/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`Local ROR faults: ${response.status} ${await response.text()}`);
}

/** The local ROR as it started: its dataset, no fault. */
export async function rorReset(): Promise<void> {
  const response = await fetch(`${LOCAL_ROR_ADMIN}/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`Local ROR reset: ${response.status}`);
}

/** With SHOTS_DIR set, a screen is also saved there to be looked at. */
export async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}
