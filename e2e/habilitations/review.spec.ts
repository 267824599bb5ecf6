import ExcelJS from 'exceljs';
import { expectNoA11yViolations } from '../support/a11y';
import { openAdministration, signInWithCode } from '../support/auth';
import { addMonths, french, parisToday } from '../support/days';
import { CHU, createTestAccount, uniqueWord } from '../support/db';
import { chuStructureReferent } from '../support/referents';
import { expect, test } from '../support/test';

/** Reads the first sheet of an exported workbook: its header and its rows, as text. */
async function readExport(path: string): Promise<{ header: string[]; rows: string[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('The export has no sheet');
  const text = (r: ExcelJS.Row) => (r.values as unknown[]).slice(1).map((v) => String(v ?? ''));
  const rows: string[][] = [];
  sheet.eachRow((r, n) => {
    if (n > 1) rows.push(text(r));
  });
  return { header: text(sheet.getRow(1)), rows };
}

test('a référent structure reviews, prolongs, exports and deletes a habilitation', async ({ page }) => {
  // « Aaa » sorts the fresh account first by name, whatever other tests left in the unit.
  const target = await createTestAccount({
    lastName: `Aaa Revue ${uniqueWord()}`,
    habilitations: [{ profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie' }],
  });
  await signInWithCode(page, await chuStructureReferent());
  await openAdministration(page, 'Revue des habilitations');
  await expect(page).toHaveURL(/\/habilitations\/revue$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Revue des habilitations' })).toBeVisible();

  // The structure is required.
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByLabel('Coordination')).toHaveAccessibleDescription('Choisissez une coordination.');

  await page.getByLabel('Domaine').selectOption({ label: 'Sanitaire' });
  await page.getByLabel('Coordination').selectOption('69');
  await page.getByLabel('Structure', { exact: true }).selectOption({ label: CHU });
  await page.getByLabel('Unité (facultatif)').selectOption({ label: 'Cardiologie' });
  await page.getByRole('button', { name: 'Rechercher' }).click();

  const row = page.getByRole('row').filter({ hasText: target.username });
  await expect(row).toBeVisible();
  // Name, first name and username in one cell; unit and establishment in another.
  await expect(row.getByRole('rowheader')).toHaveText(`${target.lastName} ${target.firstName} ${target.username}`);
  await expect(row).toContainText('Prescripteur médical');
  await expect(row.getByRole('cell').nth(1)).toHaveText(`Cardiologie ${CHU}`);
  await expect(page.getByText(/^\d+ habilitations?$/)).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Nom', exact: true })).toHaveAttribute('aria-sort', 'ascending');

  // E-mails per habilitation, from the review.
  const emails = row.getByRole('checkbox', { name: `Réception des e-mails pour ${target.name}` });
  await expect(emails).toBeChecked();
  await emails.uncheck();
  await expect(page.getByRole('status').filter({ hasText: 'ne recevra plus' })).toBeVisible();

  // Sorting by end date.
  await page.getByRole('button', { name: 'Fin', exact: true }).click();
  await expect(page.getByRole('columnheader', { name: 'Fin', exact: true })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByRole('columnheader', { name: 'Nom', exact: true })).not.toHaveAttribute('aria-sort');
  await page.getByRole('button', { name: 'Nom', exact: true }).click();
  await expect(page.getByRole('columnheader', { name: 'Nom', exact: true })).toHaveAttribute('aria-sort', 'ascending');
  await expect(row).toBeVisible();

  // « Droits »: the privilege lines.
  const rights = row.getByRole('button', { name: /^Droits/ });
  await expect(rights).toHaveAttribute('aria-expanded', 'false');
  await rights.click();
  await expect(rights).toHaveAttribute('aria-expanded', 'true');
  await expect(row.getByRole('listitem').first()).toBeVisible();
  await expectNoA11yViolations(page);

  // The calendar, named after the habilitation and its holder: one more year from today.
  const named = `Prescripteur médical — Cardiologie, ${CHU} — de ${target.name}`;
  await row.getByRole('button', { name: `Modifier la date de fin de l’habilitation ${named}` }).click();
  const calendar = page.getByRole('dialog', { name: `Date de fin de l’habilitation ${named}` });
  await expect(calendar).toBeVisible();
  await expectNoA11yViolations(page);
  await calendar.getByRole('button', { name: '1 an', exact: true }).click();
  await expect(calendar).toBeHidden();
  const newEnd = french(addMonths(parisToday(), 12));
  await expect(page.getByRole('status').filter({ hasText: 'se termine' })).toHaveText(
    `L’habilitation ${named} se termine désormais le ${newEnd}.`,
  );
  await expect(row.getByRole('cell').nth(3)).toContainText(newEnd);

  // The export, with the same filters.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^revue-habilitations-.*\.xlsx$/);
  const { header, rows } = await readExport(await download.path());
  expect(header.slice(0, 8)).toEqual([
    'Nom',
    'Prénom',
    "Nom d'utilisateur",
    'Profil',
    'Unité',
    'Établissement',
    'Début',
    'Fin',
  ]);
  expect(rows.map((r) => r[2])).toContain(target.username);

  // The red cross, after a confirmation that names the habilitation.
  await row.getByRole('button', { name: `Supprimer l’habilitation ${named}` }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Supprimer cette habilitation ?' });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText(`L’habilitation ${named} sera supprimée.`);
  await expect(confirm.getByRole('button', { name: 'Annuler' })).toBeFocused();
  await expectNoA11yViolations(page);
  await confirm.getByRole('button', { name: 'Supprimer' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'supprimée' })).toHaveText(
    `L’habilitation ${named} a été supprimée.`,
  );
  await expect(page.getByRole('row').filter({ hasText: target.username })).toHaveCount(0);
});

test('the review and its export say « Tout l’établissement » alike', async ({ page }) => {
  const target = await createTestAccount({
    lastName: `Aaa Export ${uniqueWord()}`,
    habilitations: [{ profile: 'EQUIPE_SOIGNANTE', establishment: CHU }],
  });
  await signInWithCode(page, await chuStructureReferent());
  await page.goto('/habilitations/revue');
  await page.getByLabel('Coordination').selectOption('69');
  await page.getByLabel('Structure', { exact: true }).selectOption({ label: CHU });
  await page.getByRole('button', { name: 'Rechercher' }).click();
  const row = page.getByRole('row').filter({ hasText: target.username });
  await expect(row.getByRole('cell').nth(1)).toHaveText(`Tout l’établissement ${CHU}`);
  await expectNoA11yViolations(page);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter' }).click();
  const { header, rows } = await readExport(await (await downloading).path());
  const exported = rows.find((r) => r[2] === target.username);
  expect(exported?.[header.indexOf('Unité')]).toBe('Tout l’établissement');
  expect(exported?.[header.indexOf('Établissement')]).toBe(CHU);
});
