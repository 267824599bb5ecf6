import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, signInWithCode } from '../support/auth';
import { expect, test } from '../support/test';
import { HAD, menuEntries, openFromMenu, rorFaults, rorReset, shoot } from './support';

/** An offer of the EHPAD's long-stay unit, served broken by the local ROR in one test. */
const BROKEN = 'annecy-usld';

test.afterEach(async () => {
  await rorReset();
});

test('an administrator starts a full load, follows its progress and reads its report with its errors', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Slow enough to be seen running; one broken offer, which the run records and goes past.
  await rorFaults({ delayMs: 700, malformedResourceId: BROKEN });
  await signInWithCode(page, DEMO.admin);
  const entries = await menuEntries(page);
  expect(entries).toContain('Etablissements');
  expect(entries).toContain('Synchronisation ROR');
  await openFromMenu(page, 'Synchronisation ROR');
  await expect(page.getByRole('heading', { level: 1, name: 'Synchronisation ROR' })).toBeVisible();
  await expectNoA11yViolations(page);

  await page.getByRole('button', { name: 'Chargement complet' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lancer : Chargement complet ?' });
  await expect(dialog).toBeVisible();
  await expectNoA11yViolations(page);
  await dialog.getByRole('button', { name: 'Lancer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Chargement complet : démarré.' })).toBeVisible();
  const progress = page.getByRole('region', { name: 'Synchronisation en cours' });
  await expect(progress.getByRole('progressbar', { name: 'Avancement de la synchronisation' })).toBeVisible();
  // The export's files read so far (then the batches of establishments merged, too quick to see here).
  await expect(progress.getByText(/^\d+ fichiers? lus? sur \d+$/)).toBeVisible({ timeout: 30_000 });
  // Another run is not offered while this one goes on, and the page says why.
  for (const name of ['Chargement complet', 'Mise à jour incrémentale']) {
    const button = page.getByRole('button', { name });
    await expect(button).toHaveAttribute('aria-disabled', 'true');
    await expect(button).toHaveAccessibleDescription(/Une synchronisation est en cours/);
  }
  await expectNoA11yViolations(page);
  await shoot(page, 'sync-running');
  // Read again every two seconds until it is over.
  const report = progress.getByRole('link', { name: 'Voir le rapport' });
  await expect(report).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('button', { name: 'Mise à jour incrémentale' })).not.toHaveAttribute('aria-disabled');
  await report.click();

  await expect(page.getByRole('heading', { level: 1, name: 'Rapport : Chargement complet' })).toBeVisible();
  const summary = page.getByRole('region', { name: 'Résumé' });
  await expect(summary.getByRole('definition').first()).toHaveText('Terminée');
  for (const term of ['Créés', 'Mis à jour', 'Inchangés', 'Fermés', 'Erreurs', 'Durée']) {
    await expect(summary.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) })).toBeVisible();
  }
  const errors = page.getByRole('region', {
    name: 'Erreurs de la synchronisation : type de ressource, identifiant, motif',
  });
  await expect(errors.getByRole('row', { name: new RegExp(BROKEN) })).toBeVisible();
  await expectNoA11yViolations(page);
  await shoot(page, 'sync-report');

  await page.getByRole('link', { name: 'Retour aux synchronisations' }).click();
  await expect(
    page
      .getByRole('region', { name: /^Synchronisations : type/ })
      .getByRole('row', { name: /Chargement complet/ })
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
