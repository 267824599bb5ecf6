import { de } from '../lib/format';

/** Every French string of « Comptes et Habilitations », in one place. */
export const ACCOUNTS_TEXTS = {
  reserved: {
    title: 'Accès réservé aux référents',
    heading: 'Accès réservé aux référents',
    text: 'La gestion des comptes et des habilitations est réservée aux référents structure, aux référents unité et aux administrateurs.',
    help: 'Pour créer un compte, en débloquer un ou modifier des habilitations, rapprochez-vous de votre référent structure : vous le trouverez dans « Administration », « Mes référents ».',
    myReferents: 'Voir mes référents',
  },
  search: {
    title: 'Comptes et Habilitations',
    heading: 'Comptes et Habilitations',
    create: 'Créer un utilisateur',
    searchHeading: 'Rechercher un utilisateur',
    intro:
      'Un professionnel garde le même compte toute sa carrière : avant d’en créer un, vérifiez qu’il n’existe pas déjà.',
    query: 'Nom, prénom, nom d’utilisateur ou e-mail',
    queryHint: 'Au moins 2 caractères ; le début suffit, avec ou sans accents.',
    submit: 'Rechercher',
    searching: 'Recherche…',
    searchingStatus: 'Recherche en cours…',
    resultsHeading: 'Résultats',
    caption: (query: string) => `Comptes correspondant à « ${query} »`,
    count: (count: number, page: number, more: boolean) =>
      count === 0
        ? 'Aucun compte ne correspond à cette recherche.'
        : `${count} compte${count > 1 ? 's' : ''} affiché${count > 1 ? 's' : ''}, page ${page}${more ? ' : d’autres suivent' : ''}.`,
    columns: {
      selection: 'Sélection',
      lastName: 'Nom',
      firstName: 'Prénom',
      username: 'Nom d’utilisateur',
      email: 'E-mail',
      establishments: 'Structures',
      state: 'État',
    },
    select: (name: string) => `Sélectionner ${name}`,
    selectAll: 'Tout sélectionner',
    selectionHelp:
      'Cochez des comptes, sur une ou plusieurs pages de résultats, pour leur attribuer la même habilitation en une fois.',
    selected: (count: number) =>
      count === 0
        ? 'Aucun compte sélectionné.'
        : `${count} compte${count > 1 ? 's' : ''} sélectionné${count > 1 ? 's' : ''}.`,
    grant: 'Attribuer une habilitation',
    clearSelection: 'Vider la sélection',
    blocked: 'Bloqué',
    active: 'Actif',
    pagination: 'Pages de résultats',
    previous: 'Précédent',
    next: 'Suivant',
  },
  form: {
    lastName: 'Nom',
    firstName: 'Prénom',
    email: 'E-mail',
    emailHint: 'L’adresse personnelle de l’utilisateur : une adresse partagée n’est pas admise.',
    phone: 'Téléphone',
    mobile: 'Téléphone portable',
    mobileHint: 'Pour recevoir le code de sécurité par SMS, une fois vérifié par l’utilisateur.',
    profession: 'Profession',
    optional: 'Facultatif.',
    pendingEmail: (email: string) =>
      `Nouvelle adresse en attente de confirmation : ${email}. Elle remplacera l’adresse actuelle quand l’utilisateur aura suivi le lien qui lui a été envoyé.`,
  },
  place: {
    label: 'Rattachement',
    hint: 'La structure ou l’unité où le compte est créé : ses référents pourront le gérer, vous compris.',
    adminHint:
      'Facultatif pour un administrateur : un compte rattaché nulle part et sans habilitation n’est géré que par les administrateurs.',
    none: 'Aucun (géré par les administrateurs)',
    whole: (establishment: string) => `${establishment} — tout l’établissement`,
    unit: (establishment: string, unit: string) => `${establishment} — ${unit}`,
  },
  create: {
    title: 'Créer un utilisateur',
    heading: 'Créer un utilisateur',
    intro:
      'L’utilisateur recevra un e-mail avec son nom d’utilisateur et un lien pour choisir son mot de passe (valable 7 jours).',
    submit: 'Créer le compte utilisateur',
    submitting: 'Création…',
    emailInUseTitle: 'Adresse e-mail déjà utilisée',
    emailInUse:
      'Cette adresse e-mail est déjà utilisée par un autre compte actif. Une adresse e-mail doit être propre à une seule personne : saisissez l’adresse personnelle de l’utilisateur.',
    emailInUseHelp:
      'Si cette personne a déjà un compte, retrouvez-le par son adresse e-mail dans « Rechercher un utilisateur » plutôt que d’en créer un second.',
    ok: 'OK',
    close: 'Fermer',
    created: (username: string, email: string) =>
      `Compte créé : nom d’utilisateur ${username}. Un e-mail a été envoyé à ${email} pour choisir son mot de passe.`,
    createdHeading: 'Compte créé',
    open: 'Voir le compte',
    another: 'Créer un autre utilisateur',
    back: 'Retour à la recherche',
  },
  detail: {
    title: (name: string) => `Compte ${de(name)}`,
    loadingTitle: 'Compte utilisateur',
    back: 'Retour à la recherche',
    notFound: 'Compte introuvable',
    details: 'Informations du compte',
    establishments: 'Structures',
    habilitationsHidden:
      'Ce compte est hors de votre périmètre : ses habilitations et ses coordonnées téléphoniques ne sont visibles que de ses référents.',
    username: 'Nom d’utilisateur',
    email: 'E-mail',
    phone: 'Téléphone',
    mobile: 'Téléphone portable',
    profession: 'Profession',
    createdAt: 'Créé le',
    state: 'État',
    none: 'Non renseigné',
    blockedSince: (when: string) => `Bloqué depuis le ${when}`,
    blockedHelp:
      'Bloqué après plusieurs mots de passe erronés. Une fois débloqué, l’utilisateur se connecte de nouveau avec son mot de passe habituel.',
    active: 'Actif',
    unblock: 'Débloquer le compte',
    unblockTitle: 'Débloquer ce compte ?',
    unblockText: (name: string) =>
      `${name} pourra de nouveau se connecter avec son nom d’utilisateur et son mot de passe habituels.`,
    ok: 'OK',
    cancel: 'Annuler',
    unblocked: 'Le compte a été débloqué.',
    edit: 'Modifier le compte',
    save: 'Enregistrer',
    saving: 'Enregistrement…',
    saved: 'Les modifications ont été enregistrées.',
    emailConfirmationSent:
      'Les modifications ont été enregistrées. Un lien de confirmation a été envoyé à la nouvelle adresse e-mail : elle ne remplacera l’adresse actuelle qu’une fois confirmée. L’adresse actuelle a été prévenue.',
    nothingChanged: 'Aucune modification à enregistrer.',
    readOnly:
      'Ce compte est hors de votre périmètre (ni créé ni habilité dans votre structure ou vos unités) : vous pouvez le consulter, mais seuls ses référents, ou un administrateur, peuvent le modifier ou le débloquer.',
    habilitations: 'Habilitations',
    noHabilitation: 'Ce compte n’a aucune habilitation.',
  },
  habilitations: {
    tableRegion: 'Tableau des habilitations du compte',
    caption: 'Habilitations du compte : profil, domaine, structure, unité ou guichet, période de validité, droits',
    columns: {
      profile: 'Profil',
      domain: 'Domaine',
      establishment: 'Structure',
      unit: 'Unité / guichet',
      startsOn: 'Début',
      endsOn: 'Fin',
      privileges: 'Droits',
    },
    wholeEstablishment: 'Tout l’établissement',
    /** Completes « Droits de … » for screen readers. */
    privilegesOf: (habilitation: string) => `l’habilitation ${habilitation}`,
  },
} as const;
