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

const calendarOf = (within: Locator) => within.getByRole('button', { name: /^Modifier la date de fin/ });
const crossOf = (within: Locator) => within.getByRole('button', { name: /^Supprimer l’habilitation/ });

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

/**
 * Where each button of `buttons` lies once scrolled to vertically, measured in the page in one
 * pass: fifty rows checked one locator at a time took most of the test's 30 s on a busy machine.
 */
function placesOf(buttons: Locator) {
  return buttons.evaluateAll((elements) =>
    elements.map((button) => {
      button.scrollIntoView({ block: 'center', inline: 'nearest' });
      const box = button.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      const row = button.closest('tr');
      return {
        row: row ? Array.from(row.closest('table')?.rows ?? []).indexOf(row) : -1,
        left: box.left,
        right: box.right,
        windowWidth: window.innerWidth,
        // Not hidden by the card's edge, a sticky header or anything else drawn over it.
        reachable: hit !== null && button.contains(hit),
        scrolledSideways: (document.scrollingElement?.scrollLeft ?? 0) !== 0,
      };
    }),
  );
}

test('at 1366×768 the review fits its card: every row’s calendar and cross in view, no sideways scrolling', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const table = await openReview(page);
  const rows = table.getByRole('row').filter({ has: page.getByRole('cell') });
  // Wide content opened too: the privileges of the long-named holder.
  const longNamed = rows.filter({ hasText: 'Bernard-Delacroix' }).first();
  await longNamed.getByRole('button', { name: /^Droits/ }).click();
  const fits = () => table.evaluate((region) => region.scrollWidth <= region.clientWidth && region.scrollLeft === 0);
  expect(await fits()).toBe(true);
  const count = await rows.count();
  expect(count).toBeGreaterThan(2);
  for (const buttons of [calendarOf(table), crossOf(table)]) {
    const places = await placesOf(buttons);
    // One per row, in every row.
    expect(new Set(places.map((p) => p.row)).size).toBe(count);
    expect(places).toHaveLength(count);
    for (const place of places) {
      expect(place, `row ${place.row}`).toMatchObject({ reachable: true, scrolledSideways: false });
      expect(place.left).toBeGreaterThanOrEqual(0);
      expect(place.right).toBeLessThanOrEqual(place.windowWidth);
    }
  }
  expect(await fits()).toBe(true);
  // Playwright's own view of the widest row, as a user would scroll to it.
  await expectInView(page, [calendarOf(longNamed), crossOf(longNamed)]);
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
