import type { CaughtMessage } from './types';

const INBOX_TITLE = 'Boîte de réception locale';

// Shown in the server's time zone: the page is read on the machine that runs it.
const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium' });

/** Every message field comes from whoever sent the mail, so all of it goes through here. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/g;

/** Escapes the text and makes http(s) links clickable, so a sign-in link can be followed from the page. */
function linkify(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    // Trailing punctuation usually ends the sentence, not the URL.
    const url = match[0].replace(/[.,;:!?)\]]+$/, '');
    const start = match.index;
    html += escapeHtml(text.slice(last, start));
    html += `<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return html + escapeHtml(text.slice(last));
}

function kindLabel(kind: CaughtMessage['kind']): string {
  return kind === 'SMS' ? 'SMS' : 'E-mail';
}

/** SMS usually have no subject: their text is what identifies them in the list. */
function headline(message: CaughtMessage): string {
  if (message.subject.trim() !== '') return message.subject;
  const text = message.text.replace(/\s+/g, ' ').trim();
  if (text === '') return '(sans objet)';
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function formatDate(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(dateFormat.format(new Date(iso)))}</time>`;
}

function recipients(message: CaughtMessage): string {
  return escapeHtml(message.to.join(', '));
}

const STYLE = `
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 1rem;
    line-height: 1.5; color: #1b1b1b; background: #ffffff; }
  .wrap { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
  header { border-bottom: 2px solid #1b1b1b; margin-bottom: 1.5rem; }
  h1 { font-size: 1.75rem; margin: 0.5rem 0; overflow-wrap: anywhere; }
  h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; }
  a { color: #0a4a8f; text-decoration: underline; text-underline-offset: 0.15em; }
  a:visited { color: #5b2a86; }
  a:focus-visible { outline: 3px solid #0a4a8f; outline-offset: 2px; text-decoration: none; }
  .skip { position: absolute; left: -999rem; }
  .skip:focus { position: static; }
  table { width: 100%; border-collapse: collapse; }
  caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
  th, td { text-align: left; vertical-align: top; padding: 0.5rem 0.75rem; border-bottom: 1px solid #6b6b6b; }
  th { background: #f0f0f0; }
  td { overflow-wrap: anywhere; }
  .kind { display: inline-block; padding: 0 0.5rem; border-radius: 0.25rem; font-weight: 600; }
  .kind-EMAIL { background: #e1ebf7; color: #0a3566; }
  .kind-SMS { background: #fbe6c6; color: #5c3200; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
  dt { font-weight: 600; }
  dd { margin: 0; overflow-wrap: anywhere; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; border: 1px solid #6b6b6b;
    padding: 1rem; font-size: 0.95rem; }
  iframe { width: 100%; height: 32rem; border: 1px solid #6b6b6b; resize: vertical; background: #ffffff; }
  .muted { color: #4a4a4a; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<div class="wrap">
${body}
</div>
</body>
</html>
`;
}

export function renderInbox(messages: CaughtMessage[], smtpUrl: string): string {
  const newestFirst = [...messages].reverse();
  const count = messages.length === 1 ? '1 message' : `${messages.length} messages`;
  const rows = newestFirst
    .map(
      (m) => `<tr>
<td>${formatDate(m.receivedAt)}</td>
<td><span class="kind kind-${m.kind}">${kindLabel(m.kind)}</span></td>
<td>${recipients(m)}</td>
<td><a href="/messages/${encodeURIComponent(m.id)}">${escapeHtml(headline(m))}</a></td>
</tr>`,
    )
    .join('\n');
  const content =
    messages.length === 0
      ? '<p>Aucun message pour le moment. Les e-mails et SMS envoyés par l’application apparaîtront ici.</p>'
      : `<table>
<caption>${count}, du plus récent au plus ancien</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Type</th><th scope="col">Destinataire</th><th scope="col">Objet</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  return layout(
    INBOX_TITLE,
    `<header>
<h1>${INBOX_TITLE}</h1>
<p class="muted">Serveur SMTP : <code>${escapeHtml(smtpUrl)}</code> · ${count} · <a href="/">Actualiser</a></p>
</header>
<main id="contenu">
${content}
</main>`,
  );
}

export function renderMessage(message: CaughtMessage): string {
  const subject = headline(message);
  const text = message.text === '' ? '<p class="muted">(aucun texte)</p>' : `<pre>${linkify(message.text)}</pre>`;
  // The sandbox keeps the mail's scripts and forms out; links open in a new tab, outside the sandbox.
  const html =
    message.html === null
      ? ''
      : `<h2>Version HTML</h2>
<iframe title="Version HTML du message" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(
          `<base target="_blank">${message.html}`,
        )}"></iframe>`;
  return layout(
    `${subject} – ${INBOX_TITLE}`,
    `<header>
<p><a href="/">← Retour à la boîte de réception</a></p>
<h1>${escapeHtml(subject)}</h1>
</header>
<main id="contenu">
<dl>
<dt>Type</dt><dd><span class="kind kind-${message.kind}">${kindLabel(message.kind)}</span></dd>
<dt>Reçu le</dt><dd>${formatDate(message.receivedAt)}</dd>
<dt>De</dt><dd>${escapeHtml(message.from)}</dd>
<dt>À</dt><dd>${recipients(message)}</dd>
<dt>Objet</dt><dd>${message.subject === '' ? '<span class="muted">(sans objet)</span>' : escapeHtml(message.subject)}</dd>
</dl>
<h2>Texte</h2>
${text}
${html}
</main>`,
  );
}

export function renderNotFound(): string {
  return layout(
    `Page introuvable – ${INBOX_TITLE}`,
    `<header>
<h1>Page introuvable</h1>
</header>
<main id="contenu">
<p>Ce message n’existe pas ou a été supprimé. <a href="/">Retour à la boîte de réception</a></p>
</main>`,
  );
}
