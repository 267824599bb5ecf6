import { expectNoA11yViolations } from '../support/a11y';
import { signInWithCode } from '../support/auth';
import { addDays, french, parisToday } from '../support/days';
import { CHU, createTestAccount, uniqueWord } from '../support/db';
import { chuStructureReferent } from '../support/referents';
import { expect, test } from '../support/test';

test('a past end date is refused, the start never moves, and ended habilitations show « Terminée »', async ({
  page,
}) => {
  const today = parisToday();
  const startsOn = addDays(today, -20);
  const target = await createTestAccount({
    firstName: 'Émilie',
    lastName: `Aaa Fin ${uniqueWord()}`,
    habilitations: [
      { profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie', startsOn },
      {
        profile: 'EQUIPE_SOIGNANTE',
        establishment: CHU,
        unit: 'Neurologie',
        startsOn: addDays(today, -30),
        endsOn: addDays(today, -1),
      },
    ],
  });
  await signInWithCode(page, await chuStructureReferent());
  await page.goto(`/comptes/${target.id}`);
  const row = page.getByRole('row').filter({ hasText: 'Cardiologie' });
  const ended = page.getByRole('row').filter({ hasText: 'Neurologie' });
  await expect(ended.getByRole('cell').filter({ hasText: 'Terminée' })).toBeVisible();

  // Named with the elision of « de » before a vowel.
  const named = `Prescripteur médical — Cardiologie, ${CHU} — d’${target.name}`;
  await row.getByRole('button', { name: `Modifier la date de fin de l’habilitation ${named}` }).click();
  const calendar = page.getByRole('dialog', { name: `Date de fin de l’habilitation ${named}` });
  const newEnd = calendar.getByLabel('Nouvelle date de fin');
  await expect(newEnd).toHaveAccessibleDescription(
    'Aujourd’hui au plus tôt : choisir aujourd’hui termine l’habilitation ce soir.',
  );
  await newEnd.fill(addDays(today, -1));
  await calendar.getByRole('button', { name: 'Enregistrer' }).click();
  const refusal = `La date de fin ne peut pas être passée : pour terminer l’habilitation dès maintenant, choisissez aujourd’hui, le ${french(today)}.`;
  await expect(calendar.getByText(refusal)).toBeVisible();
  await expect(newEnd).toHaveAttribute('aria-invalid', 'true');
  await expectNoA11yViolations(page);
  await calendar.getByRole('button', { name: 'Annuler' }).click();
  await page.reload();
  await expect(row).toContainText(french(startsOn));
  await expect(row).not.toContainText(french(addDays(today, -1)));

  // Ending it today: its last day, said as such; the start stays.
  await row.getByRole('button', { name: `Modifier la date de fin de l’habilitation ${named}` }).click();
  await calendar.getByLabel('Nouvelle date de fin').fill(today);
  await calendar.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(calendar).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'se termine' })).toHaveText(
    `L’habilitation ${named} se termine désormais le ${french(today)}.`,
  );
  await expect(row).toContainText(french(startsOn));
  await expect(row.getByRole('cell').filter({ hasText: french(today) })).toContainText('Se termine aujourd’hui');
  await expectNoA11yViolations(page);

  // The review shows both states too.
  await page.goto('/habilitations/revue');
  await page.getByLabel('Coordination').selectOption('69');
  await page.getByLabel('Structure', { exact: true }).selectOption({ label: CHU });
  await page.getByRole('button', { name: 'Rechercher' }).click();
  const rows = page.getByRole('row').filter({ hasText: target.username });
  await expect(rows.filter({ hasText: 'Neurologie' })).toContainText('Terminée');
  await expect(rows.filter({ hasText: 'Cardiologie' })).toContainText('Se termine aujourd’hui');
  await expectNoA11yViolations(page);
});
