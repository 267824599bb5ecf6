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

export function passwordLinkMail(args: {
  to: string;
  firstName: string;
  username: string;
  link: string;
  purpose: 'PASSWORD_RESET' | 'ACCOUNT_ACTIVATION';
  validHours: number;
}): OutgoingMail {
  if (args.purpose === 'ACCOUNT_ACTIVATION') {
    return mail(
      args.to,
      'Votre compte Trajectoire Pro a été créé',
      `Bonjour ${args.firstName},\n\nUn compte Trajectoire Pro vient d'être créé pour vous. Votre nom d'utilisateur est : ${args.username}\n\n` +
        `Pour choisir votre mot de passe, suivez ce lien (valable ${args.validHours / 24} jours, utilisable une seule fois) :\n${args.link}`,
    );
  }
  return mail(
    args.to,
    'Régénération de votre mot de passe Trajectoire Pro',
    `Bonjour ${args.firstName},\n\nVous avez demandé à régénérer le mot de passe du compte ${args.username}.\n\n` +
      `Pour définir un nouveau mot de passe, suivez ce lien (valable ${args.validHours} heures, utilisable une seule fois) :\n${args.link}\n\n` +
      "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe actuel reste valable.",
  );
}

export function passwordChangedMail(args: {
  to: string;
  firstName: string;
  username: string;
  at: string;
}): OutgoingMail {
  return mail(
    args.to,
    'Votre mot de passe Trajectoire Pro a été modifié',
    `Bonjour ${args.firstName},\n\nLe mot de passe du compte ${args.username} a été modifié le ${args.at}. Il est valable 6 mois.\n\n` +
      "Si vous n'êtes pas à l'origine de ce changement, contactez immédiatement votre référent.",
  );
}

export function emailChangedMail(args: {
  to: string;
  firstName: string;
  username: string;
  newEmail: string;
}): OutgoingMail {
  return mail(
    args.to,
    'Changement de votre adresse e-mail Trajectoire Pro',
    `Bonjour ${args.firstName},\n\nL'adresse e-mail du compte ${args.username} a été remplacée par ${args.newEmail}. ` +
      'Les prochains messages de Trajectoire Pro lui seront envoyés.\n\n' +
      "Si vous n'êtes pas à l'origine de ce changement, contactez immédiatement votre référent.",
  );
}

/** « n***@hopital.fr »: enough for the holder to recognise an address, not enough to hand it out. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** To the new address, which must confirm it before it replaces the account's current one. */
export function emailChangeConfirmationMail(args: {
  to: string;
  firstName: string;
  lastName: string;
  username: string;
  link: string;
  validDays: number;
}): OutgoingMail {
  return mail(
    args.to,
    'Confirmez votre nouvelle adresse e-mail Trajectoire Pro',
    `Bonjour ${args.firstName},\n\nCette adresse a été indiquée comme nouvelle adresse e-mail du compte Trajectoire Pro ${args.username} (${args.firstName} ${args.lastName}).\n\n` +
      `Pour la confirmer, suivez ce lien (valable ${args.validDays} jours, utilisable une seule fois) :\n${args.link}\n\n` +
      "Tant qu'elle n'est pas confirmée, les messages de Trajectoire Pro continuent d'être envoyés à l'adresse actuelle du compte. " +
      "Si ce compte n'est pas le vôtre, ignorez ce message : l'adresse ne sera pas changée.",
  );
}

/** To the current address when someone else asks to replace it; the link cancels the request. */
export function emailChangeRequestedMail(args: {
  to: string;
  firstName: string;
  username: string;
  newEmail: string;
  requestedBy: string;
  cancelLink: string | null;
}): OutgoingMail {
  const cancel = args.cancelLink
    ? `Si vous n'êtes pas à l'origine de cette demande, annulez-la en suivant ce lien, puis contactez votre référent :\n${args.cancelLink}`
    : "Si vous n'êtes pas à l'origine de cette demande, contactez immédiatement votre référent.";
  return mail(
    args.to,
    'Demande de changement de votre adresse e-mail Trajectoire Pro',
    `Bonjour ${args.firstName},\n\nUne demande de changement de l'adresse e-mail du compte ${args.username} vers ${maskEmail(args.newEmail)} a été faite par ${args.requestedBy} ; ` +
      "elle prendra effet quand la nouvelle adresse l'aura confirmée. D'ici là, vos messages continuent d'arriver à cette adresse-ci.\n\n" +
      cancel,
  );
}

export function signInCodeSms(code: string, validMinutes: number): string {
  return `Trajectoire Pro : votre code de sécurité est ${code}. Valable ${validMinutes} min. Ne le communiquez à personne.`;
}

export function mobileVerificationSms(link: string): string {
  return `Trajectoire Pro : pour vérifier ce numéro de mobile, ouvrez ce lien (valable 24 h) : ${link}`;
}

export function habilitationExpiryMail(args: {
  to: string;
  firstName: string;
  profile: string;
  place: string;
  endsOn: string;
  /** The portal's « Mes référents » page (`/mes-referents`). */
  referentsUrl: string;
}): OutgoingMail {
  return mail(
    args.to,
    `Votre habilitation « ${args.profile} » prend fin le ${args.endsOn}`,
    `Bonjour ${args.firstName},\n\nVotre habilitation « ${args.profile} » sur ${args.place} prend fin le ${args.endsOn}.\n\n` +
      `Si vous en avez encore besoin, rapprochez-vous de vos référents pour la faire prolonger. Vous les trouverez dans le menu « Administration », page « Mes référents » :\n${args.referentsUrl}`,
  );
}
