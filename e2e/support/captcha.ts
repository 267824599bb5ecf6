import { expect, type Page } from '@playwright/test';

const ORDINALS = ['premier', 'deuxième', 'troisième', 'quatrième', 'cinquième', 'sixième'];

/** The word a designation of the question points at, or undefined. */
function pointedAt(words: string[], designation: string): string | undefined {
  const rank = /^le (\S+) mot$/.exec(designation)?.[1];
  if (rank === 'dernier') return words.at(-1);
  if (rank !== undefined) return words[ORDINALS.indexOf(rank)];
  if (designation === 'l’avant-dernier mot') return words.at(-2);
  const after = /^le mot qui suit «\s(\S+)\s»$/.exec(designation)?.[1];
  if (after !== undefined) return words[words.indexOf(after) + 1];
  const before = /^le mot qui précède «\s(\S+)\s»$/.exec(designation)?.[1];
  if (before !== undefined) return words[words.indexOf(before) - 1];
  return undefined;
}

/** « Dans la suite « a b c d e f », recopiez le deuxième mot puis le mot qui suit « d ». » → "b e". */
export function answerOf(question: string): string {
  const match = /^Dans la suite «\s(.+?)\s», recopiez (.+) puis (.+)\.$/.exec(question);
  const words = match?.[1]?.split(' ') ?? [];
  const first = match?.[2] && pointedAt(words, match[2]);
  const second = match?.[3] && pointedAt(words, match[3]);
  if (!first || !second) throw new Error(`Unexpected captcha question: ${question}`);
  return `${first} ${second}`;
}

/** Reads the text alternative of the captcha (opening it if needed) and types its answer. */
export async function solveCaptcha(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Je ne peux pas lire l’image' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const question = page.getByText(/^Dans la suite «\s/);
  await expect(question).toBeVisible();
  await page.getByLabel('Code de sécurité').fill(answerOf((await question.textContent()) ?? ''));
}
