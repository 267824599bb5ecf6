import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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
};

type SmtpConnection = SMTPServer['connections'] extends Set<infer C> ? C : never;

/**
 * smtp-server holds every greeting 100 ms to spot clients that talk first (a spam heuristic).
 * A local catcher has no spam to fight, and a sender opening one connection per mail would pay
 * those 100 ms on each message, so the greeting goes out at once. Only valid for plain TCP:
 * with implicit TLS or PROXY headers, connect() would not have set the connection up yet.
 */
class PromptSmtpServer extends SMTPServer {
  override connect(...args: Parameters<SMTPServer['connect']>): void {
    super.connect(...args);
    let connection: SmtpConnection | undefined;
    for (const c of this.connections) connection = c; // connect() has just added it: the last one
    if (connection === undefined) return;
    const ready = connection.connectionReady.bind(connection);
    let started = false;
    // The pending 100 ms timer calls connectionReady() again; that call must not greet twice.
    connection.connectionReady = (next) => {
      if (started) return;
      started = true;
      ready(next);
    };
    connection.connectionReady();
  }
}

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
    // Line breaks the transfer encoding leaves at the end differ by MIME structure; drop them so text compares simply.
    text: (parsed.text ?? '').replace(/[\r\n]+$/, ''),
    html: typeof parsed.html === 'string' ? parsed.html : null,
    kind: kindOf(parsed),
  };
}

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const inbox = new Inbox();

  const smtp = new PromptSmtpServer({
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
        for (const listener of acceptedListeners) listener();
        const parsing = simpleParser(raw, { skipTextToHtml: true })
          .then(
            (parsed) => parsed,
            () => null,
          )
          .then((parsed) => inbox.add(seq, toMessage(raw, parsed, envelope)));
        pending.add(parsing);
        void parsing.finally(() => pending.delete(parsing));
      });
    },
  });
  // Clients dropping connections surface here; an unhandled 'error' event would crash the process.
  smtp.on('error', () => {});

  const pending = new Set<Promise<void>>();
  const acceptedListeners = new Set<() => void>();
  let smtpUrl = '';
  const http = createServer((req, res) => handleRequest(req, res, inbox, smtpUrl));

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
    onAccepted(listener) {
      acceptedListeners.add(listener);
      return () => acceptedListeners.delete(listener);
    },
    async settled() {
      while (pending.size > 0) await Promise.all(pending);
    },
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

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function page(status: number, html: string): Reply {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...PAGE_SECURITY_HEADERS }, body: html };
}

function json(status: number, value: unknown): Reply {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

function methodNotAllowed(allow: string): Reply {
  return {
    status: 405,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', Allow: allow },
    body: 'Méthode non autorisée',
  };
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function route(req: IncomingMessage, inbox: Inbox, smtpUrl: string): Reply {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  // Node drops the body of HEAD responses itself, so HEAD can share the GET code.
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');

  if (path === '/') {
    if (method !== 'GET') return methodNotAllowed('GET, HEAD');
    return page(200, renderInbox(inbox.list(), smtpUrl));
  }

  if (path === '/api/messages') {
    if (method === 'DELETE') {
      inbox.clear();
      return { status: 204, headers: {}, body: '' };
    }
    if (method !== 'GET') return methodNotAllowed('GET, HEAD, DELETE');
    const to = url.searchParams.get('to')?.trim().toLowerCase();
    const messages = inbox.list();
    return json(200, to ? messages.filter((m) => m.to.some((a) => a.toLowerCase() === to)) : messages);
  }

  const apiMatch = /^\/api\/messages\/([^/]+)$/.exec(path);
  if (apiMatch?.[1] !== undefined) {
    if (method !== 'GET') return methodNotAllowed('GET, HEAD');
    const id = decodeSegment(apiMatch[1]);
    const message = id === null ? undefined : inbox.get(id);
    return message ? json(200, message) : json(404, { error: 'Message not found' });
  }

  const pageMatch = /^\/messages\/([^/]+)$/.exec(path);
  if (pageMatch?.[1] !== undefined) {
    if (method !== 'GET') return methodNotAllowed('GET, HEAD');
    const id = decodeSegment(pageMatch[1]);
    const message = id === null ? undefined : inbox.get(id);
    return message ? page(200, renderMessage(message)) : page(404, renderNotFound());
  }

  if (path.startsWith('/api/')) return json(404, { error: 'Not found' });
  return page(404, renderNotFound());
}

function handleRequest(req: IncomingMessage, res: ServerResponse, inbox: Inbox, smtpUrl: string): void {
  let reply: Reply;
  try {
    reply = route(req, inbox, smtpUrl);
  } catch {
    reply = { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Erreur interne' };
  }
  // The inbox changes all the time: never let a browser show a stale copy.
  res.writeHead(reply.status, { 'Cache-Control': 'no-store', ...reply.headers });
  res.end(reply.body);
}
