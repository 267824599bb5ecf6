import { expectNoA11yViolations } from '../support/a11y';
import { enterCode, submitPassword } from '../support/auth';
import { createTestAccount, useVerifiedMobile } from '../support/db';
import { messagesTo, nextCode, smsInbox, uniqueMobile } from '../support/mail';
import { expect, test } from '../support/test';

test('the code page sends to the junk-mail folder only when the code went by e-mail', async ({ page }) => {
  const me = await createTestAccount();
  const mobile = uniqueMobile();
  await useVerifiedMobile(me.id, mobile.e164);
  const inbox = smsInbox(mobile.e164);
  const seen = (await messagesTo(inbox)).length;

  await page.goto('/connexion');
  await submitPassword(page, me.username, me.password);
  await expect(page).toHaveURL(/\/connexion\/code$/);
  await expect(page.getByText(/envoyé par SMS au/)).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText('courriers indésirables');
  await expect(page.getByRole('main')).toContainText(
    'Vous n’avez rien reçu ? Un SMS peut mettre quelques instants à arriver : patientez avant de demander un nouveau code.',
  );
  await expectNoA11yViolations(page);
  await enterCode(page, await nextCode(inbox, seen), me);
});

test('a code sent by e-mail still points to the junk-mail folder', async ({ page }) => {
  const me = await createTestAccount();
  await page.goto('/connexion');
  await submitPassword(page, me.username, me.password);
  await expect(page).toHaveURL(/\/connexion\/code$/);
  await expect(page.getByRole('main')).toContainText(
    'Vous n’avez rien reçu ? Vérifiez vos courriers indésirables avant de demander un nouveau code.',
  );
});
