import { expectNoA11yViolations } from '../support/a11y';
import { openAdministration, signInWithCode } from '../support/auth';
import { CHU, CLINIQUE, createTestAccount } from '../support/db';
import { messagesTo, nextCode } from '../support/mail';
import { expect, test } from '../support/test';

test('ADMINISTRATION → « Mes référents » → « Voir » lists, per habilitation, the référents to turn to', async ({
  page,
}) => {
  const me = await createTestAccount({
    habilitations: [
      { profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'SMR polyvalent' },
      { profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie' },
      { profile: 'PRESCRIPTEUR_MEDICAL', establishment: CLINIQUE },
    ],
  });
  await signInWithCode(page, me);
  await openAdministration(page, 'Mes référents');
  await expect(page).toHaveURL(/\/mes-referents$/);
  await expect(page).toHaveTitle('Mes référents — Trajectoire Pro');
  await expect(page.getByRole('heading', { level: 1, name: 'Mes référents' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('button', { name: /administration/i }),
  ).toHaveClass(/menu-button-current/);
  await expectNoA11yViolations(page);

  const show = (place: string) =>
    page.getByRole('button', { name: `Voir les référents de l’habilitation Prescripteur médical — ${place}` });
  const smr = show(`SMR polyvalent, ${CHU}`);
  const smrPanel = page.locator(`#${await smr.getAttribute('aria-controls')}`);
  await expect(smr).toHaveAttribute('aria-expanded', 'false');
  await expect(smr).toContainText('+');
  await expect(smrPanel).toBeHidden();
  await smr.click();
  await expect(smr).toHaveAttribute('aria-expanded', 'true');
  await expect(smr).toContainText('−');
  const bruno = smrPanel.getByRole('listitem').filter({ hasText: 'Bruno Lefèvre' });
  await expect(bruno).toContainText('Référent structure');
  await expect(bruno.getByRole('link', { name: 'bruno.lefevre@chu-lyon.demo' })).toHaveAttribute(
    'href',
    'mailto:bruno.lefevre@chu-lyon.demo',
  );
  await expect(smrPanel.getByRole('listitem').filter({ hasText: 'Chloé Dubois' })).toContainText(
    'Référent unité — SMR polyvalent',
  );
  await expectNoA11yViolations(page);

  // Chloé Dubois is référent of SMR polyvalent only: not someone to ask about Cardiologie.
  const cardiology = show(`Cardiologie, ${CHU}`);
  await cardiology.click();
  const cardiologyPanel = page.locator(`#${await cardiology.getAttribute('aria-controls')}`);
  await expect(cardiologyPanel.getByRole('listitem')).toHaveCount(1);
  await expect(cardiologyPanel).toContainText('Bruno Lefèvre');

  const clinique = show(`Tout l’établissement, ${CLINIQUE}`);
  await clinique.click();
  await expect(page.locator(`#${await clinique.getAttribute('aria-controls')}`)).toHaveText(
    'Aucun référent actif pour cette habilitation : contactez le support de Trajectoire Pro.',
  );
  await smr.click();
  await expect(smr).toHaveAttribute('aria-expanded', 'false');
  await expect(smrPanel).toBeHidden();
});

test('the link of the expiry mail, old or new, leads a signed-out visitor through password and code to « Mes référents »', async ({
  page,
}) => {
  const me = await createTestAccount({
    habilitations: [{ profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'SMR polyvalent' }],
  });
  // Mails sent before this page existed link to the section of « Mon compte » it replaces.
  await page.goto('/mon-compte#mes-referents');
  await expect(page).toHaveURL(/\/connexion\?retour=%2Fmes-referents$/);
  await page.goto('/mes-referents');
  await expect(page).toHaveURL(/\/connexion\?retour=%2Fmes-referents$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion à Trajectoire Pro' })).toBeVisible();
  // Nobody was signed in here: nothing expired.
  await expect(page.getByRole('alert')).toHaveCount(0);

  const seen = (await messagesTo(me.email)).length;
  await page.getByLabel('Nom d’utilisateur').fill(me.username);
  await page.getByLabel('Mot de passe', { exact: true }).fill(me.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/connexion\/code\?retour=%2Fmes-referents$/);
  await page.getByLabel('Code de sécurité').fill(await nextCode(me.email, seen));
  await page.getByRole('button', { name: 'Valider' }).click();

  await expect(page).toHaveURL(/\/mes-referents$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Mes référents' })).toBeVisible();
  await expect(
    page.getByRole('button', {
      name: `Voir les référents de l’habilitation Prescripteur médical — SMR polyvalent, ${CHU}`,
    }),
  ).toBeVisible();
  await expectNoA11yViolations(page);

  // Only pages of the portal are returned to.
  await page.goto('/');
  await page.context().clearCookies();
  await page.goto('/connexion?retour=https%3A%2F%2Fexemple.test%2F');
  await page.getByLabel('Nom d’utilisateur').fill(me.username);
  await page.getByLabel('Mot de passe', { exact: true }).fill(me.password);
  const seenAgain = (await messagesTo(me.email)).length;
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/connexion\/code$/);
  await page.getByLabel('Code de sécurité').fill(await nextCode(me.email, seenAgain));
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Bonjour ${me.name}` })).toBeVisible();
});

test('the signed-in visitor of an old link lands on « Mes référents » too', async ({ page }) => {
  const me = await createTestAccount();
  await signInWithCode(page, me);
  await page.goto('/mon-compte#mes-referents');
  await expect(page).toHaveURL(/\/mes-referents$/);
  await expect(page.getByText('Vos référents apparaissent ici dès que vous avez une habilitation.')).toBeVisible();
});
