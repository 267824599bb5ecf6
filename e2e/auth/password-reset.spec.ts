import { expectNoA11yViolations } from '../support/a11y';
import { enterCode, submitPassword } from '../support/auth';
import { solveCaptcha } from '../support/captcha';
import { createTestAccount } from '../support/db';
import { linkIn, messagesTo, nextCode, nextMessage } from '../support/mail';
import { expect, test } from '../support/test';

const SENT =
  'Si ce compte existe, un e-mail contenant un lien de réinitialisation valable 24 h vient d’être envoyé à l’adresse du compte.';
const NEW_PASSWORD = 'Lanterne-Verte-Port-82!';

test('a forgotten password: captcha through its text alternative, mailed link, new password, code still asked', async ({
  page,
}) => {
  const me = await createTestAccount();
  await page.goto('/connexion');
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await expect(page).toHaveURL(/\/mot-de-passe-oublie$/);
  await expect(page).toHaveTitle('Mot de passe oublié — Trajectoire Pro');
  await expect(page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' })).toBeVisible();
  const image = page.getByRole('img', { name: 'Code de sécurité à recopier' });
  await expect(image).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
  await expectNoA11yViolations(page);

  const submit = page.getByRole('button', { name: 'Régénérer mon mot de passe' });
  const username = page.getByLabel('Nom d’utilisateur');
  const answer = page.getByLabel('Code de sécurité');
  await submit.click();
  await expect(username).toHaveAccessibleDescription("Le nom d'utilisateur est obligatoire.");
  await expect(answer).toHaveAccessibleDescription(/Recopiez le code de sécurité\./);
  await expect(username).toBeFocused();

  // The text alternative: two words to copy out of a short sequence, in the same field.
  const toggle = page.getByRole('button', { name: 'Je ne peux pas lire l’image' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByText(/^Dans la suite «\s(\S+ ){5}\S+\s», recopiez .+ puis .+\.$/)).toBeVisible();
  await expect(answer).toHaveAccessibleDescription(/Dans la suite «\s/);
  await expectNoA11yViolations(page);

  // A wrong answer is refused, and a new captcha comes at once.
  const firstImage = await image.getAttribute('src');
  await username.fill(me.username);
  await answer.fill('999');
  await submit.click();
  await expect(answer).toHaveAccessibleDescription(
    /Le code de sécurité est incorrect ou a expiré\. Recopiez le nouveau code\./,
  );
  await expect(answer).toHaveValue('');
  await expect(image).not.toHaveAttribute('src', firstImage ?? '');
  await expect(submit).toBeEnabled();

  // « Régénérer le code » draws another one.
  const secondImage = await image.getAttribute('src');
  await page.getByRole('button', { name: 'Régénérer le code' }).click();
  await expect(image).not.toHaveAttribute('src', secondImage ?? '');

  // An unknown username gets the very same answer.
  await username.fill('personne.inconnue');
  await solveCaptcha(page);
  await submit.click();
  await expect(page.getByRole('status')).toHaveText(SENT);
  await expectNoA11yViolations(page);

  const seen = (await messagesTo(me.email)).length;
  await page.reload();
  await username.fill(me.username);
  await solveCaptcha(page);
  await submit.click();
  await expect(page.getByRole('status')).toHaveText(SENT);
  const mail = await nextMessage(me.email, seen);
  expect(mail.subject).toBe('Régénération de votre mot de passe Trajectoire Pro');
  expect(mail.text).toContain(me.username);
  const link = linkIn(mail, '/mot-de-passe/nouveau');

  await page.goto(link);
  await expect(page).toHaveTitle('Nouveau mot de passe — Trajectoire Pro');
  await expect(page.getByRole('heading', { level: 1, name: 'Choisir un nouveau mot de passe' })).toBeVisible();
  await expect(page.getByText(`Compte : ${me.username}`)).toBeVisible();
  await expect(page.getByRole('listitem').first()).toHaveText(/^Au moins 12 caractères/);
  await expectNoA11yViolations(page);

  const fresh = page.getByLabel('Nouveau mot de passe');
  const repeat = page.getByLabel('Répéter le mot de passe');
  const save = page.getByRole('button', { name: 'Enregistrer' });
  await fresh.fill('motdepasse');
  await repeat.fill('motdepasse');
  await save.click();
  await expect(fresh).toHaveAccessibleDescription(/Le mot de passe est trop court/);
  await fresh.fill(NEW_PASSWORD);
  await repeat.fill(`${NEW_PASSWORD}?`);
  await save.click();
  await expect(repeat).toHaveAccessibleDescription('Les deux mots de passe ne sont pas identiques.');

  const seenBeforeSaving = (await messagesTo(me.email)).length;
  await repeat.fill(NEW_PASSWORD);
  await save.click();
  await expect(page.getByRole('status')).toHaveText('Votre mot de passe a été enregistré. Il est valable 6 mois.');
  await expectNoA11yViolations(page);
  const confirmation = await nextMessage(me.email, seenBeforeSaving);
  expect(confirmation.subject).toBe('Votre mot de passe Trajectoire Pro a été modifié');

  // The next sign-in still asks for the one-time code.
  await page.getByRole('link', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/connexion$/);
  const seenCodes = (await messagesTo(me.email)).length;
  await submitPassword(page, me.username, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/connexion\/code$/);
  await enterCode(page, await nextCode(me.email, seenCodes), me);

  // A link works once.
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Ce lien ne peut pas être utilisé' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Ce lien a déjà été utilisé.');
  await page.getByRole('main').getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await expect(page).toHaveURL(/\/mot-de-passe-oublie$/);
});

test('a truncated password link says so and leads to « Mot de passe oublié ? »', async ({ page }) => {
  await page.goto('/mot-de-passe/nouveau?jeton=abc');
  await expect(page.getByRole('alert')).toHaveText('Ce lien est invalide ou incomplet.');
  await expect(page.getByRole('link', { name: 'Mot de passe oublié ?' })).toBeVisible();
  await expectNoA11yViolations(page);
});
