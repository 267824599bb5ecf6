/** Every French string of the sign-in area, in one place. */
export const AUTH_TEXTS = {
  login: {
    title: 'Connexion',
    heading: 'Connexion à Trajectoire Pro',
    intro: 'Accès réservé aux professionnels de santé et aux établissements habilités.',
    username: 'Nom d’utilisateur',
    usernameHint: 'Celui qui vous a été communiqué à la création de votre compte.',
    password: 'Mot de passe',
    submit: 'Se connecter',
    submitting: 'Connexion en cours…',
    forgotPassword: 'Mot de passe oublié ?',
    accountHelp:
      'Pour toute question sur votre compte ou vos habilitations, rapprochez-vous de votre référent structure.',
    expired: 'Votre session a expiré, reconnectez-vous.',
    signedOut: 'Vous êtes déconnecté.',
  },
  code: {
    title: 'Code de sécurité',
    heading: 'Saisissez votre code de sécurité',
    sentTo: (channel: 'EMAIL' | 'SMS', destination: string) =>
      `Un code de sécurité à 6 chiffres vous a été envoyé ${channel === 'SMS' ? 'par SMS au' : 'par e-mail à'} ${destination}.`,
    validUntil: (time: string) =>
      `Il est valable jusqu’à ${time}. Une fois validé, ce navigateur est reconnu pendant 8 heures.`,
    code: 'Code de sécurité',
    codeHint: '6 chiffres, sans espace.',
    submit: 'Valider',
    submitting: 'Vérification…',
    resend: 'Renvoyer un code',
    resendIn: (seconds: number) => `Renvoyer un code (${seconds} s)`,
    resent: (channel: 'EMAIL' | 'SMS', destination: string) =>
      `Un nouveau code vous a été envoyé ${channel === 'SMS' ? 'par SMS au' : 'par e-mail à'} ${destination}.`,
    /** Mail filters hide codes in unwanted mail; an SMS has no such folder. */
    resendHelp: (channel: 'EMAIL' | 'SMS') =>
      channel === 'SMS'
        ? 'Vous n’avez rien reçu ? Un SMS peut mettre quelques instants à arriver : patientez avant de demander un nouveau code.'
        : 'Vous n’avez rien reçu ? Vérifiez vos courriers indésirables avant de demander un nouveau code.',
    smsFailed: 'L’envoi du SMS a échoué.',
    smsFailedHelp: 'Vous pouvez recevoir un nouveau code par e-mail, à l’adresse de votre compte.',
    toEmail: 'Recevoir le code par e-mail',
    expired: 'Votre demande de connexion a expiré. Saisissez à nouveau votre identifiant et votre mot de passe.',
    restart: 'Recommencer la connexion',
  },
  forgotPassword: {
    title: 'Mot de passe oublié',
    heading: 'Mot de passe oublié',
    intro:
      'Saisissez votre nom d’utilisateur et recopiez le code de sécurité : un lien pour choisir un nouveau mot de passe sera envoyé à l’adresse e-mail de votre compte.',
    username: 'Nom d’utilisateur',
    captchaImage: 'Code de sécurité à recopier',
    captchaLoading: 'Chargement du code de sécurité…',
    regenerate: 'Régénérer le code',
    cannotRead: 'Je ne peux pas lire l’image',
    captchaAnswer: 'Code de sécurité',
    captchaHint: 'Recopiez les caractères de l’image, ou les deux mots que demande la question.',
    submit: 'Régénérer mon mot de passe',
    submitting: 'Envoi en cours…',
    sent: 'Si ce compte existe, un e-mail contenant un lien de réinitialisation valable 24 h vient d’être envoyé à l’adresse du compte.',
    sentHelp: 'Pensez à vérifier vos courriers indésirables. Sans e-mail, rapprochez-vous de votre référent structure.',
    back: 'Retour à la connexion',
  },
  newPassword: {
    title: 'Nouveau mot de passe',
    heading: 'Choisir un nouveau mot de passe',
    account: (username: string) => `Compte : ${username}`,
    checking: 'Vérification du lien…',
    invalidHeading: 'Ce lien ne peut pas être utilisé',
    forgotPassword: 'Mot de passe oublié ?',
    saved: 'Votre mot de passe a été enregistré. Il est valable 6 mois.',
    savedHelp:
      'Un e-mail de confirmation a été envoyé à l’adresse du compte. À la connexion, un code de sécurité vous sera demandé.',
    signIn: 'Se connecter',
  },
  expiredPassword: {
    title: 'Mot de passe expiré',
    heading: 'Votre mot de passe a expiré',
    intro:
      'Un mot de passe est valable 6 mois. Choisissez-en un nouveau pour poursuivre votre connexion : il remplacera l’ancien dès maintenant.',
    restart: 'Recommencer la connexion',
  },
  password: {
    policyIntro: 'Votre nouveau mot de passe doit respecter ces règles :',
    newPassword: 'Nouveau mot de passe',
    confirmation: 'Répéter le mot de passe',
    submit: 'Enregistrer',
    submitting: 'Enregistrement…',
  },
} as const;
