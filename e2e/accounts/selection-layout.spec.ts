import type { Locator, Page } from '@playwright/test';
import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, signInWithCode } from '../support/auth';
import { CHU, createTestAccount, uniqueWord } from '../support/db';
import { expect, test } from '../support/test';

const SCREENS = [
  { name: 'large', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Nothing wider than the window: no sideways scrolling of the page itself. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
}

/** Each control lies within the window, left to right, once scrolled to (vertically). */
async function expectWithinWindow(page: Page, controls: Locator): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  for (const control of await controls.all()) {
    await control.scrollIntoViewIfNeeded();
    const box = await control.boundingBox();
    expect(box, 'a control is not drawn').not.toBeNull();
    if (!box) continue;
    expect(box.x, `${await control.textContent()} is cut on the left`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${await control.textContent()} is cut on the right`).toBeLessThanOrEqual(width);
  }
}

/** The whole page; with a dialog open, the window only (the dialog scrolls by itself). */
async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage });
}

for (const screen of SCREENS)
  test(`selection, grant dialog and account page fit a ${screen.width}px screen`, async ({ page }) => {
    await page.setViewportSize({ width: screen.width, height: screen.height });
    const family = uniqueWord();
    const lastName = `${family.charAt(0).toUpperCase()}${family.slice(1)}`;
    const accounts = [];
    for (const n of ['Alpha', 'Beta', 'Gamma'])
      accounts.push(
        await createTestAccount({
          lastName: `${lastName} ${n}`,
          habilitations: [{ profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie' }],
        }),
      );
    await signInWithCode(page, DEMO.refStructure);
    await page.goto(`/comptes?q=${family}`);
    const results = page.getByRole('region', { name: 'Résultats' });
    await results.getByRole('checkbox', { name: 'Tout sélectionner' }).check();
    await expect(results.getByText('3 comptes sélectionnés.')).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectWithinWindow(page, results.locator('.selection-bar').getByRole('button'));
    await expectWithinWindow(page, results.getByRole('checkbox', { name: 'Tout sélectionner' }));
    await shot(page, `${screen.name}-search-selection`);

    await results.getByRole('button', { name: 'Attribuer une habilitation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Attribuer une habilitation' });
    await dialog.getByText('Voir les utilisateurs').click();
    await dialog.getByLabel('Profil').selectOption({ label: 'Équipe soignante' });
    await dialog.getByLabel('Domaine').selectOption({ label: 'Sanitaire' });
    await dialog.getByLabel('Niveau').selectOption({ label: 'Unité' });
    await dialog.getByLabel('Structure').selectOption({ label: CHU });
    await dialog.getByRole('checkbox', { name: 'Neurologie' }).check();
    await expectWithinWindow(page, dialog.getByRole('button'));
    await shot(page, `${screen.name}-grant-dialog-end`, false);
    await dialog.getByRole('heading', { name: 'Attribuer une habilitation' }).scrollIntoViewIfNeeded();
    await shot(page, `${screen.name}-grant-dialog-top`, false);
    await dialog.getByRole('button', { name: 'Fermer' }).click();
    const report = page.getByRole('dialog', { name: 'Habilitation attribuée' });
    await expect(report.getByRole('status')).toContainText('3 utilisateurs');
    await expectWithinWindow(page, report.getByRole('button'));
    await shot(page, `${screen.name}-grant-report`, false);
    await report.getByRole('button', { name: 'OK' }).click();

    await page.goto(`/comptes/${accounts[0]?.id}`);
    const table = page.getByRole('region', { name: 'Tableau des habilitations du compte' });
    const rights = table.getByRole('button', { name: /^Droits/ });
    await expect(rights).toHaveCount(2);
    await rights.first().click();
    await expectNoSidewaysScroll(page);
    await expectNoA11yViolations(page);
    // The table may scroll inside its own region on a phone; every action of a row is reached there.
    for (const button of await table.getByRole('button').all()) {
      await button.scrollIntoViewIfNeeded();
      await expect(button).toBeInViewport();
    }
    if (screen.width >= 1366) {
      // On a large screen, no sideways scrolling inside the table either.
      const hidden = await table.evaluate((region) => region.scrollWidth - region.clientWidth);
      expect(hidden, 'the table scrolls sideways at 1366 px').toBeLessThanOrEqual(0);
    }
    await page
      .getByRole('region', { name: 'Habilitations', exact: true })
      .screenshot({ path: test.info().outputPath(`${screen.name}-account-habilitations.png`) });
    await page.evaluate('window.scrollTo(0, 0)');
    await shot(page, `${screen.name}-account-page`);
  });
