import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, signInWithCode } from '../support/auth';
import { expect, test } from '../support/test';

test('a prescripteur has « Mon compte » but not « Comptes et Habilitations », and /comptes is reserved', async ({
  page,
}) => {
  await signInWithCode(page, DEMO.prescripteur);
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  const menu = nav.getByRole('button', { name: /administration/i });
  await expect(nav.getByRole('link', { name: 'Accueil' })).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(nav.getByRole('link', { name: 'Mon compte' })).toBeHidden();

  // By keyboard: open, look, close with Escape back on the button.
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(nav.getByRole('link', { name: 'Mon compte' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Comptes et Habilitations' })).toHaveCount(0);
  await expectNoA11yViolations(page);
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('link', { name: 'Mon compte' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeFocused();

  await page.goto('/comptes');
  await expect(page.getByRole('heading', { level: 1, name: 'Accès réservé aux référents' })).toBeVisible();
  await expect(page).toHaveTitle('Accès réservé aux référents — Trajectoire Pro');
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await expectNoA11yViolations(page);
  await page.goto('/comptes/nouveau');
  await expect(page.getByRole('heading', { level: 1, name: 'Accès réservé aux référents' })).toBeVisible();
});

test('a signed-out visitor of « Mon compte » or « Comptes et Habilitations » is sent to the sign-in page', async ({
  page,
}) => {
  // The sign-in page leads back to the page asked for.
  await page.goto('/mon-compte');
  await expect(page).toHaveURL(/\/connexion\?retour=%2Fmon-compte$/);
  await page.goto('/comptes');
  await expect(page).toHaveURL(/\/connexion\?retour=%2Fcomptes$/);
});
