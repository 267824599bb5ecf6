import { describe, expect, it } from 'vitest';
import { isSafeText, safeString, UNSAFE_TEXT_MESSAGE } from './text';

describe('isSafeText', () => {
  it('accepts what people type, in any script, emoji included', () => {
    for (const text of ['Hélène Le Goïc', "Jean-Pierre D'Aubigné", 'Œuvre — « cœur »', '東京', '👩‍⚕️ Dr 🏥', ''])
      expect(isSafeText(text), text).toBe(true);
  });

  it('refuses NUL, other control characters and lone surrogates', () => {
    for (const text of ['a\u0000b', 'a\u0001', '\u001F', 'a\u007Fb', 'a\tb', 'a\nb', 'a\rb'])
      expect(isSafeText(text), JSON.stringify(text)).toBe(false);
    // Unpaired halves, wherever they stand; a pair in the wrong order is two lone halves.
    for (const text of ['\uD800', 'a\uD83Db', '\uDC00', 'a\uDE00', '\uDE00\uD83D', '😀'.slice(0, 1), '😀'.slice(1)])
      expect(isSafeText(text), JSON.stringify(text)).toBe(false);
  });

  it('allows tab and line breaks in multi-line text only', () => {
    expect(isSafeText('Ligne 1\r\nLigne 2\tfin', { multiline: true })).toBe(true);
    for (const text of ['a\u0000', 'a\u000B', 'a\u000C', 'a\u001B[31m', '\uD800'])
      expect(isSafeText(text, { multiline: true }), JSON.stringify(text)).toBe(false);
  });
});

describe('safeString', () => {
  it('refuses unsafe text with the French message first, before the field’s own checks', () => {
    const schema = safeString().trim().min(3, 'Trop court.');
    const issues = schema.safeParse('\u0000').error?.issues ?? [];
    expect(issues[0]?.message).toBe(UNSAFE_TEXT_MESSAGE);
    expect(schema.parse('  Lyon ')).toBe('Lyon');
  });

  it('keeps the message given for a missing or wrong-typed value', () => {
    expect(safeString({ error: 'Le nom est obligatoire.' }).safeParse(42).error?.issues[0]?.message).toBe(
      'Le nom est obligatoire.',
    );
  });

  it('lets multi-line text keep its line breaks', () => {
    expect(safeString(undefined, { multiline: true }).parse('a\nb')).toBe('a\nb');
    expect(safeString().safeParse('a\nb').success).toBe(false);
  });
});
