import { expectNoA11yViolations } from '../support/a11y';
import { openAdministration, signInWithCode, signOut, submitPassword } from '../support/auth';
import { CHU, createTestAccount } from '../support/db';
import { linkIn, messagesTo, nextCode, nextMessage, smsInbox, uniqueMobile } from '../support/mail';
import { expect, test } from '../support/test';

test('« Mon compte » changes names and phone, and points to « Mes référents »', async ({ page }) => {
  const me = await createTestAccount({
    habilitations: [{ profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'SMR polyvalent' }],
  });
  await signInWithCode(page, me);
  await openAdministration(page, 'Mon compte');
  await expect(page).toHaveURL(/\/mon-compte$/);
  await expect(page).toHaveTitle('Mon compte — Trajectoire Pro');
  await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
  await expectNoA11yViolations(page);

  const details = page.getByRole('region', { name: 'Mes coordonnées', exact: true });
  const lastName = details.getByLabel('Nom', { exact: true });
  await expect(lastName).toHaveValue(me.lastName);
  await expect(details).toContainText(`Nom d’utilisateur : ${me.username}`);
  await lastName.fill('');
  await details.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(lastName).toHaveAccessibleDescription('Le nom est obligatoire.');
  await expect(lastName).toBeFocused();

  await lastName.fill('Dupont-Essai');
  await details.getByLabel('Prénom').fill('Camille');
  await details.getByLabel('Téléphone', { exact: true }).fill('04.72.11.22.33');
  await details.getByLabel('Profession').fill('Cadre de santé');
  await details.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(details.getByRole('status')).toHaveText('Vos coordonnées ont été enregistrées.');
  await expect(page.getByRole('banner')).toContainText('Camille Dupont-Essai');

  await page.reload();
  await expect(details.getByLabel('Nom', { exact: true })).toHaveValue('Dupont-Essai');
  await expect(details.getByLabel('Prénom')).toHaveValue('Camille');
  await expect(details.getByLabel('Téléphone', { exact: true })).toHaveValue('04 72 11 22 33');
  await expect(details.getByLabel('Profession')).toHaveValue('Cadre de santé');

  // The référents have a page of their own now (ADMINISTRATION → « Mes référents »).
  const referents = page.getByRole('region', { name: 'Mes référents', exact: true });
  await expect(referents.getByText('Bruno Lefèvre')).toHaveCount(0);
  await referents.getByRole('link', { name: 'Voir mes référents' }).click();
  await expect(page).toHaveURL(/\/mes-referents$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Mes référents' })).toBeVisible();
});

test('a mobile verified by the SMS link, chosen for the codes, receives the next sign-in code', async ({ page }) => {
  const me = await createTestAccount();
  const mobile = uniqueMobile();
  await signInWithCode(page, me);
  await page.goto('/mon-compte');

  const contact = page.getByRole('region', { name: 'E-mail, téléphone portable et code de sécurité', exact: true });
  const sms = contact.getByRole('radio', { name: 'SMS' });
  await expect(contact.getByRole('radio', { name: 'E-mail' })).toBeChecked();
  await expect(sms).toBeDisabled();
  await expect(contact.getByRole('group', { name: 'Réception du code de sécurité' })).toHaveAccessibleDescription(
    /vérifié/,
  );
  await expect(contact.getByRole('button', { name: 'Vérifier' })).toHaveCount(0);

  await contact.getByLabel('Téléphone portable').fill(mobile.typed);
  const password = contact.getByLabel('Mot de passe actuel');
  await password.fill('Pas-le-bon-mot-de-passe-1');
  await contact.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(password).toHaveAccessibleDescription(/Mot de passe incorrect\./);
  await expect(password).toBeFocused();

  await password.fill(me.password);
  await contact.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(contact.getByRole('status')).toHaveText('Vos modifications ont été enregistrées.');
  await expect(password).toHaveValue('');

  const inbox = smsInbox(mobile.e164);
  const seen = (await messagesTo(inbox)).length;
  await contact.getByRole('button', { name: 'Vérifier' }).click();
  await expect(contact.getByRole('status')).toContainText(
    `Un SMS contenant un lien de vérification a été envoyé au ${mobile.typed}.`,
  );
  const verification = await nextMessage(inbox, seen);
  expect(verification.kind).toBe('SMS');
  const link = linkIn(verification, '/mon-compte/verifier-mobile');

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Vérification de votre téléphone portable' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Votre numéro de téléphone portable est vérifié.');
  await expectNoA11yViolations(page);
  await page.getByRole('link', { name: 'Aller à « Mon compte »' }).click();

  await expect(contact.getByText('Vérifié', { exact: true })).toBeVisible();
  await expect(contact.getByLabel('Téléphone portable')).toHaveAccessibleDescription(/Vérifié/);
  await expect(sms).toBeEnabled();
  await sms.check();
  await password.fill(me.password);
  await contact.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(contact.getByRole('status')).toHaveText('Vos modifications ont été enregistrées.');

  // A link works once.
  await page.goto(link);
  await expect(page.getByRole('alert')).toHaveText('Ce lien de vérification a déjà été utilisé.');

  // Forget this browser, which would otherwise be trusted for 8 hours and skip the code.
  await page.goto('/');
  await signOut(page);
  await page.context().clearCookies();
  const seenCodes = (await messagesTo(inbox)).length;
  await submitPassword(page, me.username);
  await expect(page).toHaveURL(/\/connexion\/code$/);
  await expect(
    page.getByText(/^Un code de sécurité à 6 chiffres vous a été envoyé par SMS au \+33 7\*\* \*\* \*\* \d\d\.$/),
  ).toBeVisible();
  await page.getByLabel('Code de sécurité').fill(await nextCode(inbox, seenCodes));
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Bonjour ${me.name}` })).toBeVisible();
});

test('e-mail reception is switched per habilitation, and one’s own habilitation is deleted after confirming', async ({
  page,
}) => {
  const me = await createTestAccount({
    habilitations: [
      { profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie' },
      { profile: 'PRESCRIPTEUR_MEDICAL', domain: 'GRAND_AGE', establishment: CHU },
    ],
  });
  await signInWithCode(page, me);
  await page.goto('/mon-compte');

  const section = page.getByRole('region', { name: 'Mes habilitations', exact: true });
  const rows = section.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(3);
  const cardiology = `Prescripteur médical — Cardiologie, ${CHU}`;
  const emails = section.getByRole('checkbox', { name: `Réception des e-mails pour l’habilitation ${cardiology}` });
  await expect(emails).toBeChecked();
  await emails.uncheck();
  await expect(section.getByRole('status')).toHaveText(
    `Vous ne recevrez plus les e-mails de l’habilitation ${cardiology}.`,
  );
  await expect(emails).toBeFocused();
  await page.reload();
  await expect(emails).not.toBeChecked();

  const remove = section.getByRole('button', { name: `Supprimer l’habilitation ${cardiology}` });
  await remove.click();
  const dialog = page.getByRole('dialog', { name: 'Supprimer cette habilitation ?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(cardiology);
  await expect(dialog.getByRole('button', { name: 'Annuler' })).toBeFocused();
  await expectNoA11yViolations(page);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(remove).toBeFocused();
  await expect(rows).toHaveCount(3);

  await remove.click();
  await dialog.getByRole('button', { name: 'Supprimer' }).click();
  await expect(dialog).toBeHidden();
  await expect(section.getByRole('status')).toHaveText(`L’habilitation ${cardiology} a été supprimée.`);
  await expect(rows).toHaveCount(2);
  await expect(section.getByRole('heading', { name: 'Mes habilitations' })).toBeFocused();
  await page.reload();
  await expect(rows).toHaveCount(2);
  await expect(section.getByRole('rowheader')).toHaveText(['Prescripteur médical']);
  await expect(section.getByRole('table')).toContainText('Tout l’établissement');
});
