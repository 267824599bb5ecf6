import { expect } from '@playwright/test';
import { INBOX_URL } from './system';

export interface CaughtMessage {
  to: string[];
  subject: string;
  text: string;
  kind: 'EMAIL' | 'SMS';
}

/** What the mail catcher received for this address over real SMTP, newest last. */
export async function messagesTo(address: string): Promise<CaughtMessage[]> {
  const response = await fetch(`${INBOX_URL}/api/messages?to=${encodeURIComponent(address)}`);
  if (!response.ok) throw new Error(`Mail catcher answered ${response.status}`);
  return (await response.json()) as CaughtMessage[];
}

/** Locally, an SMS to +33612345678 lands in the inbox of 33612345678@sms.trajectoire.local. */
export function smsInbox(e164: string): string {
  return `${e164.replace(/\D/g, '')}@sms.trajectoire.local`;
}

/** A French mobile number nobody else in the run uses, so that its SMS inbox is this test's alone. */
export function uniqueMobile(): { typed: string; e164: string } {
  const digits = Array.from({ length: 8 }, () => Math.floor(Math.random() * 10)).join('');
  return { typed: `07 ${digits.replace(/(\d{2})(?=\d)/g, '$1 ')}`, e164: `+337${digits}` };
}

/** Waits for a message newer than the `seen` first ones that matches, and returns it. */
export async function nextMessage(
  address: string,
  seen: number,
  matches: (message: CaughtMessage) => boolean = () => true,
): Promise<CaughtMessage> {
  let found: CaughtMessage | undefined;
  await expect
    .poll(
      async () => {
        found = (await messagesTo(address)).slice(seen).find(matches);
        return found !== undefined;
      },
      { message: `a message to ${address}`, timeout: 15_000 },
    )
    .toBe(true);
  return found as CaughtMessage;
}

/** Waits for a message newer than the `seen` first ones and returns the 6-digit code it carries. */
export async function nextCode(address: string, seen: number): Promise<string> {
  let code = '';
  await expect
    .poll(
      async () => {
        // The newest message that carries a code: a notice mailed after it (the worker sends codes
        // first) must not hide it.
        const fresh = (await messagesTo(address)).slice(seen);
        code =
          fresh
            .map((m) => m.text.match(/\b(\d{6})\b/)?.[1])
            .filter((c): c is string => c !== undefined)
            .at(-1) ?? '';
        return code;
      },
      { message: `a sign-in code sent to ${address}`, timeout: 15_000 },
    )
    .toMatch(/^\d{6}$/);
  return code;
}

/** The portal link a message carries, e.g. `/mot-de-passe/nouveau?jeton=…`, as a path for page.goto. */
export function linkIn(message: CaughtMessage, path: string): string {
  const url = message.text.match(/https?:\/\/\S+/g)?.find((u) => new URL(u).pathname === path);
  if (!url) throw new Error(`No link to ${path} in: ${message.text}`);
  const { pathname, search } = new URL(url);
  return `${pathname}${search}`;
}
