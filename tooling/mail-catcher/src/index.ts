import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Server as NetServer } from 'node:net';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { Inbox } from './inbox';
import { renderInbox, renderMessage, renderNotFound } from './pages';
import type { CaughtMessage, MailCatcher, MailCatcherOptions } from './types';

export type { CaughtMessage, MailCatcher, MailCatcherOptions } from './types';

/** Generous for a dev inbox, but bounds what one client can make us buffer. */
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** How long stop() lets an SMTP transaction in progress finish before cutting the connection. */
const SMTP_CLOSE_GRACE_MS = 250;

// The page runs no script; mail HTML lives in a sandboxed srcdoc iframe that inherits this policy.
const PAGE_SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function listen(server: NetServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error(`Unexpected listening address: ${String(address)}`));
        return;
      }
      resolve(address.port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** A wildcard bind is reachable through loopback, which is what a URL for clients needs. */
function urlHost(host: string): string {
  if (host === '' || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  if (field === undefined) return [];
  const objects = Array.isArray(field) ? field : [field];
  return objects.flatMap((o) => o.value.flatMap((a) => (a.address ? [a.address] : [])));
}

function kindOf(parsed: ParsedMail): CaughtMessage['kind'] {
  const header = parsed.headers.get('x-trajectoire-kind');
  return typeof header === 'string' && header.trim().toUpperCase() === 'SMS' ? 'SMS' : 'EMAIL';
}

/** What is known when DATA ends: captured then, as the session is reused by the next transaction. */
interface Envelope {
  receivedAt: string;
  from: string;
  to: string[];
}

function envelopeOf(session: SMTPServerSession): Envelope {
  return {
    receivedAt: new Date().toISOString(),
    from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
    to: session.envelope.rcptTo.map((r) => r.address),
  };
}

function toMessage(raw: Buffer, parsed: ParsedMail | null, envelope: Envelope): CaughtMessage {
  const base = { id: randomUUID(), receivedAt: envelope.receivedAt };
  if (parsed === null) {
    // Unparseable input still shows up, raw, so a broken sender is visible rather than silent.
    const text = raw.toString('utf8');
    return { ...base, from: envelope.from, to: envelope.to, subject: '', text, html: null, kind: 'EMAIL' };
  }
  // The envelope says who the message was delivered to (Bcc included); headers are the fallback.
  const to = envelope.to.length > 0 ? envelope.to : addressesOf(parsed.to);
  return {
    ...base,
    from: parsed.from?.text || envelope.from,
    to: [...new Set(to)],
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    kind: kindOf(parsed),
  };
}

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const inbox = new Inbox();

  const smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    // A reverse DNS lookup per connection would add latency for nothing on a local catcher.
    disableReverseLookup: true,
    logger: false,
    size: MAX_MESSAGE_BYTES,
    closeTimeout: SMTP_CLOSE_GRACE_MS,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message exceeds the maximum size'), { responseCode: 552 }));
          return;
        }
        // Reserve the slot and accept right away: senders measure time to acceptance, parsing can follow.
        const seq = inbox.reserve();
        const envelope = envelopeOf(session);
        const raw = Buffer.concat(chunks);
        callback(null, 'Message caught');
        simpleParser(raw, { skipTextToHtml: true })
          .then(
            (parsed) => parsed,
            () => null,
          )
          .then((parsed) => inbox.add(seq, toMessage(raw, parsed, envelope)));
      });
    },
  });
  // Clients dropping connections surface here; an unhandled 'error' event would crash the process.
  smtp.on('error', () => {});

  let smtpUrl = '';
  const http = createServer((req, res) => {
    try {
      handleRequest(req, res, inbox, smtpUrl);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Erreur interne');
    }
  });

  const smtpPort = await listen(smtp.server, options.smtpPort ?? 0, host);
  let httpPort: number;
  try {
    httpPort = await listen(http, options.httpPort ?? 0, host);
  } catch (err) {
    await new Promise<void>((resolve) => smtp.close(resolve));
    throw err;
  }
  smtpUrl = `smtp://${urlHost(host)}:${smtpPort}`;

  let stopping: Promise<void> | null = null;
  return {
    smtpPort,
    httpPort,
    smtpUrl,
    inboxUrl: `http://${urlHost(host)}:${httpPort}/`,
    messages: () => inbox.list(),
    waitFor: (predicate, timeoutMs) => inbox.waitFor(predicate, timeoutMs),
    clear: () => inbox.clear(),
    stop() {
      stopping ??= (async () => {
        inbox.close();
        await Promise.all([
          new Promise<void>((resolve) => smtp.close(resolve)),
          new Promise<void>((resolve) => {
            http.close(() => resolve());
            // Browsers keep idle keep-alive connections open, which would hold close() for minutes.
            http.closeAllConnections();
          }),
        ]);
      })();
      return stopping;
    },
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string, headers = {}): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

function sendPage(res: ServerResponse, status: number, html: string): void {
  send(res, status, 'text/html; charset=utf-8', html, PAGE_SECURITY_HEADERS);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  send(res, 405, 'text/plain; charset=utf-8', 'Méthode non autorisée', { Allow: allow });
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function handleRequest(req: IncomingMessage, res: ServerResponse, inbox: Inbox, smtpUrl: string): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  // Node drops the body of HEAD responses itself, so HEAD can share the GET code.
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');

  if (path === '/') {
    if (method !== 'GET') return methodNotAllowed(res, 'GET, HEAD');
    return sendPage(res, 200, renderInbox(inbox.list(), smtpUrl));
  }

  if (path === '/api/messages') {
    if (method === 'DELETE') {
      inbox.clear();
      res.writeHead(204, { 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    if (method !== 'GET') return methodNotAllowed(res, 'GET, HEAD, DELETE');
    const to = url.searchParams.get('to')?.trim().toLowerCase();
    const messages = inbox.list();
    return sendJson(res, 200, to ? messages.filter((m) => m.to.some((a) => a.toLowerCase() === to)) : messages);
  }

  const apiMatch = /^\/api\/messages\/([^/]+)$/.exec(path);
  if (apiMatch?.[1] !== undefined) {
    if (method !== 'GET') return methodNotAllowed(res, 'GET, HEAD');
    const id = decodeSegment(apiMatch[1]);
    const message = id === null ? undefined : inbox.get(id);
    return message ? sendJson(res, 200, message) : sendJson(res, 404, { error: 'Message not found' });
  }

  const pageMatch = /^\/messages\/([^/]+)$/.exec(path);
  if (pageMatch?.[1] !== undefined) {
    if (method !== 'GET') return methodNotAllowed(res, 'GET, HEAD');
    const id = decodeSegment(pageMatch[1]);
    const message = id === null ? undefined : inbox.get(id);
    return message ? sendPage(res, 200, renderMessage(message)) : sendPage(res, 404, renderNotFound());
  }

  if (path.startsWith('/api/')) return sendJson(res, 404, { error: 'Not found' });
  return sendPage(res, 404, renderNotFound());
}
