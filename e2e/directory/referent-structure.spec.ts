import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, signInWithCode } from '../support/auth';
import { uniqueWord } from '../support/db';
import { expect, test } from '../support/test';
import { CHU, markSynchronised, menuEntries, openFromMenu, touchEstablishment } from './support';

test.beforeEach(async () => {
  await markSynchronised(CHU);
});

test('a référent structure sees the ROR’s fields greyed and edits Descriptif and Itinéraire d’accès', async ({
  page,
}) => {
  await signInWithCode(page, DEMO.refStructure);
  expect(await menuEntries(page)).toContain('Etablissements');
  expect(await menuEntries(page)).not.toContain('Synchronisation ROR');
  await openFromMenu(page, 'Etablissements');
  await expect(page).toHaveURL(/\/etablissements$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Etablissements' })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(CHU) });
  await expect(row.getByText('Synchronisé avec le ROR')).toBeAttached();
  await expect(row.getByTitle('Synchronisé avec le ROR')).toBeVisible();
  // Administrators alone search every establishment.
  await expect(page.getByLabel('Nom, ville ou FINESS')).toHaveCount(0);
  await expectNoA11yViolations(page);

  await row.getByRole('link', { name: `Modifier l’établissement ${CHU}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: CHU })).toBeVisible();
  const tabs = page.getByRole('navigation', { name: 'Rubriques de l’établissement' });
  await expect(tabs.getByRole('link', { name: 'Informations générales' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('Ces informations viennent du ROR : elles se modifient dans le ROR.')).toBeVisible();
  for (const label of ['Nom', 'FINESS géographique', 'Adresse', 'Téléphone']) {
    await expect(page.getByLabel(label, { exact: true })).not.toBeEditable();
  }
  await expect(page.getByLabel('Nom', { exact: true })).toHaveValue(CHU);
  await expectNoA11yViolations(page);

  const word = uniqueWord();
  const description = `Centre de référence régional (${word}).`;
  const itinerary = `Tram T2, arrêt Hôpital (${word}).`;
  await page.getByLabel('Descriptif').fill(description);
  await page.getByLabel('Itinéraire d’accès').fill(itinerary);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'ont été enregistrées' })).toBeVisible();
  await expectNoA11yViolations(page);

  await page.reload();
  await expect(page.getByLabel('Descriptif')).toHaveValue(description);
  await expect(page.getByLabel('Itinéraire d’accès')).toHaveValue(itinerary);

  // Saved by someone else meanwhile: the page says so and offers the fresh record.
  await touchEstablishment(CHU);
  await page.getByLabel('Descriptif').fill(`${description} Modifié.`);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'modifiée entre-temps' });
  await expect(alert).toBeVisible();
  await alert.getByRole('button', { name: 'Recharger la fiche' }).click();
  await expect(page.getByLabel('Descriptif')).toHaveValue(description);
  await expect(alert).toHaveCount(0);

  // Leaving with unsaved changes asks first.
  await page.getByLabel('Descriptif').fill('Brouillon');
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toContain('Vos modifications n’ont pas été enregistrées');
    void dialog.dismiss();
  });
  await tabs.getByRole('link', { name: 'Unités de soins' }).click();
  await expect(page).toHaveURL(/\/etablissements\/[^/]+$/);
  await expect(page.getByLabel('Descriptif')).toHaveValue('Brouillon');
});

test('a référent structure synchronises her establishment with the ROR and reads the run’s report', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signInWithCode(page, DEMO.refStructure);
  await page.goto('/etablissements');
  await page.getByRole('link', { name: `Modifier l’établissement ${CHU}` }).click();
  await page.getByRole('button', { name: 'Synchroniser avec le ROR' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'La synchronisation avec le ROR a démarré.' })).toBeVisible();
  const report = page.getByRole('link', { name: 'Voir le rapport' });
  await expect(report).toBeVisible({ timeout: 60_000 });
  await expectNoA11yViolations(page);
  await report.click();
  await expect(page.getByRole('heading', { level: 1, name: `Rapport : Etablissement ${CHU}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Résumé' }).getByText('Terminée', { exact: true })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole('link', { name: 'Retour aux synchronisations' }).click();
  await expect(page).toHaveURL(/\/etablissements$/);
});

test('a référent structure edits a unit’s local fields, the ROR’s stay greyed', async ({ page }) => {
  await signInWithCode(page, DEMO.refStructure);
  await page.goto('/etablissements');
  await page.getByRole('link', { name: `Modifier l’établissement ${CHU}` }).click();
  await page.getByRole('link', { name: 'Unités de soins' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Unités de soins' })).toBeVisible();
  const cardio = page.getByRole('row', { name: /Cardiologie/ });
  await expect(cardio.getByRole('cell', { name: 'Médecine, chirurgie, obstétrique (MCO)' })).toBeVisible();
  await expectNoA11yViolations(page);

  await cardio.getByRole('link', { name: 'Modifier l’unité Cardiologie' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Cardiologie' })).toBeVisible();
  await expect(
    page
      .getByRole('navigation', { name: 'Rubriques de l’établissement' })
      .getByRole('link', { name: 'Unités de soins' }),
  ).toHaveAttribute('aria-current', 'true');
  await expect(page.getByLabel('Nom', { exact: true })).not.toBeEditable();
  await expect(page.getByLabel('Capacité', { exact: true })).not.toBeEditable();
  // The ROR's codes are named, the code kept after the label.
  await expect(page.getByLabel('Modes de prise en charge')).toHaveValue('Hospitalisation complète (HC) — 28');
  await expect(page.getByLabel('Champ d’activité')).toHaveValue('Médecine, chirurgie, obstétrique (MCO) — 01');
  await expect(page.getByLabel('Activités opérationnelles')).toHaveValue('Cardiologie — 017');
  // Geographic coverage is for home care only.
  await expect(page.getByLabel('Couverture géographique')).toHaveCount(0);
  await expectNoA11yViolations(page);

  const word = uniqueWord().toUpperCase();
  await page.getByLabel('Code interne').fill(`CAR-${word}`);
  await page.getByLabel('Descriptif').fill('Unité de soins intensifs de cardiologie et salle de coronarographie.');
  await page.getByLabel('Thésaurus des pathologies').fill('Infarctus du myocarde\nInsuffisance cardiaque');
  await page.getByLabel('Filière').fill('Cardiologie');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'ont été enregistrées' })).toBeVisible();

  await page.getByRole('link', { name: 'Retour aux unités de soins' }).click();
  await expect(page.getByRole('row', { name: /Cardiologie/ }).getByRole('cell', { name: `CAR-${word}` })).toBeVisible();
});

test('a référent structure creates, renames and closes an admission desk', async ({ page }) => {
  await signInWithCode(page, DEMO.refStructure);
  await page.goto('/etablissements');
  await page.getByRole('link', { name: `Modifier l’établissement ${CHU}` }).click();
  await page.getByRole('link', { name: 'Guichets' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Guichets' })).toBeVisible();

  const word = uniqueWord();
  await page.getByLabel('Nom du guichet').fill(`Guichet ${word}`);
  await page.getByRole('button', { name: 'Créer le guichet' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `Le guichet « Guichet ${word} » a été créé.` }),
  ).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(`Guichet ${word}`) })).toBeVisible();
  await expectNoA11yViolations(page);

  await page.getByRole('button', { name: `Renommer le guichet Guichet ${word}` }).click();
  const dialog = page.getByRole('dialog', { name: /Renommer le guichet/ });
  await dialog.getByLabel('Nom du guichet').fill(`Accueil ${word}`);
  await expectNoA11yViolations(page);
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('row', { name: new RegExp(`Accueil ${word}`) })).toBeVisible();

  await page.getByRole('button', { name: `Fermer le guichet Accueil ${word}` }).click();
  await page
    .getByRole('alertdialog', { name: 'Fermer ce guichet ?' })
    .getByRole('button', { name: 'Fermer le guichet' })
    .click();
  await expect(page.getByRole('row', { name: new RegExp(`Accueil ${word}`) }).getByText('Fermé')).toBeVisible();
});
