import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, openAdministration, signInWithCode } from '../support/auth';
import { expect, test } from '../support/test';

test('the main area takes focus after a change of page without a frame; controls keep a visible focus', async ({
  page,
}) => {
  await signInWithCode(page, DEMO.prescripteur);
  await openAdministration(page, 'Mon compte');
  const main = page.getByRole('main');
  await expect(main).toBeFocused();
  await expect(main).toHaveCSS('box-shadow', 'none');
  await expect(main).toHaveCSS('outline-style', 'none');

  // From the keyboard, the next control shows where the focus is.
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  await expect(focused).not.toHaveCSS('outline-style', 'none');
  await expect(focused).not.toHaveCSS('box-shadow', 'none');

  // A redirect too: a signed-in visitor of the sign-in page goes home.
  await page.goto('/connexion');
  await expect(page).toHaveURL(/\/$/);
  await expect(main).toBeFocused();
  await expect(main).toHaveCSS('box-shadow', 'none');
});

test('a national administrator’s home page does not send her to a référent; French elision before a vowel', async ({
  page,
}) => {
  await signInWithCode(page, DEMO.admin);
  const main = page.getByRole('main');
  await expect(main).not.toContainText('référent structure');
  await expect(main).toContainText(
    'Votre compte d’administration nationale vous permet d’attribuer, de prolonger et de retirer vous-même les habilitations de tous les établissements : Comptes et Habilitations.',
  );
  await expect(main.getByRole('link', { name: 'Comptes et Habilitations' })).toHaveAttribute('href', '/comptes');
  await expectNoA11yViolations(page);

  await openAdministration(page, 'Comptes et Habilitations');
  await page.getByLabel('Nom, prénom, nom d’utilisateur ou e-mail').fill(DEMO.admissions.username);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByRole('link', { name: DEMO.admissions.username }).click();
  await expect(page).toHaveTitle('Compte d’Émilie Garnier — Trajectoire Pro');
});

test('anyone else is sent to their référents from the home page', async ({ page }) => {
  await signInWithCode(page, DEMO.prescripteur);
  const main = page.getByRole('main');
  await expect(main).toContainText(
    'Pour obtenir ou prolonger une habilitation, rapprochez-vous de vos référents : Mes référents.',
  );
  await main.getByRole('link', { name: 'Mes référents' }).click();
  await expect(page).toHaveURL(/\/mes-referents$/);
});
