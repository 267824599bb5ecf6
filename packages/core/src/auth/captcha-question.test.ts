import { describe, expect, it } from 'vitest';
import { CAPTCHA_WORDS, captchaQuestion, normalizeCaptchaAnswer } from './captcha-question';

/** A random source that plays back the given draws, then zeros. */
function draws(...values: number[]) {
  return (max: number) => {
    const value = values.shift() ?? 0;
    if (value >= max) throw new Error(`draw ${value} out of range ${max}`);
    return value;
  };
}

describe('the captcha question', () => {
  it('draws from a list of distinct words that two of fit the answer field', () => {
    const normalized = CAPTCHA_WORDS.map(normalizeCaptchaAnswer);
    expect(new Set(normalized).size).toBe(CAPTCHA_WORDS.length);
    expect(CAPTCHA_WORDS.length).toBeGreaterThanOrEqual(100);
    for (const word of CAPTCHA_WORDS) expect(word).toMatch(/^\p{Ll}{3,9}$/u);
  });

  it('asks for two words of the sequence, pointed at by rank, from the end, or by a neighbour', () => {
    // Words drawn: indexes 0 of what is left each time → the first six of the list.
    const [a, b, c, d, e, f] = CAPTCHA_WORDS;
    const sequence = `${a} ${b} ${c} ${d} ${e} ${f}`;
    // First word: index 2, its first form (rank); second: (2 + 1 + 2) % 6 = 5, its forms are
    // rank, « dernier », « qui suit »: the third.
    expect(captchaQuestion(draws(0, 0, 0, 0, 0, 0, 2, 2, 0, 2))).toEqual({
      question: `Dans la suite «\u00a0${sequence}\u00a0», recopiez le troisième mot puis le mot qui suit «\u00a0${e}\u00a0».`,
      answer: `${c} ${f}`,
    });
    // First word: index 4, its second form; second: (4 + 1 + 1) % 6 = 0, its second form.
    expect(captchaQuestion(draws(0, 0, 0, 0, 0, 0, 4, 1, 1, 1))).toEqual({
      question: `Dans la suite «\u00a0${sequence}\u00a0», recopiez l’avant-dernier mot puis le mot qui précède «\u00a0${b}\u00a0».`,
      answer: `${e} ${a}`,
    });
  });

  it('never asks a number, never the same word twice, and words each time from the sequence', () => {
    for (let i = 0; i < 500; i++) {
      const { question, answer } = captchaQuestion();
      expect(question).not.toMatch(/\d/);
      const sequence = /«\s([^»]+)\s»,/.exec(question)?.[1]?.split(' ') ?? [];
      expect(new Set(sequence).size).toBe(6);
      const [first, second] = answer.split(' ');
      expect(first).not.toBe(second);
      expect(sequence).toContain(first);
      expect(sequence).toContain(second);
      expect(answer.length).toBeLessThanOrEqual(20);
    }
  });

  it('compares answers without case, accents, spaces or punctuation', () => {
    expect(normalizeCaptchaAnswer(' Château  forêt ')).toBe('CHATEAUFORET');
    expect(normalizeCaptchaAnswer('chateau, FORET.')).toBe('CHATEAUFORET');
    expect(normalizeCaptchaAnswer('ab3 k9')).toBe('AB3K9');
  });
});
