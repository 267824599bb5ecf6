import type { DB } from '@trajectoire/db';
import type { Kysely } from 'kysely';
import svgCaptcha from 'svg-captcha';
import type { CoreDeps, RequestMeta } from '../deps';
import { hashToken } from '../shared/crypto';
import { enforceRateLimit } from '../shared/rate-limit';
import { captchaQuestion, normalizeCaptchaAnswer } from './captcha-question';
import * as q from './queries';

const LIFETIME_MS = 10 * 60_000;
// No look-alikes (0/O, 1/l/I) so that a correct reading is never refused.
const CHARACTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export interface Captcha {
  id: string;
  /** An SVG image of the code, drawn as paths (no text for a script to read). */
  imageDataUrl: string;
  /** The accessible alternative: words to copy out of a short sequence. */
  question: string;
}

/**
 * A fresh captcha: either the code in the image or the answer to the question is accepted.
 * Counted per address: each one is a row until the daily purge, and drawing it costs CPU.
 */
export async function createCaptcha(deps: CoreDeps, meta: RequestMeta): Promise<Captcha> {
  const now = deps.clock.now();
  await enforceRateLimit(deps.db, `captcha:ip:${meta.ip}`, deps.config.rateLimits.captchaPerIp, now);
  const image = svgCaptcha.create({ size: 5, charPreset: CHARACTERS, noise: 3, color: false, width: 180, height: 60 });
  const { question, answer } = captchaQuestion();
  const id = await q.insertCaptcha(deps.db, {
    answerHash: hashToken(normalizeCaptchaAnswer(image.text)),
    questionAnswerHash: hashToken(normalizeCaptchaAnswer(answer)),
    now,
    expiresAt: new Date(now.getTime() + LIFETIME_MS),
  });
  return {
    id,
    imageDataUrl: `data:image/svg+xml;base64,${Buffer.from(image.data).toString('base64')}`,
    question,
  };
}

/** Consumes the captcha whatever the answer: each one allows a single try. */
export async function solveCaptcha(db: Kysely<DB>, id: string, answer: string, now: Date): Promise<boolean> {
  const row = await q.consumeCaptcha(db, id, now);
  if (!row) return false;
  const given = hashToken(normalizeCaptchaAnswer(answer));
  return given.equals(row.answer_hash) || given.equals(row.question_answer_hash);
}
