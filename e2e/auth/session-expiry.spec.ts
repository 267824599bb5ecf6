import type { Page } from '@playwright/test';
import { expectNoA11yViolations } from '../support/a11y';
import { openAdministration, signInWithCode } from '../support/auth';
import { CHU, createTestAccount, idleSessions, type TestAccount } from '../support/db';
import { messagesTo, nextCode } from '../support/mail';
import { expect, test } from '../support/test';

const EXPIRED = 'Votre session a expiré, reconnectez-vous.';
const NEW_PASSWORD = 'Marée-Basse-Digue-58!';

/** From the sign-in page the portal sent us to, with the password then the mailed code. */
async function signInAgain(page: Page, me: TestAccount, password = me.password): Promise<void> {
  const seen = (await messagesTo(me.email)).length;
  await page.getByLabel('Nom d’utilisateur').fill(me.username);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/connexion\/code\?retour=/);
  await page.getByLabel('Code de sécurité').fill(await nextCode(me.email, seen));
  await page.getByRole('button', { name: 'Valider' }).click();
}

test('after 30 minutes idle, « Enregistrer » leads to the sign-in page, which says so, and back with what was typed', async ({
  page,
}) => {
  const me = await createTestAccount();
  await signInWithCode(page, me);
  await openAdministration(page, 'Mon compte');
  const details = page.getByRole('region', { name: 'Mes coordonnées', exact: true });
  await details.getByLabel('Prénom').fill('Camille');
  await details.getByLabel('Profession').fill('Cadre de santé');

  await idleSessions(me.id);
  // This browser stays trusted for 8 hours; forgetting it shows the whole way back (password and code).
  await page.context().clearCookies({ name: 'tp_browser' });
  await details.getByRole('button', { name: 'Enregistrer' }).click();

  await expect(page).toHaveURL(/\/connexion\?retour=%2Fmon-compte$/);
  await expect(page.getByRole('alert')).toHaveText(EXPIRED);
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toHaveCount(0);
  await expectNoA11yViolations(page);

  await signInAgain(page, me);
  await expect(page).toHaveURL(/\/mon-compte$/);
  await expect(details.getByLabel('Prénom')).toHaveValue('Camille');
  await expect(details.getByLabel('Profession')).toHaveValue('Cadre de santé');
  await expect(details).toContainText(
    'Votre session avait expiré : ce que vous aviez saisi a été conservé. Vérifiez-le, puis enregistrez.',
  );
  await expectNoA11yViolations(page);
  await details.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(details.getByRole('status')).toHaveText('Vos coordonnées ont été enregistrées.');
  await expect(page.getByRole('banner')).toContainText(`Camille ${me.lastName}`);
});

test('after 30 minutes idle, following a menu link leads to the sign-in page, then to the page asked for', async ({
  page,
}) => {
  const me = await createTestAccount({
    habilitations: [{ profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'SMR polyvalent' }],
  });
  await signInWithCode(page, me);
  await page.goto('/mon-compte');
  await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
  await idleSessions(me.id);
  await openAdministration(page, 'Mes référents');

  await expect(page).toHaveURL(/\/connexion\?retour=%2Fmes-referents$/);
  await expect(page.getByRole('alert')).toHaveText(EXPIRED);
  // Still trusted: the password is enough.
  await page.getByLabel('Nom d’utilisateur').fill(me.username);
  await page.getByLabel('Mot de passe', { exact: true }).fill(me.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/mes-referents$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Mes référents' })).toBeVisible();
});

test('a password changed on another device ends this session: the next action says so', async ({ page, browser }) => {
  const me = await createTestAccount();
  await signInWithCode(page, me);
  await page.goto('/mon-compte');
  await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();

  const elsewhere = await browser.newContext();
  try {
    const other = await elsewhere.newPage();
    await signInWithCode(other, me);
    await other.goto('/mon-compte');
    const section = other.getByRole('region', { name: 'Mot de passe', exact: true });
    await section.getByRole('button', { name: 'Modifier' }).click();
    await section.getByLabel('Ancien mot de passe').fill(me.password);
    await section.getByLabel('Nouveau mot de passe').fill(NEW_PASSWORD);
    await section.getByLabel('Répéter le mot de passe').fill(NEW_PASSWORD);
    await section.getByRole('button', { name: 'Valider' }).click();
    await expect(section.getByRole('status')).toContainText('Votre mot de passe a été modifié.');
  } finally {
    await elsewhere.close();
  }

  const contact = page.getByRole('region', { name: 'E-mail, téléphone portable et code de sécurité', exact: true });
  await contact.getByLabel('Mot de passe actuel').fill(me.password);
  await contact.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page).toHaveURL(/\/connexion\?retour=%2Fmon-compte$/);
  await expect(page.getByRole('alert')).toHaveText(EXPIRED);

  // The new password ended the trust of every browser: the code is asked again.
  await signInAgain(page, me, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/mon-compte$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
});

test('a form being edited asks before its changes are lost, by a link or by closing the page', async ({ page }) => {
  const me = await createTestAccount();
  await signInWithCode(page, me);
  await page.goto('/mon-compte');
  const details = page.getByRole('region', { name: 'Mes coordonnées', exact: true });
  await expect(details.getByLabel('Nom', { exact: true })).toHaveValue(me.lastName);

  // Nothing typed: leaving asks nothing.
  await page.getByRole('link', { name: 'Accueil' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/mon-compte');

  await details.getByLabel('Nom', { exact: true }).fill('Durand-Essai');
  const asked: string[] = [];
  page.once('dialog', async (dialog) => {
    asked.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  await page.getByRole('link', { name: 'Accueil' }).click();
  await expect
    .poll(() => asked)
    .toEqual(['confirm: Vos modifications n’ont pas été enregistrées. Quitter cette page sans les enregistrer ?']);
  await expect(page).toHaveURL(/\/mon-compte$/);
  await expect(details.getByLabel('Nom', { exact: true })).toHaveValue('Durand-Essai');

  page.once('dialog', (dialog) => {
    asked.push(dialog.type());
    void dialog.dismiss();
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked.at(-1)).toBe('beforeunload');
});
