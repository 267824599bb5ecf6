import { expect, type Page } from '@playwright/test';
import { messagesTo, nextCode } from './mail';

export const DEMO_PASSWORD = 'Trajectoire-Demo-2026!';

/** The demo accounts of db/src/seed.ts the tests use. */
export const DEMO = {
  admin: { username: 'demo.admin', email: 'alice.martin@trajectoire.demo', name: 'Alice Martin' },
  prescripteur: { username: 'demo.prescripteur', email: 'david.moreau@chu-lyon.demo', name: 'David Moreau' },
  admissions: { username: 'demo.admissions', email: 'emilie.garnier@clinique-alpes.demo', name: 'Émilie Garnier' },
  refStructure: { username: 'demo.ref.structure', email: 'bruno.lefevre@chu-lyon.demo', name: 'Bruno Lefèvre' },
  refUnite: { username: 'demo.ref.unite', email: 'chloe.dubois@chu-lyon.demo', name: 'Chloé Dubois' },
} as const;

export type DemoAccount = (typeof DEMO)[keyof typeof DEMO];

/** Whoever signs in: a demo account, or one a test created for itself. */
export interface SigningIn {
  username: string;
  email: string;
  /** As the home page greets them. */
  name: string;
  password?: string;
}

/** Fills the sign-in form and submits it; the page is expected to be /connexion. */
export async function submitPassword(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('Nom d’utilisateur').fill(username);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** From /connexion to the code page; returns the code mailed for this sign-in. */
export async function signInUpToCode(page: Page, account: SigningIn): Promise<string> {
  const seen = (await messagesTo(account.email)).length;
  await submitPassword(page, account.username, account.password);
  await expect(page).toHaveURL(/\/connexion\/code$/);
  return nextCode(account.email, seen);
}

/** Types the code and expects the home page. */
export async function enterCode(page: Page, code: string, account: SigningIn): Promise<void> {
  await page.getByLabel('Code de sécurité').fill(code);
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Bonjour ${account.name}` })).toBeVisible();
}

/** The full sign-in with the mailed code, ending on the home page. */
export async function signInWithCode(page: Page, account: SigningIn): Promise<void> {
  await page.goto('/connexion');
  await enterCode(page, await signInUpToCode(page, account), account);
}

/** Opens an entry of the « ADMINISTRATION » menu of the header. */
export async function openAdministration(
  page: Page,
  entry: 'Mon compte' | 'Mes référents' | 'Comptes et Habilitations' | 'Revue des habilitations',
): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await nav.getByRole('button', { name: /administration/i }).click();
  await nav.getByRole('link', { name: entry }).click();
}

/** Signs out through the header. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/connexion$/);
}
