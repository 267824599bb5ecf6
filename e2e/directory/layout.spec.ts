import type { Page } from '@playwright/test';
import { DEMO, signInWithCode } from '../support/auth';
import { expect, test } from '../support/test';
import { CHU, establishmentId, markSynchronised, shoot, unitId } from './support';

const SIZES = [
  { name: 'large', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Nothing wider than the window: a page that scrolls sideways hides what is on its right. */
async function expectFits(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `the page is ${overflow}px wider than the window at ${page.url()}`).toBeLessThanOrEqual(0);
}

for (const size of SIZES) {
  test(`the directory’s and the sync’s screens fit ${size.width} px`, async ({ page }) => {
    test.setTimeout(60_000);
    await markSynchronised(CHU);
    await page.setViewportSize({ width: size.width, height: size.height });
    await signInWithCode(page, DEMO.admin);
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await nav.getByRole('button', { name: /administration/i }).click();
    await expect(nav.getByRole('link', { name: 'Etablissements' })).toBeInViewport();
    await expect(nav.getByRole('link', { name: 'Synchronisation ROR' })).toBeInViewport();
    await shoot(page, `${size.name}-menu`);
    await page.keyboard.press('Escape');

    const chu = await establishmentId(CHU);
    const screens: [string, string, string][] = [
      ['establishments', '/etablissements', 'Etablissements'],
      ['general', `/etablissements/${chu}`, 'Informations générales'],
      ['units', `/etablissements/${chu}/unites`, 'Unités de soins'],
      ['unit', `/etablissements/${chu}/unites/${await unitId(CHU, 'Cardiologie')}`, 'Cardiologie'],
      ['desks', `/etablissements/${chu}/guichets`, 'Guichets'],
      ['sync', '/synchronisation-ror', 'Synchronisation ROR'],
    ];
    for (const [name, url, heading] of screens) {
      await page.goto(url);
      await expect(page.getByRole('heading', { name: heading, exact: true }).first()).toBeVisible();
      await expectFits(page);
      if (name === 'establishments') {
        // Rows stay rows for assistive technologies, and the pencil is on screen, not past a scroll.
        const pencil = page
          .getByRole('row', { name: new RegExp(CHU) })
          .getByRole('link', { name: `Modifier l’établissement ${CHU}` });
        await expect(pencil).toBeInViewport();
      }
      await shoot(page, `${size.name}-${name}`);
    }
    await expect(page.getByRole('button', { name: 'Chargement complet' })).toBeInViewport();
    await expect(page.getByRole('button', { name: 'Mise à jour incrémentale' })).toBeInViewport();
    const report = page.getByRole('link', { name: /^Rapport/ }).first();
    if ((await report.count()) > 0) {
      await report.click();
      await expect(page.getByRole('heading', { level: 1, name: /^Rapport/ })).toBeVisible();
      await expectFits(page);
      await shoot(page, `${size.name}-report`);
    }
  });
}
