import type { Locator, Page } from '@playwright/test';
import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, openAdministration, signInWithCode } from '../support/auth';
import { CHU, CLINIQUE, createTestAccount, type TestAccount, uniqueWord } from '../support/db';
import { removeFromScopes } from '../support/scope';
import { expect, test } from '../support/test';

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
/** As the selection and the grant's answer name an account. */
const named = (a: TestAccount) => `${a.name} (${a.username})`;

async function search(page: Page, text: string): Promise<Locator> {
  await page.getByLabel('Nom, prénom, nom d’utilisateur ou e-mail').fill(text);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  const results = page.getByRole('region', { name: 'Résultats' });
  await expect(results).toHaveAttribute('aria-busy', 'false');
  return results;
}

/** « Équipe soignante », Sanitaire, on the unit « Neurologie » of the CHU. */
async function fillNeurology(dialog: Locator): Promise<void> {
  await dialog.getByLabel('Profil').selectOption({ label: 'Équipe soignante' });
  await dialog.getByLabel('Domaine').selectOption({ label: 'Sanitaire' });
  await dialog.getByLabel('Niveau').selectOption({ label: 'Unité' });
  await dialog.getByLabel('Structure').selectOption({ label: CHU });
  await dialog.getByRole('checkbox', { name: 'Neurologie' }).check();
}

test('a référent structure selects several accounts in the search and grants them one habilitation at once', async ({
  page,
}) => {
  const family = capitalized(uniqueWord());
  const inCardiology = { profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie' };
  const first = await createTestAccount({ lastName: `${family} Alpha`, habilitations: [inCardiology] });
  const second = await createTestAccount({ lastName: `${family} Beta`, habilitations: [inCardiology] });
  // Holds already what will be granted.
  const holder = await createTestAccount({
    lastName: `${family} Gamma`,
    habilitations: [inCardiology, { profile: 'EQUIPE_SOIGNANTE', establishment: CHU, unit: 'Neurologie' }],
  });
  // Out of the référent's scope: found, but no box.
  const outsider = await createTestAccount({
    lastName: `${family} Delta`,
    habilitations: [{ profile: 'PRESCRIPTEUR_MEDICAL', establishment: CLINIQUE }],
  });

  await signInWithCode(page, DEMO.refStructure);
  await openAdministration(page, 'Comptes et Habilitations');
  const results = await search(page, family.toLowerCase());
  const table = results.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(5);
  const grant = results.getByRole('button', { name: 'Attribuer une habilitation' });
  await expect(grant).toBeDisabled();
  await expect(results.getByText('Aucun compte sélectionné.')).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: outsider.username }).getByRole('checkbox')).toHaveCount(0);
  await expect(table.getByRole('checkbox', { name: `Sélectionner ${named(first)}` })).not.toBeChecked();

  // « Tout sélectionner »: the accounts of the page that the référent manages.
  const all = results.getByRole('checkbox', { name: 'Tout sélectionner' });
  await all.check();
  await expect(results.getByText('3 comptes sélectionnés.')).toBeVisible();
  for (const a of [first, second, holder])
    await expect(table.getByRole('checkbox', { name: `Sélectionner ${named(a)}` })).toBeChecked();
  await table.getByRole('checkbox', { name: `Sélectionner ${named(second)}` }).uncheck();
  await expect(results.getByText('2 comptes sélectionnés.')).toBeVisible();
  await expect(all).not.toBeChecked();
  await expect(all).toHaveJSProperty('indeterminate', true);
  await all.check();
  await expect(results.getByText('3 comptes sélectionnés.')).toBeVisible();
  await expectNoA11yViolations(page);

  await grant.click();
  const dialog = page.getByRole('dialog', { name: 'Attribuer une habilitation' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Profil')).toBeFocused();
  await expect(dialog.getByText('3 utilisateurs recevront cette habilitation.')).toBeVisible();
  await dialog.getByText('Voir les utilisateurs').click();
  // In the order they were selected: the second one last, ticked again with « Tout sélectionner ».
  await expect(dialog.getByRole('listitem')).toHaveText([named(first), named(holder), named(second)]);
  await fillNeurology(dialog);
  await expectNoA11yViolations(page);
  await dialog.getByRole('button', { name: 'Fermer' }).click();

  // Who received it, who held it already.
  const report = page.getByRole('dialog', { name: 'Habilitation attribuée' });
  await expect(report.getByRole('status')).toHaveText(
    /^L’habilitation « Équipe soignante » a été attribuée à 2 utilisateurs, jusqu’au \d\d\/\d\d\/\d{4}\. 1 en était déjà titulaire\.$/,
  );
  await expect(report.getByRole('status')).toBeFocused();
  await expect(report.getByRole('heading', { name: 'Ont reçu l’habilitation (2)' })).toBeVisible();
  await expect(report.getByRole('heading', { name: 'Déjà titulaires, laissés tels quels (1)' })).toBeVisible();
  await expect(report.getByRole('listitem')).toHaveText([
    named(first),
    named(second),
    `${named(holder)} — déjà titulaire pour Neurologie`,
  ]);
  await expect(report.getByRole('button', { name: 'Fermer' })).toHaveCount(0);
  await expectNoA11yViolations(page);
  await report.getByRole('button', { name: 'OK' }).click();
  await expect(report).toBeHidden();
  await expect(grant).toBeFocused();
  await expect(results.getByRole('status').filter({ hasText: 'attribuée' })).toContainText('2 utilisateurs');

  // Written for the two, once each; the holder keeps a single one.
  for (const [account, count] of [
    [first, 1],
    [second, 1],
    [holder, 1],
  ] as const) {
    await page.goto(`/comptes/${account.id}`);
    await expect(page.getByRole('heading', { level: 1, name: account.name })).toBeVisible();
    await expect(
      page.getByRole('row').filter({ hasText: 'Équipe soignante' }).filter({ hasText: 'Neurologie' }),
    ).toHaveCount(count);
  }
});

test('the selection outlives a new search; an account gone out of scope is refused by name and can be taken out', async ({
  page,
}) => {
  const inCardiology = { profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie' };
  const stays = await createTestAccount({ lastName: `${capitalized(uniqueWord())} Un`, habilitations: [inCardiology] });
  const leaves = await createTestAccount({
    lastName: `${capitalized(uniqueWord())} Deux`,
    habilitations: [inCardiology],
  });

  await signInWithCode(page, DEMO.refStructure);
  await openAdministration(page, 'Comptes et Habilitations');
  let results = await search(page, stays.username);
  await results.getByRole('checkbox', { name: `Sélectionner ${named(stays)}` }).check();
  await expect(results.getByText('1 compte sélectionné.')).toBeVisible();
  results = await search(page, leaves.username);
  await expect(results.getByRole('row').filter({ hasText: stays.username })).toHaveCount(0);
  await results.getByRole('checkbox', { name: `Sélectionner ${named(leaves)}` }).check();
  await expect(results.getByText('2 comptes sélectionnés.')).toBeVisible();

  // Meanwhile another référent ends the habilitation that placed this account in the CHU.
  await removeFromScopes(leaves.id);
  await results.getByRole('button', { name: 'Attribuer une habilitation' }).click();
  const dialog = page.getByRole('dialog', { name: 'Attribuer une habilitation' });
  await expect(dialog.getByText('2 utilisateurs recevront cette habilitation.')).toBeVisible();
  await fillNeurology(dialog);
  await dialog.getByRole('button', { name: 'Fermer' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('Aucune habilitation n’a été attribuée : ces comptes ne peuvent pas la recevoir.');
  await expect(alert.getByRole('listitem')).toHaveText([`${named(leaves)} : hors de votre périmètre`]);
  await expectNoA11yViolations(page);

  await dialog.getByRole('button', { name: 'Retirer ces comptes de la sélection' }).click();
  await expect(alert).toBeHidden();
  await expect(dialog.getByText(`${named(stays)} recevra cette habilitation.`)).toBeVisible();
  await expect(page.getByText('1 compte sélectionné.')).toBeAttached();
  await dialog.getByRole('button', { name: 'Fermer' }).click();
  const report = page.getByRole('dialog', { name: 'Habilitation attribuée' });
  await expect(report.getByRole('status')).toContainText('a été attribuée à 1 utilisateur,');
  await expect(report.getByRole('listitem')).toHaveText([named(stays)]);
  await report.getByRole('button', { name: 'OK' }).click();
  await expect(report).toBeHidden();
});
