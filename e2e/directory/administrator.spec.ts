import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, signInWithCode } from '../support/auth';
import { expect, test } from '../support/test';
import { HAD, menuEntries, openFromMenu } from './support';

test('an administrator starts a sync, follows it and reads its report', async ({ page }) => {
  test.setTimeout(120_000);
  await signInWithCode(page, DEMO.admin);
  const entries = await menuEntries(page);
  expect(entries).toContain('Etablissements');
  expect(entries).toContain('Synchronisation ROR');
  await openFromMenu(page, 'Synchronisation ROR');
  await expect(page.getByRole('heading', { level: 1, name: 'Synchronisation ROR' })).toBeVisible();
  await expectNoA11yViolations(page);

  await page.getByRole('button', { name: 'Mise à jour incrémentale' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lancer : Mise à jour incrémentale ?' });
  await expectNoA11yViolations(page);
  await dialog.getByRole('button', { name: 'Lancer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Mise à jour incrémentale : démarré.' })).toBeVisible();
  const progress = page.getByRole('region', { name: 'Synchronisation en cours' });
  await expect(progress).toBeVisible();
  await expectNoA11yViolations(page);
  // Polled every two seconds until it is over (succeeded, or failed with its reason).
  const report = progress.getByRole('link', { name: 'Voir le rapport' });
  await expect(report).toBeVisible({ timeout: 90_000 });
  await report.click();

  await expect(page.getByRole('heading', { level: 1, name: 'Rapport : Mise à jour incrémentale' })).toBeVisible();
  const summary = page.getByRole('region', { name: 'Résumé' });
  await expect(summary.getByText(/^(Terminée|Échouée)$/)).toBeVisible();
  for (const term of ['Créés', 'Mis à jour', 'Inchangés', 'Fermés', 'Erreurs', 'Durée']) {
    await expect(summary.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) })).toBeVisible();
  }
  await expect(page.getByRole('heading', { level: 2, name: 'Erreurs' })).toBeVisible();
  await expectNoA11yViolations(page);

  await page.getByRole('link', { name: 'Retour aux synchronisations' }).click();
  await expect(
    page
      .getByRole('table', { name: /Synchronisations/ })
      .getByRole('row', { name: /Mise à jour incrémentale/ })
      .first(),
  ).toBeVisible();
});

test('an administrator searches every establishment and checks a HAD unit’s coverage', async ({ page }) => {
  await signInWithCode(page, DEMO.admin);
  await openFromMenu(page, 'Etablissements');
  await page.getByLabel('Nom, ville ou FINESS').fill('HAD Isère');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/q=HAD/);
  await expectNoA11yViolations(page);
  await page.getByRole('link', { name: `Modifier l’établissement ${HAD}` }).click();
  await page.getByRole('link', { name: 'Unités de soins' }).click();
  await page.getByRole('link', { name: 'Modifier l’unité HAD adultes' }).click();

  const coverage = page.getByLabel('Couverture géographique');
  await coverage.fill('38185\nGrenoble\n38500');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('ni un code INSEE de commune ni un code postal')).toBeVisible();
  await expect(coverage).toBeFocused();
  await expectNoA11yViolations(page);

  await coverage.fill('38185, 38500\n2A004');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'ont été enregistrées' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Couverture géographique')).toHaveValue('38185\n38500\n2A004');
});
