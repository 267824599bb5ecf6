import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, signInWithCode } from '../support/auth';
import { CHU, createTestAccount } from '../support/db';
import { expect, test } from '../support/test';

test('under the account, each habilitation shows its domain, and its privileges on a click on « Droits »', async ({
  page,
}) => {
  const target = await createTestAccount({
    habilitations: [
      { profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie' },
      { profile: 'EQUIPE_SOIGNANTE', domain: 'GRAND_AGE', establishment: CHU },
    ],
  });
  await signInWithCode(page, DEMO.refStructure);
  await page.goto(`/comptes/${target.id}`);
  await expect(page.getByRole('heading', { level: 1, name: target.name })).toBeVisible();

  const table = page.getByRole('table', { name: /^Habilitations du compte/ });
  await expect(table.getByRole('columnheader', { name: 'Domaine' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Droits' })).toBeVisible();
  const cardiology = table.getByRole('row').filter({ hasText: 'Cardiologie' });
  const grandAge = table.getByRole('row').filter({ hasText: 'Grand Âge' });
  await expect(cardiology).toContainText('Sanitaire');
  await expect(grandAge).toContainText('Équipe soignante');

  const rights = cardiology.getByRole('button', { name: /^Droits/ });
  await expect(rights).toHaveAccessibleName(/^Droits de l’habilitation Prescripteur médical — Cardiologie, /);
  await expect(rights).toHaveAttribute('aria-expanded', 'false');
  await expect(cardiology.getByRole('listitem')).toHaveCount(0);
  await rights.click();
  await expect(rights).toHaveAttribute('aria-expanded', 'true');
  const lines = cardiology.getByRole('listitem');
  await expect(lines.first()).toHaveText(/^Tableau de bord : /);
  await expect(lines.last()).toHaveText('Envoyer les demandes : oui');
  // One row's privileges only.
  await expect(grandAge.getByRole('listitem')).toHaveCount(0);
  await expectNoA11yViolations(page);
  await rights.click();
  await expect(cardiology.getByRole('listitem')).toHaveCount(0);
});
