import net from 'node:net';
import tls from 'node:tls';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer, from an `smtp://` or `smtps://` URL. One-time codes must reach the
 * SMTP server within milliseconds of being enqueued, so:
 * - connections are pooled (nodemailer ignores pool options given next to a URL, hence the
 *   options object built here), and
 * - sockets are opened with TCP_NODELAY: nodemailer writes the end-of-data marker as a small
 *   separate packet that Nagle's algorithm would hold for the peer's delayed ACK (~40 ms).
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const host = url.hostname;
  const port = Number(url.port || (secure ? 465 : 587));
  const auth = url.username
    ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
    : undefined;
  const transport = nodemailer.createTransport({
    host,
    port,
    secure,
    ...(auth ? { auth } : {}),
    pool: true,
    maxConnections: 4,
    getSocket: (_options: unknown, callback: (error: Error | null, socket?: unknown) => void) => {
      let settled = false;
      const settle = (error: Error | null, result?: unknown) => {
        if (settled) return;
        settled = true;
        callback(error, result);
      };
      const socket = secure
        ? tls.connect({ host, port, servername: host }, () => settle(null, { connection: socket, secured: true }))
        : net.connect({ host, port, noDelay: true }, () => settle(null, { connection: socket }));
      socket.setNoDelay(true);
      // Only connection failures are ours; once connected, nodemailer handles the socket's errors.
      socket.once('error', (error) => settle(error));
    },
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(mail) {
      await transport.sendMail({ from, ...mail });
    },
    close() {
      transport.close();
    },
  };
}
