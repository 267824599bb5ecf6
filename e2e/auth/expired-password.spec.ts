import { expectNoA11yViolations } from '../support/a11y';
import { enterCode, submitPassword } from '../support/auth';
import { ageAccountPassword, createTestAccount } from '../support/db';
import { messagesTo, nextCode } from '../support/mail';
import { expect, test } from '../support/test';

test('a password older than 6 months is replaced at sign-in, then the code, then home', async ({ page }) => {
  const me = await createTestAccount();
  await ageAccountPassword(me.id);

  await page.goto('/connexion');
  await submitPassword(page, me.username, me.password);
  await expect(page).toHaveURL(/\/connexion\/mot-de-passe-expire$/);
  await expect(page).toHaveTitle('Mot de passe expiré — Trajectoire Pro');
  await expect(page.getByRole('heading', { level: 1, name: 'Votre mot de passe a expiré' })).toBeVisible();
  await expect(page.getByRole('listitem').first()).toHaveText(/^Au moins 12 caractères/);
  await expectNoA11yViolations(page);

  const fresh = page.getByLabel('Nouveau mot de passe');
  const repeat = page.getByLabel('Répéter le mot de passe');
  // The old password may not come back.
  await fresh.fill(me.password);
  await repeat.fill(me.password);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(fresh).toHaveAccessibleDescription(/Ce mot de passe a déjà été utilisé/);
  await expect(fresh).toBeFocused();

  const seen = (await messagesTo(me.email)).length;
  await fresh.fill('Grand-Pin-Sous-La-Neige-5');
  await repeat.fill('Grand-Pin-Sous-La-Neige-5');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page).toHaveURL(/\/connexion\/code$/);
  await expect(page.getByText(/vous a été envoyé par e-mail à/)).toBeVisible();
  await enterCode(page, await nextCode(me.email, seen), me);
});
