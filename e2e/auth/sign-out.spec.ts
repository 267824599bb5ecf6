import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, signInWithCode, submitPassword } from '../support/auth';
import { expect, test } from '../support/test';

test('« Se déconnecter » leads to the sign-in page, which says « Vous êtes déconnecté »', async ({ page }) => {
  await page.goto('/connexion');
  await expect(page.getByRole('status')).toHaveCount(0);

  await signInWithCode(page, DEMO.prescripteur);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/connexion$/);
  await expect(page.getByRole('status')).toHaveText('Vous êtes déconnecté.');
  // Signing out is not an expiry.
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectNoA11yViolations(page);

  // A new attempt is the news now.
  await submitPassword(page, DEMO.prescripteur.username, 'Pas-le-bon-mot-de-passe-1');
  await expect(page.getByRole('alert')).not.toBeEmpty();
  await expect(page.getByRole('status')).toHaveCount(0);
});
