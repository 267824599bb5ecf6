/** Where the code went and when it may be re-sent: what the code page needs to show. */
export interface PendingChallenge {
  channel: 'EMAIL' | 'SMS';
  maskedDestination: string;
  expiresAt: string;
  resendAvailableAt: string;
}

// Kept for the tab only, so a reload of the code page still knows where the code went.
// It holds nothing secret: the challenge itself is an HttpOnly cookie.
const KEY = 'trajectoire.pending-challenge';

export function savePendingChallenge(challenge: PendingChallenge): void {
  const { channel, maskedDestination, expiresAt, resendAvailableAt } = challenge;
  sessionStorage.setItem(KEY, JSON.stringify({ channel, maskedDestination, expiresAt, resendAvailableAt }));
}

export function readPendingChallenge(): PendingChallenge | null {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const v = value as Record<string, unknown>;
    if (
      (v.channel === 'EMAIL' || v.channel === 'SMS') &&
      typeof v.maskedDestination === 'string' &&
      typeof v.expiresAt === 'string' &&
      typeof v.resendAvailableAt === 'string'
    ) {
      return {
        channel: v.channel,
        maskedDestination: v.maskedDestination,
        expiresAt: v.expiresAt,
        resendAvailableAt: v.resendAvailableAt,
      };
    }
    return null;
  } catch {
    return null;
  }
}

export function clearPendingChallenge(): void {
  sessionStorage.removeItem(KEY);
}
