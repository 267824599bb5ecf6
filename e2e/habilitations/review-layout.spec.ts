import type { Locator, Page } from '@playwright/test';
import { expectNoA11yViolations } from '../support/a11y';
import { signInWithCode } from '../support/auth';
import { addDays, parisToday } from '../support/days';
import { CHU, createTestAccount } from '../support/db';
import { chuStructureReferent } from '../support/referents';
import { expect, test } from '../support/test';

/**
 * The review of the whole CHU, with a holder whose name is long, as real ones can be, and
 * habilitations in each state its end column shows.
 */
async function openReview(page: Page): Promise<Locator> {
  const today = parisToday();
  await createTestAccount({
    lastName: 'Bernard-Delacroix-Montgolfier de la Tour',
    habilitations: [
      { profile: 'RESPONSABLE_ADMISSIONS', establishment: CHU, unit: 'Cardiologie' },
      { profile: 'EQUIPE_SOIGNANTE', establishment: CHU },
      { profile: 'GESTIONNAIRE_ADMINISTRATIF', establishment: CHU, startsOn: addDays(today, -30), endsOn: today },
      {
        profile: 'PRESCRIPTEUR_MEDICAL',
        establishment: CHU,
        unit: 'Neurologie',
        startsOn: addDays(today, -30),
        endsOn: addDays(today, -1),
      },
      { profile: 'EQUIPE_SOIGNANTE', establishment: CHU, unit: 'SMR polyvalent', endsOn: addDays(today, 10) },
    ],
  });
  await signInWithCode(page, await chuStructureReferent());
  await page.goto('/habilitations/revue');
  await page.getByLabel('Coordination').selectOption('69');
  await page.getByLabel('Structure', { exact: true }).selectOption({ label: CHU });
  await page.getByRole('button', { name: 'Rechercher' }).click();
  const table = page.getByRole('region', { name: 'Habilitations trouvées' });
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  return table;
}

const calendarOf = (row: Locator) => row.getByRole('button', { name: /^Modifier la date de fin/ });
const crossOf = (row: Locator) => row.getByRole('button', { name: /^Supprimer l’habilitation/ });

/** Each button lies wholly within the window's width, once its row is scrolled to vertically. */
async function expectInView(page: Page, buttons: Locator[]): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  for (const button of buttons) {
    await button.scrollIntoViewIfNeeded();
    const box = await button.boundingBox();
    expect(box, 'laid out').not.toBeNull();
    if (!box) continue;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    await expect(button).toBeInViewport();
  }
}

test('at 1366×768 the review fits its card: every row’s calendar and cross in view, no sideways scrolling', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const table = await openReview(page);
  const rows = table.getByRole('row').filter({ has: page.getByRole('cell') });
  // Wide content opened too: the privileges of the long-named holder.
  await rows
    .filter({ hasText: 'Bernard-Delacroix' })
    .first()
    .getByRole('button', { name: /^Droits/ })
    .click();
  const fits = () => table.evaluate((region) => region.scrollWidth <= region.clientWidth);
  expect(await fits()).toBe(true);
  const count = await rows.count();
  expect(count).toBeGreaterThan(2);
  for (let i = 0; i < count; i++) {
    const row = rows.nth(i);
    await expect(calendarOf(row)).toHaveCount(1);
    await expect(crossOf(row)).toHaveCount(1);
    await expectInView(page, [calendarOf(row), crossOf(row)]);
  }
  await expectNoA11yViolations(page);
});

test('at 390 px each row of the review is a card whose calendar and cross are in reach', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const table = await openReview(page);
  expect(await table.evaluate((region) => region.scrollWidth <= region.clientWidth)).toBe(true);
  const row = table.getByRole('row').filter({ hasText: 'Bernard-Delacroix' }).first();
  await expectInView(page, [calendarOf(row), crossOf(row)]);
  // The sort stays at hand.
  await expect(page.getByRole('button', { name: 'Fin', exact: true })).toBeVisible();
  await expectNoA11yViolations(page);

  await calendarOf(row).click();
  const calendar = page.getByRole('dialog', { name: /^Date de fin de l’habilitation/ });
  await expect(calendar).toBeVisible();
  await calendar.getByRole('button', { name: 'Annuler' }).click();
  await expect(calendar).toBeHidden();
  await crossOf(row).click();
  const confirm = page.getByRole('alertdialog', { name: 'Supprimer cette habilitation ?' });
  await expect(confirm).toBeVisible();
  await expectNoA11yViolations(page);
  await confirm.getByRole('button', { name: 'Annuler' }).click();
  await expect(confirm).toBeHidden();
});
