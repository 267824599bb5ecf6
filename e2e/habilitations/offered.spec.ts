import { expectNoA11yViolations } from '../support/a11y';
import { signInWithCode } from '../support/auth';
import { addDays, french, parisToday } from '../support/days';
import { CHU, createTestAccount, uniqueWord } from '../support/db';
import { expect, test } from '../support/test';

const UNIT = 'SMR polyvalent';

test('a référent unité is offered only what she may do: in her unit, on her own, in the grant dialog', async ({
  page,
}) => {
  // Her own référent unité, so that no other test's actions weigh on hers.
  const referent = await createTestAccount({
    lastName: `Aaa Référente ${uniqueWord()}`,
    habilitations: [{ profile: 'REFERENT_UNITE', establishment: CHU, unit: UNIT }],
  });
  const holder = await createTestAccount({
    habilitations: [
      { profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: UNIT },
      { profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie' },
      { profile: 'EQUIPE_SOIGNANTE', establishment: CHU },
    ],
  });
  await signInWithCode(page, referent);

  // The holder's page: the calendar and the cross on the habilitation of her unit only.
  await page.goto(`/comptes/${holder.id}`);
  const table = page.getByRole('region', { name: 'Tableau des habilitations du compte' });
  const rowOf = (text: string) => table.getByRole('row').filter({ hasText: text });
  const actionsOf = (text: string) => rowOf(text).getByRole('button', { name: /^(Modifier la date|Supprimer)/ });
  await expect(actionsOf(UNIT)).toHaveCount(2);
  await expect(rowOf('Cardiologie')).toHaveCount(1);
  await expect(actionsOf('Cardiologie')).toHaveCount(0);
  await expect(rowOf('Équipe soignante')).toHaveCount(1);
  await expect(actionsOf('Équipe soignante')).toHaveCount(0);
  await expectNoA11yViolations(page);

  // The grant dialog: only the profiles she may grant, each with a level to choose.
  await page.getByRole('button', { name: 'Ajouter une habilitation' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ajouter une habilitation' });
  const profiles = (await dialog.getByLabel('Profil').getByRole('option').allTextContents()).slice(1);
  expect(profiles).not.toContain('Référent structure');
  expect(profiles).not.toContain('Régulateur');
  expect(profiles).toContain('Référent unité');
  for (const profile of profiles) {
    await dialog.getByLabel('Profil').selectOption({ label: profile });
    await expect(dialog.getByLabel('Niveau').getByRole('option')).toHaveText(['Choisissez', 'Unité']);
    await expect(dialog.getByLabel('Structure').getByRole('option')).toHaveText(['Choisissez', CHU]);
  }
  await expectNoA11yViolations(page);
  await dialog.getByRole('button', { name: 'Annuler' }).click();

  // Her own habilitation, in the review: she may shorten it, never prolong it.
  await page.goto('/habilitations/revue');
  await page.getByLabel('Coordination').selectOption('69');
  await page.getByLabel('Structure', { exact: true }).selectOption({ label: CHU });
  await page.getByRole('button', { name: 'Rechercher' }).click();
  const own = page.getByRole('row').filter({ hasText: referent.username });
  const named = `Référent unité — ${UNIT}, ${CHU} — de ${referent.name}`;
  await own.getByRole('button', { name: `Modifier la date de fin de l’habilitation ${named}` }).click();
  const calendar = page.getByRole('dialog', { name: `Date de fin de l’habilitation ${named}` });
  await expect(calendar).toContainText('Vous ne pouvez pas prolonger votre propre habilitation');
  await expect(calendar.getByRole('button', { name: '6 mois', exact: true })).toHaveCount(0);
  const newEnd = calendar.getByLabel('Nouvelle date de fin');
  await expect(newEnd).toHaveAttribute('min', parisToday());
  const currentEnd = ((await own.getByRole('cell').nth(3).textContent()) ?? '').slice(0, 10);
  await expect(newEnd).toHaveAttribute('max', currentEnd.split('/').reverse().join('-'));
  await expectNoA11yViolations(page);
  const shorter = addDays(parisToday(), 30);
  await newEnd.fill(shorter);
  await calendar.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(calendar).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'se termine' })).toHaveText(
    `L’habilitation ${named} se termine désormais le ${french(shorter)}.`,
  );
  // Another's, in her unit: prolonging is offered.
  const other = page.getByRole('row').filter({ hasText: holder.username });
  await expect(other).toHaveCount(1);
  await other.getByRole('button', { name: /^Modifier la date de fin/ }).click();
  await expect(
    page.getByRole('dialog', { name: /^Date de fin de l’habilitation/ }).getByRole('button', { name: '6 mois' }),
  ).toBeVisible();
});
