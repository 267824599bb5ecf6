import { expectNoA11yViolations } from '../support/a11y';
import { signInWithCode } from '../support/auth';
import { createTestAccount, uniqueWord } from '../support/db';
import { expect, test } from '../support/test';
import { CHU, establishmentId, markSynchronised, menuEntries, openFromMenu, unitId } from './support';

test('a référent unité edits her unit only, and another unit’s page shows the refusal', async ({ page }) => {
  await markSynchronised(CHU);
  // A référent unité of her own: demo.ref.unite ends up blocked by auth/sign-in.spec.ts.
  const referent = await createTestAccount({
    habilitations: [{ profile: 'REFERENT_UNITE', establishment: CHU, unit: 'SMR polyvalent' }],
  });
  await signInWithCode(page, referent);
  const entries = await menuEntries(page);
  expect(entries).toContain('Etablissements');
  expect(entries).not.toContain('Synchronisation ROR');
  await openFromMenu(page, 'Etablissements');
  await page.getByRole('link', { name: new RegExp(`l’établissement ${CHU}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: CHU })).toBeVisible();
  // Her establishment is read, not edited: no form, no sync, no desks.
  await expect(page.getByRole('button', { name: 'Enregistrer' })).toHaveCount(0);
  await expect(page.getByLabel('Descriptif')).not.toBeEditable();
  await expect(page.getByRole('button', { name: 'Synchroniser avec le ROR' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Guichets' })).toHaveCount(0);
  await expectNoA11yViolations(page);

  await page.getByRole('link', { name: 'Unités de soins' }).click();
  await expect(page.getByRole('link', { name: /^Modifier l’unité/ })).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Modifier l’unité Cardiologie' })).toHaveCount(0);
  await expectNoA11yViolations(page);
  await page.getByRole('link', { name: 'Modifier l’unité SMR polyvalent' }).click();
  await expect(page.getByLabel('Nom', { exact: true })).not.toBeEditable();
  const code = `SMR-${uniqueWord().toUpperCase()}`;
  await page.getByLabel('Code interne').fill(code);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'ont été enregistrées' })).toBeVisible();

  // Another unit of the same establishment, by its address: the server refuses, the page says so.
  const other = await unitId(CHU, 'Cardiologie');
  await page.goto(`/etablissements/${await establishmentId(CHU)}/unites/${other}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Unité inaccessible' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: /\S/ }).first()).toBeVisible();
  await expect(page.getByLabel('Code interne')).toHaveCount(0);
  await expectNoA11yViolations(page);
});
