export interface CaughtMessage {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  kind: 'EMAIL' | 'SMS';
}

export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  /** smtp://127.0.0.1:PORT */
  smtpUrl: string;
  /** http://127.0.0.1:PORT/ */
  inboxUrl: string;
  /** Newest last. */
  messages(): CaughtMessage[];
  /** Calls `listener` each time the SMTP server accepts a message (before parsing); returns an unsubscribe function. */
  onAccepted(listener: () => void): () => void;
  /** Resolves once every accepted message is parsed and listed (acceptance comes first, for speed). */
  settled(): Promise<void>;
  /** Resolves with the first message (already received or arriving later) matching the predicate; rejects after timeoutMs (default 10000). */
  waitFor(predicate: (m: CaughtMessage) => boolean, timeoutMs?: number): Promise<CaughtMessage>;
  clear(): void;
  stop(): Promise<void>;
}

export interface MailCatcherOptions {
  smtpPort?: number;
  httpPort?: number;
  /** Default 127.0.0.1. */
  host?: string;
}
