import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, enterCode, signInWithCode, signOut, submitPassword } from '../support/auth';
import { uniqueWord } from '../support/db';
import { linkIn, messagesTo, nextCode, nextMessage } from '../support/mail';
import { expect, test } from '../support/test';

test('a référent creates a user, who chooses a password from the mailed link and signs in', async ({ page }) => {
  const word = uniqueWord();
  const lastName = `Nouveau ${word.charAt(0).toUpperCase()}${word.slice(1)}`;
  const email = `emile.${word}@chu-lyon.test`;
  const username = `emile.nouveau-${word}`;

  await signInWithCode(page, DEMO.refStructure);
  await page.goto('/comptes');
  await page.getByRole('link', { name: 'Créer un utilisateur' }).click();
  await expect(page).toHaveURL(/\/comptes\/nouveau$/);
  await expect(page).toHaveTitle('Créer un utilisateur — Trajectoire Pro');
  await expect(page.getByRole('heading', { level: 1, name: 'Créer un utilisateur' })).toBeVisible();
  await expectNoA11yViolations(page);

  const create = page.getByRole('button', { name: 'Créer le compte utilisateur' });
  await create.click();
  await expect(page.getByLabel('Nom', { exact: true })).toHaveAccessibleDescription('Le nom est obligatoire.');
  await expect(page.getByLabel('Nom', { exact: true })).toBeFocused();

  await page.getByLabel('Nom', { exact: true }).fill(lastName);
  await page.getByLabel('Prénom').fill('Émile');
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Téléphone portable').fill('07 00 00');
  await create.click();
  await expect(page.getByLabel('Téléphone portable')).toHaveAccessibleDescription(/Numéro de téléphone invalide\./);

  await page.getByLabel('Téléphone portable').fill('');
  await page.getByLabel('Profession').fill('Kinésithérapeute');
  const seen = (await messagesTo(email)).length;
  await create.click();
  await expect(page.getByRole('status')).toHaveText(
    `Compte créé : nom d’utilisateur ${username}. Un e-mail a été envoyé à ${email} pour choisir son mot de passe.`,
  );
  await expect(page.getByRole('link', { name: 'Voir le compte' })).toHaveAttribute(
    'href',
    /^\/comptes\/[0-9a-f-]{36}$/,
  );

  const mail = await nextMessage(email, seen);
  expect(mail.subject).toBe('Votre compte Trajectoire Pro a été créé');
  expect(mail.text).toContain(`Votre nom d'utilisateur est : ${username}`);
  const link = linkIn(mail, '/mot-de-passe/nouveau');

  await signOut(page);
  await page.goto(link);
  await expect(page.getByText(`Compte : ${username}`)).toBeVisible();
  await page.getByLabel('Nouveau mot de passe').fill('Cerisier-Bleu-2026!');
  await page.getByLabel('Répéter le mot de passe').fill('Cerisier-Bleu-2026!');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status')).toHaveText('Votre mot de passe a été enregistré. Il est valable 6 mois.');

  await page.getByRole('link', { name: 'Se connecter' }).click();
  const seenCodes = (await messagesTo(email)).length;
  await submitPassword(page, username, 'Cerisier-Bleu-2026!');
  await expect(page).toHaveURL(/\/connexion\/code$/);
  await enterCode(page, await nextCode(email, seenCodes), { username, email, name: `Émile ${lastName}` });
  await expect(page.getByText('Vous n’avez aucune habilitation pour le moment.')).toBeVisible();
});

test('an e-mail already in use: first a warning, then the server’s refusal in the corner', async ({ page }) => {
  await signInWithCode(page, DEMO.refStructure);
  await page.goto('/comptes/nouveau');
  await page.getByLabel('Nom', { exact: true }).fill('Moreau');
  await page.getByLabel('Prénom').fill('Daniel');
  const email = page.getByLabel('E-mail', { exact: true });
  await email.fill(DEMO.prescripteur.email);
  const create = page.getByRole('button', { name: 'Créer le compte utilisateur' });
  await create.click();

  const warning = page.getByRole('alertdialog', { name: 'Adresse e-mail déjà utilisée' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('Cette adresse e-mail est déjà utilisée par un autre compte actif.');
  await expect(warning.getByRole('button', { name: 'OK' })).toBeFocused();
  await expectNoA11yViolations(page);
  await warning.getByRole('button', { name: 'OK' }).click();
  await expect(warning).toBeHidden();
  await expect(email).toBeFocused();

  // Unchanged, the address goes to the server, which refuses it and says where to look.
  await create.click();
  const toast = page.getByRole('alert').filter({ hasText: 'déjà utilisée' });
  await expect(toast).toContainText(
    `L'adresse e-mail ${DEMO.prescripteur.email} est déjà utilisée par un autre compte actif.`,
  );
  await expect(toast).toContainText('« Rechercher un utilisateur »');
  const box = await toast.boundingBox();
  const viewport = page.viewportSize();
  expect(
    box && viewport && box.x + box.width > viewport.width * 0.6 && box.y + box.height > viewport.height * 0.6,
  ).toBe(true);
  await expectNoA11yViolations(page);
  await toast.getByRole('button', { name: 'Fermer' }).click();
  await expect(toast).toHaveCount(0);

  // Another address is checked again.
  await email.fill(DEMO.admissions.email);
  await create.click();
  await expect(warning).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(warning).toBeHidden();
  await expect(email).toBeFocused();
});
