import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, openAdministration, signInWithCode } from '../support/auth';
import { CHU, createBareAccounts, uniqueWord } from '../support/db';
import { expect, test } from '../support/test';

test('a référent structure finds accounts by an accent-less prefix, and pages through many', async ({ page }) => {
  const word = uniqueWord();
  const family = `Paginé ${word.charAt(0).toUpperCase()}${word.slice(1)}`;
  await createBareAccounts(Array.from({ length: 21 }, () => family));

  await signInWithCode(page, DEMO.refStructure);
  await openAdministration(page, 'Comptes et Habilitations');
  await expect(page).toHaveURL(/\/comptes$/);
  await expect(page).toHaveTitle('Comptes et Habilitations — Trajectoire Pro');
  await expect(page.getByRole('heading', { level: 1, name: 'Comptes et Habilitations' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Créer un utilisateur' })).toHaveAttribute('href', '/comptes/nouveau');
  await expectNoA11yViolations(page);

  const query = page.getByLabel('Nom, prénom, nom d’utilisateur ou e-mail');
  const search = page.getByRole('button', { name: 'Rechercher' });
  await query.fill('l');
  await search.click();
  await expect(query).toHaveAccessibleDescription(/Saisissez au moins 2 caractères\./);
  await expect(query).toBeFocused();

  await query.fill('lefev');
  await search.click();
  await expect(page).toHaveURL(/\/comptes\?q=lefev$/);
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText([
    'Sélection',
    'Nom',
    'Prénom',
    'Nom d’utilisateur',
    'E-mail',
    'Structures',
    'État',
  ]);
  const bruno = table.getByRole('row').filter({ hasText: 'demo.ref.structure' });
  await expect(bruno.getByRole('rowheader')).toHaveText('Lefèvre');
  // No box on one's own account: nobody grants to themselves.
  await expect(bruno.getByRole('checkbox')).toHaveCount(0);
  await expect(bruno.getByRole('cell')).toHaveText([
    '',
    'Bruno',
    'demo.ref.structure',
    DEMO.refStructure.email,
    CHU,
    'Actif',
  ]);
  await expectNoA11yViolations(page);

  await query.fill(`pagine ${word}`);
  await search.click();
  await expect(page.getByRole('status')).toHaveText('20 comptes affichés, page 1 : d’autres suivent.');
  await expect(table.getByRole('row')).toHaveCount(21);
  const previous = page.getByRole('button', { name: 'Précédent' });
  const next = page.getByRole('button', { name: 'Suivant' });
  await expect(previous).toBeDisabled();
  await next.click();
  await expect(page.getByRole('status')).toHaveText('1 compte affiché, page 2.');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('heading', { name: 'Résultats' })).toBeFocused();
  await expect(next).toBeDisabled();
  await previous.click();
  await expect(table.getByRole('row')).toHaveCount(21);

  // The results live in the address: back from an account finds them again.
  await table.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/comptes\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: `Test ${family}` })).toBeVisible();
  await page.goBack();
  await expect(query).toHaveValue(`pagine ${word}`);
  await expect(table.getByRole('row')).toHaveCount(21);
});
