/** Every French string of the sign-in area, in one place. */
export const AUTH_TEXTS = {
  login: {
    title: 'Connexion',
    heading: 'Connexion à Trajectoire Pro',
    intro: 'Accès réservé aux professionnels de santé et aux établissements habilités.',
    username: "Nom d'utilisateur",
    usernameHint: 'Celui qui vous a été communiqué à la création de votre compte.',
    password: 'Mot de passe',
    submit: 'Se connecter',
    submitting: 'Connexion en cours…',
    forgotPassword: 'Mot de passe oublié ?',
    accountHelp:
      'Pour toute question sur votre compte ou vos habilitations, rapprochez-vous de votre référent structure.',
    passwordExpired:
      'Votre mot de passe a expiré. Son renouvellement depuis le portail arrive prochainement : en attendant, contactez votre référent structure.',
  },
  code: {
    title: 'Code de sécurité',
    heading: 'Saisissez votre code de sécurité',
    sentTo: (channel: 'EMAIL' | 'SMS', destination: string) =>
      `Un code de sécurité à 6 chiffres vous a été envoyé ${channel === 'SMS' ? 'par SMS au' : 'par e-mail à'} ${destination}.`,
    validUntil: (time: string) =>
      `Il est valable jusqu'à ${time}. Une fois validé, ce navigateur est reconnu pendant 8 heures.`,
    code: 'Code de sécurité',
    codeHint: '6 chiffres, sans espace.',
    submit: 'Valider',
    submitting: 'Vérification…',
    resend: 'Renvoyer un code',
    resendIn: (seconds: number) => `Renvoyer un code (${seconds} s)`,
    resent: (channel: 'EMAIL' | 'SMS', destination: string) =>
      `Un nouveau code vous a été envoyé ${channel === 'SMS' ? 'par SMS au' : 'par e-mail à'} ${destination}.`,
    resendHelp: "Vous n'avez rien reçu ? Vérifiez vos courriers indésirables avant de demander un nouveau code.",
    restart: 'Recommencer la connexion',
  },
  forgotPassword: {
    title: 'Mot de passe oublié',
    heading: 'Mot de passe oublié',
    coming:
      'La réinitialisation du mot de passe par e-mail arrive prochainement sur Trajectoire Pro : vous recevrez un lien pour choisir un nouveau mot de passe.',
    meanwhile:
      'En attendant, contactez votre référent structure : il peut vous aider à retrouver l’accès à votre compte.',
    back: 'Retour à la connexion',
  },
} as const;
