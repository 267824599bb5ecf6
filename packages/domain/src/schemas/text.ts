import { z } from 'zod';

export const UNSAFE_TEXT_MESSAGE = 'Ce texte contient des caractères non autorisés.';

// A lone surrogate is not a character: UTF-8 cannot encode it (Postgres would receive U+FFFD or
// refuse the text), and NUL is refused by Postgres outright. Other control characters have no
// place in what people type; tab and line breaks only in multi-line text.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /[\u0000-\u001F\u007F]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export interface TextOptions {
  /** Allows tab, line feed and carriage return (a comment, an address on several lines). */
  multiline?: boolean;
}

/** Whether a text holds nothing Postgres, a mail or a spreadsheet would choke on. */
export function isSafeText(value: string, options: TextOptions = {}): boolean {
  return !(options.multiline ? CONTROL_BUT_LINES : CONTROL).test(value) && !LONE_SURROGATE.test(value);
}

/**
 * `z.string()` for every input: refuses NUL, other control characters and lone surrogates with
 * a French message, checked before the field's own checks so that its message comes first. (Not
 * an aborting check: a union would then no longer tell which of its branches was meant.)
 */
export function safeString(params?: Parameters<typeof z.string>[0], options: TextOptions = {}) {
  return z.string(params).refine((value) => isSafeText(value, options), UNSAFE_TEXT_MESSAGE);
}
