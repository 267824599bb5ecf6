import { expectNoA11yViolations } from '../support/a11y';
import { openAdministration, signInWithCode } from '../support/auth';
import { chuStructureReferent } from '../support/referents';
import { expect, test } from '../support/test';

test('the review names each coordination by its département: « 69 — Rhône »', async ({ page }) => {
  await signInWithCode(page, await chuStructureReferent());
  await openAdministration(page, 'Revue des habilitations');
  const coordination = page.getByLabel('Coordination');
  await expect(coordination.locator('option', { hasText: '69 — Rhône' })).toHaveCount(1);
  await coordination.selectOption('69');
  await expect(coordination).toHaveValue('69');
  await expectNoA11yViolations(page);
});
