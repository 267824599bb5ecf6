import { expect } from '@playwright/test';
import { INBOX_URL } from './system';

interface CaughtMessage {
  to: string[];
  subject: string;
  text: string;
}

/** What the mail catcher received for this address over real SMTP, newest last. */
export async function messagesTo(address: string): Promise<CaughtMessage[]> {
  const response = await fetch(`${INBOX_URL}/api/messages?to=${encodeURIComponent(address)}`);
  if (!response.ok) throw new Error(`Mail catcher answered ${response.status}`);
  return (await response.json()) as CaughtMessage[];
}

/** Waits for a message newer than the `seen` first ones and returns the 6-digit code it carries. */
export async function nextCode(address: string, seen: number): Promise<string> {
  let code = '';
  await expect
    .poll(
      async () => {
        const fresh = (await messagesTo(address)).slice(seen);
        code = fresh.at(-1)?.text.match(/\b(\d{6})\b/)?.[1] ?? '';
        return code;
      },
      { message: `a sign-in code mailed to ${address}`, timeout: 15_000 },
    )
    .toMatch(/^\d{6}$/);
  return code;
}
