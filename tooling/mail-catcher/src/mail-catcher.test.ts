import { connect } from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Inbox } from './inbox';
import { type CaughtMessage, type MailCatcher, startMailCatcher } from './index';

let catcher: MailCatcher;
let transport: nodemailer.Transporter;

beforeAll(async () => {
  catcher = await startMailCatcher();
  transport = nodemailer.createTransport(catcher.smtpUrl);
});

afterAll(async () => {
  transport.close();
  await catcher.stop();
});

beforeEach(() => {
  catcher.clear();
});

async function send(mail: nodemailer.SendMailOptions): Promise<void> {
  await transport.sendMail({ from: 'Trajectoire <ne-pas-repondre@trajectoire.test>', ...mail });
}

async function getJson(path: string): Promise<CaughtMessage[]> {
  const res = await fetch(new URL(path, catcher.inboxUrl));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/json');
  return (await res.json()) as CaughtMessage[];
}

async function getPage(path: string): Promise<{ status: number; html: string }> {
  const res = await fetch(new URL(path, catcher.inboxUrl));
  return { status: res.status, html: await res.text() };
}

describe('startMailCatcher', () => {
  it('reports the ports it bound and URLs built from them', () => {
    expect(catcher.smtpPort).toBeGreaterThan(0);
    expect(catcher.httpPort).toBeGreaterThan(0);
    expect(catcher.smtpUrl).toBe(`smtp://127.0.0.1:${catcher.smtpPort}`);
    expect(catcher.inboxUrl).toBe(`http://127.0.0.1:${catcher.httpPort}/`);
  });

  it('tells listeners when it accepts a message, before parsing, until they unsubscribe', async () => {
    let accepted = 0;
    const unsubscribe = catcher.onAccepted(() => {
      accepted += 1;
    });
    await send({ to: 'a@example.test', subject: 'Un', text: 'un' });
    expect(accepted).toBe(1);
    unsubscribe();
    await send({ to: 'a@example.test', subject: 'Deux', text: 'deux' });
    expect(accepted).toBe(1);
    await catcher.settled();
    expect(catcher.messages().map((m) => m.subject)).toEqual(['Un', 'Deux']);
  });

  it('greets a new SMTP connection at once', async () => {
    // smtp-server alone waits 100 ms before its greeting; senders connecting per mail would pay it each time.
    const started = performance.now();
    const greeting = await new Promise<string>((resolve, reject) => {
      const socket = connect(catcher.smtpPort, '127.0.0.1');
      socket.once('data', (data) => {
        socket.end('QUIT\r\n');
        resolve(data.toString());
      });
      socket.once('error', reject);
    });
    expect(greeting).toMatch(/^220 /);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('catches a mail sent with nodemailer', async () => {
    await send({
      to: 'Alice <Alice@Example.test>',
      subject: 'Votre code de connexion',
      text: 'Votre code : 123456',
      html: '<p>Votre code : <b>123456</b></p>',
    });
    const message = await catcher.waitFor((m) => m.subject === 'Votre code de connexion', 2000);

    expect(message).toMatchObject({
      from: '"Trajectoire" <ne-pas-repondre@trajectoire.test>',
      // Taken from the envelope, where the domain arrives lower-cased.
      to: ['Alice@example.test'],
      subject: 'Votre code de connexion',
      text: 'Votre code : 123456',
      html: '<p>Votre code : <b>123456</b></p>',
      kind: 'EMAIL',
    });
    expect(message.id).not.toBe('');
    expect(Number.isNaN(Date.parse(message.receivedAt))).toBe(false);
    expect(catcher.messages()).toEqual([message]);
  });

  it('accepts any credentials', async () => {
    const authed = nodemailer.createTransport({
      host: '127.0.0.1',
      port: catcher.smtpPort,
      secure: false,
      auth: { user: 'anyone', pass: 'anything' },
    });
    try {
      await authed.sendMail({ from: 'a@trajectoire.test', to: 'b@example.test', subject: 'Avec auth', text: 'x' });
    } finally {
      authed.close();
    }
    await expect(catcher.waitFor((m) => m.subject === 'Avec auth', 2000)).resolves.toMatchObject({
      to: ['b@example.test'],
    });
  });

  it('has no html for a text-only mail', async () => {
    await send({ to: 'c@example.test', subject: 'Texte seul', text: 'Bonjour' });
    const message = await catcher.waitFor((m) => m.subject === 'Texte seul', 2000);
    expect(message.html).toBeNull();
    expect(message.text).toBe('Bonjour');
  });

  it('detects SMS from the X-Trajectoire-Kind header', async () => {
    await send({
      to: '+33612345678@sms.test',
      subject: '',
      text: 'Code : 654321',
      headers: { 'X-Trajectoire-Kind': 'SMS' },
    });
    await send({
      to: 'd@example.test',
      subject: 'Mail ordinaire',
      text: 'x',
      headers: { 'X-Trajectoire-Kind': 'EMAIL' },
    });
    const sms = await catcher.waitFor((m) => m.text === 'Code : 654321', 2000);
    const mail = await catcher.waitFor((m) => m.subject === 'Mail ordinaire', 2000);
    expect(sms.kind).toBe('SMS');
    expect(mail.kind).toBe('EMAIL');

    const page = await getPage('/');
    expect(page.html).toContain('>SMS</span>');
    expect(page.html).toContain('>E-mail</span>');
  });

  it('keeps messages newest last, and clear() empties the inbox', async () => {
    for (const subject of ['un', 'deux', 'trois']) await send({ to: 'e@example.test', subject, text: subject });
    await catcher.waitFor((m) => m.subject === 'trois', 2000);
    expect(catcher.messages().map((m) => m.subject)).toEqual(['un', 'deux', 'trois']);
    catcher.clear();
    expect(catcher.messages()).toEqual([]);
  });
});

describe('waitFor', () => {
  it('resolves with a message already received', async () => {
    await send({ to: 'f@example.test', subject: 'Déjà là', text: 'x' });
    await catcher.waitFor((m) => m.subject === 'Déjà là', 2000);
    await expect(catcher.waitFor((m) => m.to.includes('f@example.test'), 50)).resolves.toMatchObject({
      subject: 'Déjà là',
    });
  });

  it('resolves for a message arriving later', async () => {
    const waiting = catcher.waitFor((m) => m.subject === 'Plus tard', 5000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await send({ to: 'g@example.test', subject: 'Plus tard', text: 'x' });
    await expect(waiting).resolves.toMatchObject({ subject: 'Plus tard', to: ['g@example.test'] });
  });

  it('rejects after the timeout when nothing matches', async () => {
    await send({ to: 'h@example.test', subject: 'Autre', text: 'x' });
    const started = Date.now();
    await expect(catcher.waitFor((m) => m.subject === 'Jamais', 100)).rejects.toThrow(/100 ms/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });
});

describe('JSON API', () => {
  it('lists messages, filters by recipient case-insensitively, and clears on DELETE', async () => {
    await send({ to: 'Alice@Example.test', subject: 'Pour Alice', text: 'a' });
    await send({ to: ['bob@example.test', 'carol@example.test'], subject: 'Pour Bob et Carol', text: 'b' });
    await catcher.waitFor((m) => m.subject === 'Pour Bob et Carol', 2000);

    const all = await getJson('/api/messages');
    expect(all.map((m) => m.subject)).toEqual(['Pour Alice', 'Pour Bob et Carol']);
    expect(all).toEqual(catcher.messages());

    const forAlice = await getJson('/api/messages?to=alice@example.TEST');
    expect(forAlice.map((m) => m.subject)).toEqual(['Pour Alice']);
    const forCarol = await getJson(`/api/messages?to=${encodeURIComponent('carol@example.test')}`);
    expect(forCarol.map((m) => m.subject)).toEqual(['Pour Bob et Carol']);
    expect(await getJson('/api/messages?to=nobody@example.test')).toEqual([]);

    const deleted = await fetch(new URL('/api/messages', catcher.inboxUrl), { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(catcher.messages()).toEqual([]);
    expect(await getJson('/api/messages')).toEqual([]);
  });

  it('rejects other methods', async () => {
    const res = await fetch(new URL('/api/messages', catcher.inboxUrl), { method: 'POST' });
    expect(res.status).toBe(405);
  });
});

describe('inbox pages', () => {
  it('lists messages newest first in a French page', async () => {
    await send({ to: 'i@example.test', subject: 'Premier', text: 'x' });
    await send({ to: 'i@example.test', subject: 'Second', text: 'x' });
    await catcher.waitFor((m) => m.subject === 'Second', 2000);

    const { status, html } = await getPage('/');
    expect(status).toBe(200);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<title>Boîte de réception locale</title>');
    expect(html).toContain('<h1>Boîte de réception locale</h1>');
    expect(html.indexOf('Second')).toBeLessThan(html.indexOf('Premier'));
  });

  it('escapes message content on the list and the message page', async () => {
    const subject = '<script>alert("x")</script>';
    await send({
      to: 'j@example.test',
      subject,
      text: 'Texte <img src=x onerror=alert(1)> https://app.test/connexion?code=1&x=2.',
      html: '<p>Bonjour</p><script>alert(2)</script>',
    });
    const message = await catcher.waitFor((m) => m.subject === subject, 2000);

    const list = await getPage('/');
    expect(list.html).not.toContain('<script>');
    expect(list.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(list.html).toContain(`href="/messages/${message.id}"`);

    const detail = await getPage(`/messages/${message.id}`);
    expect(detail.status).toBe(200);
    expect(detail.html).toContain('<html lang="fr">');
    expect(detail.html).not.toContain('<script>');
    expect(detail.html).not.toContain('<img');
    expect(detail.html).toContain('<pre>Texte &lt;img src=x onerror=alert(1)&gt; ');
    // The link is clickable, the sentence's final dot left out of it.
    expect(detail.html).toContain(
      '<a href="https://app.test/connexion?code=1&amp;x=2" rel="noreferrer">https://app.test/connexion?code=1&amp;x=2</a>.',
    );
    expect(detail.html).toMatch(/<iframe [^>]*sandbox="[^"]*"[^>]*srcdoc="[^"<>]*&lt;script&gt;/);
    expect(detail.html).not.toMatch(/sandbox="[^"]*allow-scripts/);
  });

  it('answers 404 for an unknown message', async () => {
    const { status, html } = await getPage('/messages/inconnu');
    expect(status).toBe(404);
    expect(html).toContain('<html lang="fr">');
  });
});

describe('Inbox', () => {
  const message = (subject: string): CaughtMessage => ({
    id: subject,
    receivedAt: new Date().toISOString(),
    from: 'a@example.test',
    to: ['b@example.test'],
    subject,
    text: '',
    html: null,
    kind: 'EMAIL',
  });

  it('drops the oldest messages beyond its capacity', () => {
    const inbox = new Inbox(3);
    for (const subject of ['1', '2', '3', '4', '5']) inbox.add(inbox.reserve(), message(subject));
    expect(inbox.list().map((m) => m.subject)).toEqual(['3', '4', '5']);
  });

  it('keeps arrival order when parsing finishes out of order', () => {
    const inbox = new Inbox();
    const first = inbox.reserve();
    const second = inbox.reserve();
    inbox.add(second, message('second'));
    inbox.add(first, message('first'));
    expect(inbox.list().map((m) => m.subject)).toEqual(['first', 'second']);
  });

  it('discards messages accepted before clear() but parsed after it', () => {
    const inbox = new Inbox();
    const pending = inbox.reserve();
    inbox.clear();
    inbox.add(pending, message('stale'));
    inbox.add(inbox.reserve(), message('fresh'));
    expect(inbox.list().map((m) => m.subject)).toEqual(['fresh']);
  });

  it('rejects pending waiters when closed', async () => {
    const inbox = new Inbox();
    const waiting = inbox.waitFor(() => true, 10_000);
    inbox.close();
    await expect(waiting).rejects.toThrow(/stopped/);
  });
});
