import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, signInWithCode } from '../support/auth';
import { CHU, CLINIQUE, createTestAccount, uniqueWord } from '../support/db';
import { expect, test } from '../support/test';

test('a référent unité creates accounts only in her unit, and sees other establishments’ accounts without their details', async ({
  page,
}) => {
  const outsider = await createTestAccount({
    habilitations: [{ profile: 'EQUIPE_SOIGNANTE', establishment: CLINIQUE, unit: 'SMR neurologique' }],
  });
  await signInWithCode(page, DEMO.refUnite);

  await page.goto('/comptes/nouveau');
  const place = page.getByLabel('Rattachement');
  await expect(place.locator('option')).toHaveText([`${CHU} — SMR polyvalent`]);
  await expectNoA11yViolations(page);

  const word = uniqueWord();
  await page.getByLabel('Nom', { exact: true }).fill(`Recrue ${word}`);
  await page.getByLabel('Prénom').fill('Zoé');
  await page.getByLabel('E-mail', { exact: true }).fill(`zoe.${word}@chu-lyon.test`);
  await page.getByRole('button', { name: 'Créer le compte utilisateur' }).click();
  await page.getByRole('link', { name: 'Voir le compte' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Modifier le compte' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Ajouter une habilitation/ })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: CHU })).toHaveText(CHU);

  await page.goto('/comptes');
  await page.getByLabel('Nom, prénom, nom d’utilisateur ou e-mail').fill(outsider.username);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  const row = page.getByRole('row', { name: new RegExp(outsider.username) });
  await expect(row.getByRole('cell', { name: CLINIQUE })).toBeVisible();
  await expectNoA11yViolations(page);
  await row.getByRole('link', { name: outsider.username }).click();
  await expect(page.getByRole('heading', { level: 1, name: outsider.name })).toBeVisible();
  await expect(page.getByText('hors de votre périmètre').first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Modifier le compte' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Ajouter une habilitation/ })).toHaveCount(0);
  await expect(page.getByRole('cell', { name: 'SMR neurologique' })).toHaveCount(0);
  await expectNoA11yViolations(page);
});

test('the national administrator’s account is no référent’s to change', async ({ page }) => {
  await signInWithCode(page, DEMO.refStructure);
  await page.goto('/comptes');
  await page.getByLabel('Nom, prénom, nom d’utilisateur ou e-mail').fill('demo.admin');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByRole('link', { name: 'demo.admin' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Modifier le compte' })).toHaveCount(0);
  await expect(page.getByText('hors de votre périmètre').first()).toBeVisible();
});
