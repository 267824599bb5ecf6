import { expectNoA11yViolations } from '../support/a11y';
import { enterCode, openAdministration, signInWithCode, signOut, submitPassword } from '../support/auth';
import { createTestAccount } from '../support/db';
import { messagesTo, nextCode, nextMessage } from '../support/mail';
import { expect, test } from '../support/test';

const NEW_PASSWORD = 'Marée-Haute-Quai-47!';

test('changing one’s password: policy first, weak one refused, then a confirmation mail and the old one is dead', async ({
  page,
}) => {
  const me = await createTestAccount();
  await signInWithCode(page, me);
  await openAdministration(page, 'Mon compte');

  const section = page.getByRole('region', { name: 'Mot de passe', exact: true });
  await expect(section).toContainText(/Votre mot de passe est valable jusqu’au \d\d\/\d\d\/\d{4}\./);
  const change = section.getByRole('button', { name: 'Modifier' });
  await expect(change).toHaveAttribute('aria-expanded', 'false');
  await expect(section.getByLabel('Ancien mot de passe')).toBeHidden();
  await change.click();
  await expect(change).toHaveAttribute('aria-expanded', 'true');

  const policy = section.getByRole('list');
  await expect(policy.getByRole('listitem').first()).toHaveText(/^Au moins 12 caractères/);
  await expect(policy).toContainText('Différent de vos 5 derniers mots de passe.');
  const current = section.getByLabel('Ancien mot de passe');
  const fresh = section.getByLabel('Nouveau mot de passe');
  const repeat = section.getByLabel('Répéter le mot de passe');
  // The rules come before the fields, in reading order as on screen.
  const policyBox = await policy.boundingBox();
  const currentBox = await current.boundingBox();
  expect(policyBox && currentBox && policyBox.y < currentBox.y).toBe(true);
  await expectNoA11yViolations(page);

  await current.fill(me.password);
  await fresh.fill('Court1!');
  await repeat.fill('Court1!');
  await section.getByRole('button', { name: 'Valider' }).click();
  await expect(fresh).toHaveAccessibleDescription(/Le mot de passe est trop court : 12 caractères au moins/);
  await expect(fresh).toBeFocused();

  await fresh.fill(NEW_PASSWORD);
  await repeat.fill(`${NEW_PASSWORD}x`);
  await section.getByRole('button', { name: 'Valider' }).click();
  await expect(repeat).toHaveAccessibleDescription('Les deux mots de passe ne sont pas identiques.');

  const seen = (await messagesTo(me.email)).length;
  await repeat.fill(NEW_PASSWORD);
  await section.getByRole('button', { name: 'Valider' }).click();
  await expect(section.getByRole('status')).toHaveText(
    'Votre mot de passe a été modifié. Il est valable 6 mois. Un e-mail de confirmation vous a été envoyé.',
  );
  await expect(change).toHaveAttribute('aria-expanded', 'false');
  await expect(change).toBeFocused();
  const confirmation = await nextMessage(me.email, seen, (m) => m.subject.includes('mot de passe'));
  expect(confirmation.subject).toBe('Votre mot de passe Trajectoire Pro a été modifié');
  expect(confirmation.text).toContain(me.username);

  await signOut(page);
  await submitPassword(page, me.username, me.password);
  await expect(page.getByRole('alert')).toHaveText("Nom d'utilisateur ou mot de passe incorrect.");
  // A new password also ends the trust of this browser: the code is asked again.
  const seenCodes = (await messagesTo(me.email)).length;
  await submitPassword(page, me.username, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/connexion\/code$/);
  await enterCode(page, await nextCode(me.email, seenCodes), me);
});
