import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, signInUpToCode, signInWithCode, submitPassword } from '../support/auth';
import { messagesTo, nextCode } from '../support/mail';
import { expect, test } from '../support/test';

const INVALID_CREDENTIALS = "Nom d'utilisateur ou mot de passe incorrect.";

test('a prescripteur signs in with the mailed code, sees their habilitations, then signs out', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/connexion$/);
  await expect(page).toHaveTitle('Connexion — Trajectoire Pro');
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion à Trajectoire Pro' })).toBeVisible();
  await expect(page.getByLabel('Nom d’utilisateur')).toHaveAttribute('autocomplete', 'username');
  await expect(page.getByLabel('Mot de passe', { exact: true })).toHaveAttribute('autocomplete', 'current-password');
  await expectNoA11yViolations(page);

  const { prescripteur } = DEMO;
  const seen = (await messagesTo(prescripteur.email)).length;
  await submitPassword(page, prescripteur.username);
  await expect(page).toHaveURL(/\/connexion\/code$/);
  await expect(page).toHaveTitle('Code de sécurité — Trajectoire Pro');
  await expect(
    page.getByText('Un code de sécurité à 6 chiffres vous a été envoyé par e-mail à d***u@chu-lyon.demo.', {
      exact: true,
    }),
  ).toBeVisible();
  const codeField = page.getByLabel('Code de sécurité');
  await expect(codeField).toHaveAttribute('inputmode', 'numeric');
  await expect(codeField).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(codeField).toHaveAttribute('maxlength', '6');
  await expectNoA11yViolations(page);

  await codeField.fill(await nextCode(prescripteur.email, seen));
  await page.getByRole('button', { name: 'Valider' }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Bonjour David Moreau' })).toBeVisible();
  await expect(page).toHaveTitle('Accueil — Trajectoire Pro');
  await expect(page.getByRole('banner')).toContainText('David Moreau');
  await expect(page.getByRole('heading', { level: 2, name: 'Mes habilitations' })).toBeVisible();
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText([
    'Profil',
    'Domaine',
    'Structure',
    'Unité / guichet',
    'Début',
    'Fin',
    'État',
  ]);
  const cardiology = table.getByRole('row').filter({ hasText: 'Cardiologie' });
  await expect(cardiology.getByRole('rowheader')).toHaveText('Prescripteur médical');
  await expect(cardiology.getByRole('cell')).toHaveText([
    'Sanitaire',
    'Centre hospitalier universitaire de Lyon (69)',
    'Cardiologie',
    '05/01/2026',
    '04/01/2031',
    'Active',
  ]);
  const grandAge = table.getByRole('row').filter({ hasText: 'Grand Âge' });
  await expect(grandAge.getByRole('rowheader')).toHaveText('Prescripteur médical');
  await expect(grandAge.getByRole('cell').nth(2)).toHaveText('Tout l’établissement');
  await expectNoA11yViolations(page);

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/connexion$/);
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toHaveCount(0);
  await page.goto('/');
  await expect(page).toHaveURL(/\/connexion$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion à Trajectoire Pro' })).toBeVisible();
});

test('signing in again in the same browser within 8 hours skips the code', async ({ page }) => {
  await signInWithCode(page, DEMO.prescripteur);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/connexion$/);

  const visited: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname);
  });
  await submitPassword(page, DEMO.prescripteur.username);
  await expect(page.getByRole('heading', { level: 1, name: 'Bonjour David Moreau' })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  expect(visited).not.toContain('/connexion/code');
});

test('a wrong password or an unknown username get the same answer, empty fields a French message each', async ({
  page,
}) => {
  await page.goto('/connexion');
  const alert = page.getByRole('alert');

  await submitPassword(page, DEMO.refStructure.username, 'Pas-le-bon-mot-de-passe-1');
  await expect(alert).toHaveText(INVALID_CREDENTIALS);
  await expectNoA11yViolations(page);

  await submitPassword(page, 'personne.inconnue', 'Pas-le-bon-mot-de-passe-1');
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeEnabled();
  await expect(alert).toHaveText(INVALID_CREDENTIALS);

  await submitPassword(page, '', '');
  const username = page.getByLabel('Nom d’utilisateur');
  const password = page.getByLabel('Mot de passe', { exact: true });
  await expect(username).toHaveAttribute('aria-invalid', 'true');
  await expect(username).toHaveAccessibleDescription("Le nom d'utilisateur est obligatoire.");
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription('Le mot de passe est obligatoire.');
  await expect(username).toBeFocused();
  // Nothing from the server this time: the alert region stays empty, hence hidden.
  await expect(alert).toHaveCount(0);
  await expectNoA11yViolations(page);
});

test('a wrong code tells how many tries are left, and a new code cannot be asked for at once', async ({ page }) => {
  await page.goto('/connexion');
  const code = await signInUpToCode(page, DEMO.admissions);

  const resend = page.getByRole('button', { name: /^Renvoyer un code/ });
  await expect(resend).toBeDisabled();
  await expect(resend).toHaveText(/^Renvoyer un code \(\d+ s\)$/);

  const codeField = page.getByLabel('Code de sécurité');
  await codeField.fill('12');
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(codeField).toHaveAttribute('aria-invalid', 'true');
  await expect(codeField).toHaveAccessibleDescription(/Le code de sécurité comporte 6 chiffres\./);

  const wrong = code.replace(/\d$/, (digit) => String((Number(digit) + 1) % 10));
  await codeField.fill(wrong);
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByRole('alert')).toHaveText('Code de sécurité incorrect. Il vous reste 4 essais.');
  await expect(codeField).not.toHaveAttribute('aria-invalid', 'true');
  await expectNoA11yViolations(page);

  await codeField.fill(code);
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Émilie Garnier' })).toBeVisible();
});

// Last of the file, and on an account no other test uses: demo.ref.unite stays blocked for the rest of the run.
test('five wrong passwords block the account, and the message says to turn to a référent', async ({ page }) => {
  const { username } = DEMO.refUnite;
  await page.goto('/connexion');
  const alert = page.getByRole('alert');
  const submit = page.getByRole('button', { name: 'Se connecter' });

  for (let attempt = 1; attempt <= 4; attempt++) {
    await submitPassword(page, username, `Mauvais-mot-de-passe-${attempt}`);
    await expect(submit).toBeEnabled();
    await expect(alert).toHaveText(INVALID_CREDENTIALS);
  }
  await submitPassword(page, username, 'Mauvais-mot-de-passe-5');
  await expect(alert).toContainText('bloqué');
  await expect(alert).toContainText('référent');

  // Even the right password is refused now.
  await submitPassword(page, username);
  await expect(submit).toBeEnabled();
  await expect(alert).toContainText('référent');
  await expect(page).toHaveURL(/\/connexion$/);
  await expectNoA11yViolations(page);
});
