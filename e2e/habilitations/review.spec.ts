import ExcelJS from 'exceljs';
import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, openAdministration, signInWithCode } from '../support/auth';
import { CHU, createTestAccount, uniqueWord } from '../support/db';
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

test('a référent structure reviews, prolongs, exports and deletes a habilitation', async ({ page }) => {
  // « Aaa » sorts the fresh account first by name, whatever other tests left in the unit.
  const target = await createTestAccount({
    lastName: `Aaa Revue ${uniqueWord()}`,
    habilitations: [{ profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie' }],
  });
  await signInWithCode(page, DEMO.refStructure);
  await openAdministration(page, 'Revue des habilitations');
  await expect(page).toHaveURL(/\/habilitations\/revue$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Revue des habilitations' })).toBeVisible();

  // The structure is required.
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByLabel('Coordination')).toHaveAccessibleDescription('Choisissez une coordination.');

  await page.getByLabel('Domaine').selectOption({ label: 'Sanitaire' });
  await page.getByLabel('Coordination').selectOption({ label: '69' });
  await page.getByLabel('Structure', { exact: true }).selectOption({ label: CHU });
  await page.getByLabel('Unité (facultatif)').selectOption({ label: 'Cardiologie' });
  await page.getByRole('button', { name: 'Rechercher' }).click();

  const row = page.getByRole('row').filter({ hasText: target.username });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Prescripteur médical');
  await expect(row).toContainText(`Cardiologie / ${CHU}`);
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

  // The calendar: one more year from today.
  await row.getByRole('button', { name: `Modifier la date de fin de ${target.name}` }).click();
  const calendar = page.getByRole('dialog', { name: `Date de fin de l'habilitation de ${target.name}` });
  await expect(calendar).toBeVisible();
  await expectNoA11yViolations(page);
  await calendar.getByRole('button', { name: '1 an', exact: true }).click();
  await expect(calendar).toBeHidden();
  const newEnd = french(addMonths(parisToday(), 12));
  await expect(page.getByRole('status').filter({ hasText: 'se termine' })).toContainText(newEnd);
  await expect(row.getByRole('cell').nth(5)).toContainText(newEnd);

  // The export, with the same filters.
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Exporter' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^revue-habilitations-.*\.xlsx$/);
  const file = await download.path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('The export has no sheet');
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
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
  const usernames: string[] = [];
  sheet.eachRow((r, n) => {
    if (n > 1) usernames.push(String(r.getCell(3).value));
  });
  expect(usernames).toContain(target.username);

  // The red cross, after a confirmation.
  await row.getByRole('button', { name: `Supprimer l'habilitation de ${target.name}` }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Supprimer cette habilitation ?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Annuler' })).toBeFocused();
  await expectNoA11yViolations(page);
  await confirm.getByRole('button', { name: 'Supprimer' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'supprimée' })).toHaveText(
    `L'habilitation de ${target.name} a été supprimée.`,
  );
  await expect(page.getByRole('row').filter({ hasText: target.username })).toHaveCount(0);
});
