import type { OutgoingMail } from './mailer';

const SIGNATURE = '\n\n—\nTrajectoire Pro\nCe message est envoyé automatiquement, merci de ne pas y répondre.';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function paragraphs(text: string): string {
  return text
    .split('\n\n')
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

function mail(to: string, subject: string, text: string): OutgoingMail {
  const body = text + SIGNATURE;
  return { to, subject, text: body, html: `<!doctype html><html lang="fr"><body>${paragraphs(body)}</body></html>` };
}

export function signInCodeMail(args: {
  to: string;
  firstName: string;
  code: string;
  validMinutes: number;
}): OutgoingMail {
  return mail(
    args.to,
    `Votre code de sécurité : ${args.code}`,
    `Bonjour ${args.firstName},\n\nVotre code de sécurité pour vous connecter à Trajectoire Pro est : ${args.code}\n\n` +
      `Il est valable ${args.validMinutes} minutes et ne peut servir qu'une fois. ` +
      "Si vous n'êtes pas à l'origine de cette connexion, changez votre mot de passe et prévenez votre référent.",
  );
}
