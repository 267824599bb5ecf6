import type { Page } from '@playwright/test';
import { expectNoA11yViolations } from '../support/a11y';
import { DEMO, signInWithCode } from '../support/auth';
import { CHU, createTestAccount, type TestAccount } from '../support/db';
import { linkIn, messagesTo, nextMessage } from '../support/mail';
import { expect, test } from '../support/test';

const CARDIOLOGY = { profile: 'PRESCRIPTEUR_MEDICAL', establishment: CHU, unit: 'Cardiologie' };
const REQUESTED = 'Demande de changement de votre adresse e-mail Trajectoire Pro';

/** The référent opens the account and types a new e-mail; returns the edit region. */
async function requestEmailChange(page: Page, target: TestAccount, newEmail: string) {
  await page.goto('/comptes');
  await page.getByLabel('Nom, prénom, nom d’utilisateur ou e-mail').fill(target.username);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByRole('link', { name: target.username }).click();
  const form = page.getByRole('region', { name: 'Modifier le compte', exact: true });
  await form.getByLabel('E-mail', { exact: true }).fill(newEmail);
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  return form;
}

/** Nothing wider than the window: no sideways scrolling on a phone. */
async function expectNoHorizontalScroll(page: Page) {
  // A string, evaluated in the page: the tests' own types know nothing of the DOM.
  const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
}

test('a référent’s new e-mail waits for the new address, which confirms it from the mailed link', async ({
  page,
  browser,
}) => {
  const target = await createTestAccount({ habilitations: [CARDIOLOGY] });
  const newEmail = `${target.username}.nouvelle@e2e.trajectoire.test`;
  const seenAtOld = (await messagesTo(target.email)).length;
  await signInWithCode(page, DEMO.refStructure);
  const form = await requestEmailChange(page, target, newEmail);

  await expect(form.getByRole('status')).toContainText('Un lien de confirmation a été envoyé à la nouvelle adresse');
  const email = form.getByLabel('E-mail', { exact: true });
  await expect(email).toHaveValue(target.email);
  const pending = `Nouvelle adresse en attente de confirmation : ${newEmail}.`;
  await expect(form.getByText(pending)).toBeVisible();
  await expect(email).toHaveAccessibleDescription(new RegExp(pending.replace(/[.]/g, '\\.')));
  await expectNoA11yViolations(page);
  await page.reload();
  await expect(form.getByText(pending)).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(form.getByText(pending)).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.setViewportSize({ width: 1366, height: 768 });

  // The current address is told, without the new one spelled out; the new one gets the link.
  const notice = await nextMessage(target.email, seenAtOld, (m) => m.subject === REQUESTED);
  expect(notice.text).toContain(`a été faite par ${DEMO.refStructure.name} (référent)`);
  expect(notice.text).not.toContain(newEmail);
  const confirmation = await nextMessage(newEmail, 0);

  // Whoever reads the new mailbox confirms it, signed in or not.
  const holderContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const holder = await holderContext.newPage();
  await holder.goto(linkIn(confirmation, '/confirmer-adresse'));
  await expect(
    holder.getByRole('heading', { level: 1, name: 'Confirmer votre nouvelle adresse e-mail' }),
  ).toBeVisible();
  await expect(holder).toHaveTitle('Confirmation de votre nouvelle adresse e-mail — Trajectoire Pro');
  await expectNoA11yViolations(holder);
  await expectNoHorizontalScroll(holder);
  await holder.getByRole('button', { name: 'Confirmer cette adresse' }).click();
  await expect(holder.getByRole('status')).toContainText(`Votre adresse e-mail est désormais ${newEmail}.`);
  await expect(holder.getByRole('button', { name: 'Confirmer cette adresse' })).toHaveCount(0);
  await expectNoA11yViolations(holder);

  // A second use of the link is refused.
  await holder.goto(linkIn(confirmation, '/confirmer-adresse'));
  await holder.getByRole('button', { name: 'Confirmer cette adresse' }).click();
  await expect(holder.getByRole('alert')).toContainText("Ce lien n'est plus valable");
  await holderContext.close();

  await page.reload();
  await expect(email).toHaveValue(newEmail);
  await expect(form.getByText(/en attente de confirmation/)).toHaveCount(0);
  const changed = await nextMessage(
    target.email,
    seenAtOld,
    (m) => m.subject === 'Changement de votre adresse e-mail Trajectoire Pro',
  );
  expect(changed.text).toContain(newEmail);
});

test('the current address cancels a change it did not ask for', async ({ page, browser }) => {
  const target = await createTestAccount({ habilitations: [CARDIOLOGY] });
  const newEmail = `${target.username}.pirate@e2e.trajectoire.test`;
  const seenAtOld = (await messagesTo(target.email)).length;
  await signInWithCode(page, DEMO.refStructure);
  const form = await requestEmailChange(page, target, newEmail);
  await expect(form.getByText(`Nouvelle adresse en attente de confirmation : ${newEmail}.`)).toBeVisible();

  const notice = await nextMessage(target.email, seenAtOld, (m) => m.subject === REQUESTED);
  const holderContext = await browser.newContext();
  const holder = await holderContext.newPage();
  await holder.goto(linkIn(notice, '/annuler-changement-adresse'));
  await expect(
    holder.getByRole('heading', { level: 1, name: 'Annuler le changement de votre adresse e-mail' }),
  ).toBeVisible();
  await expectNoA11yViolations(holder);
  await holder.getByRole('button', { name: 'Annuler le changement' }).click();
  await expect(holder.getByRole('status')).toContainText('votre adresse reste inchangée');
  await holderContext.close();

  await page.reload();
  await expect(form.getByLabel('E-mail', { exact: true })).toHaveValue(target.email);
  await expect(form.getByText(/en attente de confirmation/)).toHaveCount(0);
  // The link the new address received no longer changes anything.
  const confirmation = await nextMessage(newEmail, 0);
  await page.goto(linkIn(confirmation, '/confirmer-adresse'));
  await page.getByRole('button', { name: 'Confirmer cette adresse' }).click();
  await expect(page.getByRole('alert')).toContainText("Ce lien n'est plus valable");
});
