import { expectNoA11yViolations } from '../support/a11y';
import { signInWithCode } from '../support/auth';
import { CHU, createTestAccount } from '../support/db';
import { chuStructureReferent } from '../support/referents';
import { expect, test } from '../support/test';

/** Today on the French calendar, as an ISO day. */
function parisToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

/** Calendar months, as the server counts them: a missing day falls on the month's last. */
function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

const french = (day: string) => day.split('-').reverse().join('/');

test('a référent structure adds a habilitation on the account page, then changes its end and deletes it', async ({
  page,
}) => {
  const target = await createTestAccount({
    habilitations: [{ profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie' }],
  });
  await signInWithCode(page, await chuStructureReferent());
  await page.goto(`/comptes/${target.id}`);
  await expect(page.getByRole('heading', { level: 1, name: target.name })).toBeVisible();

  await page.getByRole('button', { name: 'Ajouter une habilitation' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ajouter une habilitation' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Profil')).toBeFocused();

  // Checked before sending, with the server's own schema.
  await dialog.getByRole('button', { name: 'Fermer' }).click();
  await expect(dialog.getByLabel('Profil')).toHaveAccessibleDescription('Choisissez un profil.');

  await dialog.getByLabel('Profil').selectOption({ label: 'Équipe soignante' });
  await dialog.getByLabel('Domaine').selectOption({ label: 'Sanitaire' });
  await dialog.getByLabel('Niveau').selectOption({ label: 'Unité' });
  await dialog.getByLabel('Structure').selectOption({ label: CHU });
  await dialog.getByRole('checkbox', { name: 'Neurologie' }).check();
  // Fixed privileges are locked, undeployed ones greyed; choices can be changed.
  await expect(dialog.getByText('Volet Orientation : Écriture (non modifiable)')).toBeVisible();
  await expect(dialog.getByText('Télé-expertise : Non déployé')).toBeVisible();
  await dialog.getByLabel('Volet Administratif').selectOption({ label: 'Anonyme' });
  await expectNoA11yViolations(page);
  await dialog.getByRole('button', { name: 'Fermer' }).click();
  await expect(dialog).toBeHidden();

  const fiveYears = french(addMonths(parisToday(), 60));
  await expect(page.getByRole('status').filter({ hasText: 'ajoutée' })).toHaveText(
    `L'habilitation « Équipe soignante » a été ajoutée, jusqu'au ${fiveYears}.`,
  );
  const row = page.getByRole('row').filter({ hasText: 'Neurologie' });
  await expect(row).toContainText('Équipe soignante');
  await expect(row).toContainText(fiveYears);
  await expectNoA11yViolations(page);

  // The calendar, named after the habilitation and its holder: six months from today.
  const named = `Équipe soignante — Neurologie, ${CHU} — de ${target.name}`;
  await row.getByRole('button', { name: `Modifier la date de fin de l’habilitation ${named}` }).click();
  const calendar = page.getByRole('dialog', { name: `Date de fin de l’habilitation ${named}` });
  await expect(calendar).toBeVisible();
  await calendar.getByRole('button', { name: '6 mois', exact: true }).click();
  await expect(calendar).toBeHidden();
  await expect(row).toContainText(french(addMonths(parisToday(), 6)));

  // The red cross, after a confirmation.
  await row.getByRole('button', { name: `Supprimer l’habilitation ${named}` }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Supprimer cette habilitation ?' });
  await expect(confirm).toContainText(`L’habilitation ${named} sera supprimée.`);
  await expect(confirm.getByRole('button', { name: 'Annuler' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Supprimer' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'supprimée' })).toHaveText(
    `L’habilitation ${named} a été supprimée.`,
  );
  await expect(page.getByRole('row').filter({ hasText: 'Neurologie' })).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: 'Cardiologie' })).toHaveCount(1);
});

test('a référent unité can only grant in its own unit', async ({ page }) => {
  const target = await createTestAccount({
    habilitations: [{ profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'SMR polyvalent' }],
  });
  // A référent unité of its own: demo.ref.unite ends up blocked by auth/sign-in.spec.ts.
  const referent = await createTestAccount({
    habilitations: [{ profile: 'REFERENT_UNITE', establishment: CHU, unit: 'SMR polyvalent' }],
  });
  await signInWithCode(page, referent);
  await page.goto(`/comptes/${target.id}`);
  await expect(page.getByRole('heading', { level: 1, name: target.name })).toBeVisible();
  await page.getByRole('button', { name: 'Ajouter une habilitation' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ajouter une habilitation' });
  await dialog.getByLabel('Profil').selectOption({ label: 'Équipe soignante' });
  await dialog.getByLabel('Domaine').selectOption({ label: 'Sanitaire' });
  await dialog.getByLabel('Structure').selectOption({ label: CHU });
  await expect(dialog.getByLabel('Niveau').getByRole('option')).toHaveText(['Choisissez', 'Unité']);
  await dialog.getByLabel('Niveau').selectOption({ label: 'Unité' });
  await expect(dialog.getByRole('checkbox')).not.toHaveCount(0);
  await expect(dialog.getByRole('checkbox', { name: 'Cardiologie' })).toHaveCount(0);
  await dialog.getByRole('checkbox', { name: 'SMR polyvalent' }).check();
  await dialog.getByRole('button', { name: 'Fermer' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'ajoutée' })).toContainText('Équipe soignante');
  await expect(page.getByRole('row').filter({ hasText: 'Équipe soignante' })).toContainText('SMR polyvalent');
});

test('« Fermer » saves, as the line above it says; « Annuler » stands apart and saves nothing', async ({ page }) => {
  const target = await createTestAccount({
    habilitations: [{ profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie' }],
  });
  await signInWithCode(page, await chuStructureReferent());
  await page.goto(`/comptes/${target.id}`);
  await page.getByRole('button', { name: 'Ajouter une habilitation' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ajouter une habilitation' });
  const close = dialog.getByRole('button', { name: 'Fermer', exact: true });
  const cancel = dialog.getByRole('button', { name: 'Annuler', exact: true });
  const note = dialog.getByText('« Fermer » enregistre l’habilitation ; « Annuler » ferme sans rien enregistrer.');

  // The line stands right above the buttons, and is read with « Fermer ».
  await expect(close).toHaveAccessibleDescription(
    '« Fermer » enregistre l’habilitation ; « Annuler » ferme sans rien enregistrer.',
  );
  const [noteBox, closeBox, cancelBox, endBox] = await Promise.all([
    note.boundingBox(),
    close.boundingBox(),
    cancel.boundingBox(),
    dialog.getByLabel('Date de fin').boundingBox(),
  ]);
  if (!noteBox || !closeBox || !cancelBox || !endBox) throw new Error('dialog not laid out');
  expect(noteBox.y).toBeGreaterThan(endBox.y);
  expect(noteBox.y + noteBox.height).toBeLessThanOrEqual(closeBox.y);
  // « Annuler » apart, on the left, and not styled as the button that saves.
  expect(cancelBox.x + cancelBox.width).toBeLessThan(closeBox.x - 16);
  const background = (button: typeof close) => button.evaluate((b) => getComputedStyle(b).backgroundColor);
  expect(await background(cancel)).not.toBe(await background(close));
  await expectNoA11yViolations(page);

  // A habilitation filled in, then « Annuler »: nothing is added.
  await dialog.getByLabel('Profil').selectOption({ label: 'Équipe soignante' });
  await dialog.getByLabel('Domaine').selectOption({ label: 'Sanitaire' });
  await dialog.getByLabel('Niveau').selectOption({ label: 'Unité' });
  await dialog.getByLabel('Structure').selectOption({ label: CHU });
  await dialog.getByRole('checkbox', { name: 'Neurologie' }).check();
  await cancel.click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(page.getByRole('row').filter({ hasText: 'Prescripteur médical' })).toHaveCount(1);
  await expect(page.getByRole('row').filter({ hasText: 'Équipe soignante' })).toHaveCount(0);
});
