import type { Page } from '@playwright/test';
import { expectNoA11yViolations } from '../support/a11y';
import { signInWithCode } from '../support/auth';
import { CHU, createTestAccount, uniqueWord } from '../support/db';
import { chuStructureReferent } from '../support/referents';
import { expect, test } from '../support/test';

/** Holds the answers of the requests matching `url` until the returned function lets the next one through. */
async function hold(page: Page, url: RegExp): Promise<() => void> {
  const waiting: (() => void)[] = [];
  await page.route(url, async (route) => {
    await new Promise<void>((resolve) => waiting.push(resolve));
    await route.continue();
  });
  return () => waiting.shift()?.();
}

async function chooseChu(page: Page, departement = '69', establishment = CHU) {
  await page.getByLabel('Coordination').selectOption(departement);
  await page.getByLabel('Structure', { exact: true }).selectOption({ label: establishment });
}

test('the review keeps its criteria while it waits, busy on « Rechercher » and the results; « Exporter » says the file is being prepared', async ({
  page,
}) => {
  // « Aaa » sorts them first by name, whatever other tests left at the CHU.
  const [inCardiology, inSmr] = [
    await createTestAccount({
      lastName: `Aaa Attente ${uniqueWord()}`,
      habilitations: [{ profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie' }],
    }),
    await createTestAccount({
      lastName: `Aaa Attente ${uniqueWord()}`,
      habilitations: [{ profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'SMR polyvalent' }],
    }),
  ];
  await signInWithCode(page, await chuStructureReferent());
  await page.goto('/habilitations/revue');
  const release = await hold(page, /\/trpc\/[^?]*habilitations\.review/);
  const button = page.getByRole('button', { name: /^Recherch/ });
  await chooseChu(page);
  await button.click();
  await expect(button).toHaveText('Recherche…');
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await expect(button).toBeFocused();
  await expect(page.getByLabel('Structure', { exact: true })).toBeVisible();
  const results = page.getByRole('region', { name: 'Habilitations', exact: true });
  await expect(results).toHaveAttribute('aria-busy', 'true');
  await expect(results.getByRole('status').filter({ hasText: 'Recherche en cours…' })).toBeVisible();
  await expectNoA11yViolations(page);
  release();
  await expect(results).toHaveAttribute('aria-busy', 'false');
  await expect(button).toHaveText('Rechercher');
  await expect(results.getByRole('row').filter({ hasText: inCardiology.username })).toBeVisible();

  // Another search: the previous results stay, marked busy.
  await page.getByLabel('Unité (facultatif)').selectOption({ label: 'SMR polyvalent' });
  await button.click();
  await expect(results).toHaveAttribute('aria-busy', 'true');
  await expect(results.getByRole('row').filter({ hasText: inCardiology.username })).toBeVisible();
  release();
  await expect(results).toHaveAttribute('aria-busy', 'false');
  await expect(results.getByRole('row').filter({ hasText: inSmr.username })).toBeVisible();
  await expect(results.getByRole('row').filter({ hasText: inCardiology.username })).toHaveCount(0);

  // « Exporter »: the file is being prepared until its download starts.
  const releaseExport = await hold(page, /\/exports\/revue-habilitations\.xlsx/);
  const exportButton = results.getByRole('button', { name: /^(Exporter|Préparation)/ });
  const downloading = page.waitForEvent('download');
  await exportButton.click();
  await expect(exportButton).toHaveText('Préparation du fichier…');
  await expect(exportButton).toHaveAttribute('aria-disabled', 'true');
  await expect(results.getByRole('status').filter({ hasText: 'en cours de préparation' })).toBeVisible();
  await expectNoA11yViolations(page);
  releaseExport();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^revue-habilitations-.*\.xlsx$/);
  await expect(exportButton).toHaveText('Exporter');
  await expect(exportButton).not.toHaveAttribute('aria-disabled');
});

test('an empty review says so and offers no export', async ({ page }) => {
  await signInWithCode(page, await chuStructureReferent());
  await page.goto('/habilitations/revue');
  // Nobody holds a habilitation of the « Handicap » domain at the CHU.
  await page.getByLabel('Domaine').selectOption({ label: 'Handicap' });
  await chooseChu(page);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  const results = page.getByRole('region', { name: 'Habilitations', exact: true });
  await expect(results).toContainText('Aucune habilitation ne correspond à ces critères : il n’y a rien à exporter.');
  await expect(results.getByRole('button', { name: 'Exporter' })).toBeDisabled();
  await expect(results.getByRole('table')).toHaveCount(0);
  await expectNoA11yViolations(page);
});

test('an export started once the session has ended says so on the page, instead of a failed download', async ({
  page,
}) => {
  const referent = await chuStructureReferent();
  await signInWithCode(page, referent);
  await page.goto('/habilitations/revue');
  await chooseChu(page);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByRole('button', { name: 'Exporter' })).toBeEnabled();
  let downloads = 0;
  page.on('download', () => {
    downloads++;
  });
  // The session ends under the page (as after 30 minutes idle): the browser has no cookie left.
  await page.context().clearCookies();
  await page.getByRole('button', { name: 'Exporter' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Votre session a expiré, reconnectez-vous.' }).first(),
  ).toBeVisible();
  // And the sign-in page leads back to the review.
  await expect(page).toHaveURL(/\/connexion\?retour=%2Fhabilitations%2Frevue$/);
  await expectNoA11yViolations(page);
  expect(downloads).toBe(0);
});
