import { expectNoA11yViolations } from '../support/a11y';
import { expect, test } from '../support/test';

test('the forgot-password page leads back to the sign-in page', async ({ page }) => {
  await page.goto('/mot-de-passe-oublie');
  await expect(page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('l’adresse e-mail de votre compte');
  await page.getByRole('link', { name: 'Retour à la connexion' }).click();
  await expect(page).toHaveURL(/\/connexion$/);
});

test('an unknown address shows « Page introuvable »', async ({ page }) => {
  await page.goto('/cette-page-n-existe-pas');
  await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
  await expect(page).toHaveTitle('Page introuvable — Trajectoire Pro');
  await expectNoA11yViolations(page);
});

test('the code page without a sign-in in progress sends back to the sign-in page', async ({ page }) => {
  await page.goto('/connexion/code');
  await expect(page).toHaveURL(/\/connexion$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion à Trajectoire Pro' })).toBeVisible();
});
