import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, openAdministration, signInWithCode } from '../support/auth';
import { expect, test } from '../support/test';

test('the account search keeps its criteria on screen while it waits, busy on the button and the results', async ({
  page,
}) => {
  await signInWithCode(page, DEMO.refStructure);
  await openAdministration(page, 'Comptes et Habilitations');

  // The server's answers are held until the test lets them through.
  let release = () => {};
  await page.route(/\/trpc\/[^?]*accounts\.search/, async (route) => {
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    await route.continue();
  });

  const query = page.getByLabel('Nom, prénom, nom d’utilisateur ou e-mail');
  const button = page.getByRole('button', { name: /^Recherch/ });
  await query.fill('lefev');
  await button.click();
  await expect(button).toHaveText('Recherche…');
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await expect(button).toBeFocused();
  await expect(query).toBeVisible();
  await expect(query).toHaveValue('lefev');
  const results = page.getByRole('region', { name: 'Résultats' });
  await expect(results).toHaveAttribute('aria-busy', 'true');
  await expect(results.getByRole('status')).toHaveText('Recherche en cours…');
  await expectNoA11yViolations(page);

  release();
  await expect(results).toHaveAttribute('aria-busy', 'false');
  await expect(button).toHaveText('Rechercher');
  await expect(button).not.toHaveAttribute('aria-disabled');
  await expect(results.getByRole('row').filter({ hasText: 'demo.ref.structure' })).toBeVisible();

  // A second search: the criteria and the previous results stay while the new ones come.
  await query.fill('dubois');
  await button.click();
  await expect(button).toHaveText('Recherche…');
  await expect(results).toHaveAttribute('aria-busy', 'true');
  await expect(results.getByRole('status')).toHaveText('Recherche en cours…');
  await expect(results.getByRole('row').filter({ hasText: 'demo.ref.structure' })).toBeVisible();
  await expect(query).toHaveValue('dubois');
  release();
  await expect(results).toHaveAttribute('aria-busy', 'false');
  await expect(results.getByRole('row').filter({ hasText: 'demo.ref.unite' })).toBeVisible();
  await expect(results.getByRole('row').filter({ hasText: 'demo.ref.structure' })).toHaveCount(0);
});
