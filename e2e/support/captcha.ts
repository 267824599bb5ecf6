import { expect, type Page } from '@playwright/test';
import { answerCaptchaQuestion } from '@trajectoire/test-support/captcha';

/** Reads the text alternative of the captcha (opening it if needed) and types its answer. */
export async function solveCaptcha(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Je ne peux pas lire l’image' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const question = page.getByText(/^Dans la suite «\s/);
  await expect(question).toBeVisible();
  await page.getByLabel('Code de sécurité').fill(answerCaptchaQuestion((await question.textContent()) ?? ''));
}
