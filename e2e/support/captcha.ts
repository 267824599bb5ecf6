import { expect, type Page } from '@playwright/test';

const NUMBERS = ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix'];

/** « Combien font trois plus quatre ? (répondez en chiffres) » → "7". */
export function answerOf(question: string): string {
  const match = /Combien font (\S+) plus (\S+) \?/.exec(question);
  const a = NUMBERS.indexOf(match?.[1] ?? '');
  const b = NUMBERS.indexOf(match?.[2] ?? '');
  if (a < 0 || b < 0) throw new Error(`Unexpected captcha question: ${question}`);
  return String(a + b);
}

/** Reads the text alternative of the captcha (opening it if needed) and types its answer. */
export async function solveCaptcha(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: "Je ne peux pas lire l'image" });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const question = page.getByText(/^Combien font /);
  await expect(question).toBeVisible();
  await page.getByLabel('Code de sécurité').fill(answerOf((await question.textContent()) ?? ''));
}
