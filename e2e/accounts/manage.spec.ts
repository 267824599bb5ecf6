import type { Page } from '@playwright/test';
import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, signInWithCode, submitPassword } from '../support/auth';
import { blockAccount, CHU, CLINIQUE, createTestAccount } from '../support/db';
import { expect, test } from '../support/test';

const CARDIOLOGY = { profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie' };

/** From « Comptes et Habilitations », searches and opens the account with this username. */
async function openAccount(page: Page, query: string, username: string) {
  await page.goto('/comptes');
  await page.getByLabel('Nom, prénom, nom d’utilisateur ou e-mail').fill(query);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByRole('link', { name: username }).click();
  await expect(page).toHaveURL(/\/comptes\/[0-9a-f-]{36}$/);
}

test('a référent structure updates an account of its establishment', async ({ page }) => {
  const target = await createTestAccount({ habilitations: [CARDIOLOGY] });
  await signInWithCode(page, DEMO.refStructure);
  await openAccount(page, target.lastName, target.username);
  await expect(page.getByRole('heading', { level: 1, name: target.name })).toBeVisible();
  await expect(page).toHaveTitle(`Compte de ${target.name} — Trajectoire Pro`);
  await expect(page.getByRole('table')).toContainText('Cardiologie');
  await expectNoA11yViolations(page);

  const form = page.getByRole('region', { name: 'Modifier le compte', exact: true });
  await expect(form.getByLabel('E-mail', { exact: true })).toHaveValue(target.email);
  await form.getByLabel('Téléphone', { exact: true }).fill('12');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(form.getByLabel('Téléphone', { exact: true })).toHaveAccessibleDescription(
    /Numéro de téléphone invalide\./,
  );

  await form.getByLabel('Téléphone', { exact: true }).fill('04 78 00 11 22');
  await form.getByLabel('Téléphone portable').fill('+33 6 98 76 54 32');
  await form.getByLabel('Profession').fill('Infirmier coordinateur');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(form.getByRole('status')).toHaveText('Les modifications ont été enregistrées.');
  await page.reload();
  await expect(form.getByLabel('Téléphone', { exact: true })).toHaveValue('04 78 00 11 22');
  await expect(form.getByLabel('Téléphone portable')).toHaveValue('06 98 76 54 32');
  await expect(form.getByLabel('Profession')).toHaveValue('Infirmier coordinateur');
});

test('a blocked account is unblocked with the padlock, and its holder signs in again', async ({ page, browser }) => {
  const target = await createTestAccount({ habilitations: [CARDIOLOGY] });
  // Five wrong passwords, from the holder's own browser.
  const holderContext = await browser.newContext();
  const holder = await holderContext.newPage();
  await holder.goto('/connexion');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await submitPassword(holder, target.username, `Mauvais-mot-de-passe-${attempt}`);
    await expect(holder.getByRole('alert')).toContainText(attempt < 5 ? 'incorrect' : 'bloqué');
  }

  await signInWithCode(page, DEMO.refStructure);
  await page.goto('/comptes');
  await page.getByLabel('Nom, prénom, nom d’utilisateur ou e-mail').fill(target.username);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  const row = page.getByRole('row').filter({ hasText: target.username });
  await expect(row.getByRole('cell').last()).toHaveText('Bloqué');
  await expect(row.locator('svg')).toBeVisible();
  await row.getByRole('link', { name: target.username }).click();

  await expect(page.getByText(/^Bloqué depuis le \d\d\/\d\d\/\d{4} à \d\d:\d\d$/)).toBeVisible();
  const padlock = page.getByRole('button', { name: 'Débloquer le compte' });
  await padlock.click();
  const dialog = page.getByRole('dialog', { name: 'Débloquer ce compte ?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'OK' })).toBeFocused();
  await expectNoA11yViolations(page);
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  await expect(dialog).toBeHidden();
  await expect(padlock).toBeFocused();

  await padlock.click();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'débloqué' })).toHaveText('Le compte a été débloqué.');
  await expect(padlock).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Informations du compte' })).toBeFocused();

  await submitPassword(holder, target.username, target.password);
  await expect(holder).toHaveURL(/\/connexion\/code$/);
  await holderContext.close();
});

test('accounts outside the référent’s establishment open read-only', async ({ page }) => {
  const outsider = await createTestAccount({
    habilitations: [{ profile: 'RESPONSABLE_ADMISSIONS', establishment: CLINIQUE, unit: 'SMR neurologique' }],
  });
  await blockAccount(outsider.id);
  await signInWithCode(page, DEMO.refStructure);

  await openAccount(page, 'garnier', DEMO.admissions.username);
  await expect(page.getByRole('heading', { level: 1, name: DEMO.admissions.name })).toBeVisible();
  await expect(page.getByText(/Ce compte est hors de votre périmètre \(ni créé/)).toBeVisible();
  await expect(page.getByRole('main')).toContainText(DEMO.admissions.email);
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Enregistrer' })).toHaveCount(0);
  await expectNoA11yViolations(page);

  // Even blocked, such an account has no padlock for this référent.
  await openAccount(page, outsider.username, outsider.username);
  await expect(page.getByText(/^Bloqué depuis le/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Débloquer le compte' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Enregistrer' })).toHaveCount(0);
});
