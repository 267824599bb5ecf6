import { randomInt } from 'node:crypto';
import type { DB } from '@trajectoire/db';
import type { Kysely } from 'kysely';
import svgCaptcha from 'svg-captcha';
import type { CoreDeps } from '../deps';
import { hashToken } from '../shared/crypto';

const LIFETIME_MS = 10 * 60_000;
// No look-alikes (0/O, 1/l/I) so that a correct reading is never refused.
const CHARACTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const NUMBERS = ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix'];

export interface Captcha {
  id: string;
  /** An SVG image of the code, drawn as paths (no text for a script to read). */
  imageDataUrl: string;
  /** The accessible alternative: a question in words, answered with a number. */
  question: string;
}

function normalizeAnswer(answer: string): string {
  return answer.trim().toUpperCase().replace(/\s+/g, '');
}

/** A fresh captcha: either the code in the image or the answer to the question is accepted. */
export async function createCaptcha(deps: CoreDeps): Promise<Captcha> {
  const now = deps.clock.now();
  const image = svgCaptcha.create({ size: 5, charPreset: CHARACTERS, noise: 3, color: false, width: 180, height: 60 });
  const a = randomInt(1, 10);
  const b = randomInt(1, 10);
  const { id } = await deps.db
    .insertInto('captchas')
    .values({
      answer_hash: hashToken(normalizeAnswer(image.text)),
      question_answer_hash: hashToken(String(a + b)),
      created_at: now,
      expires_at: new Date(now.getTime() + LIFETIME_MS),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id,
    imageDataUrl: `data:image/svg+xml;base64,${Buffer.from(image.data).toString('base64')}`,
    question: `Combien font ${NUMBERS[a]} plus ${NUMBERS[b]} ? (répondez en chiffres)`,
  };
}

/** Consumes the captcha whatever the answer: each one allows a single try. */
export async function solveCaptcha(db: Kysely<DB>, id: string, answer: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('captchas')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['answer_hash', 'question_answer_hash'])
    .executeTakeFirst();
  if (!row) return false;
  const given = hashToken(normalizeAnswer(answer));
  return given.equals(row.answer_hash) || given.equals(row.question_answer_hash);
}
