import { expectNoA11yViolations } from '../support/a11y';
import { enterCode, submitPassword } from '../support/auth';
import { createTestAccount, failPendingSms, useVerifiedMobile } from '../support/db';
import { messagesTo, nextCode, uniqueMobile } from '../support/mail';
import { expect, test } from '../support/test';

test('when the SMS cannot be delivered, the code page offers the code by e-mail', async ({ page }) => {
  const me = await createTestAccount();
  const mobile = uniqueMobile();
  await useVerifiedMobile(me.id, mobile.e164);

  await page.goto('/connexion');
  await submitPassword(page, me.username, me.password);
  await expect(page).toHaveURL(/\/connexion\/code$/);
  await expect(page.getByText(/envoyé par SMS au \+33 7\*\* \*\* \*\* \d\d\.$/)).toBeVisible();
  const toEmail = page.getByRole('button', { name: 'Recevoir le code par e-mail' });
  await expect(toEmail).toHaveCount(0);

  // What the worker records when the SMS provider refuses for good; the page notices on its own.
  await failPendingSms(me.id);
  await expect(page.getByRole('alert')).toContainText('L’envoi du SMS a échoué.', { timeout: 10_000 });
  await expectNoA11yViolations(page);

  const seen = (await messagesTo(me.email)).length;
  await toEmail.click();
  await expect(page.getByRole('status')).toHaveText(/^Un nouveau code vous a été envoyé par e-mail à e\*\*\*/);
  await expect(toEmail).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await enterCode(page, await nextCode(me.email, seen), me);
});
