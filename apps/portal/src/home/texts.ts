/** Every French string of the home page, in one place. */
export const HOME_TEXTS = {
  title: 'Accueil',
  greeting: (firstName: string, lastName: string) => `Bonjour ${firstName} ${lastName}`,
  habilitations: {
    heading: 'Mes habilitations',
    tableRegion: 'Tableau de mes habilitations',
    intro: 'Ce à quoi votre compte donne accès, et pour quelle période.',
    caption: 'Mes habilitations : profil, domaine, structure, unité ou guichet, période de validité et état',
    columns: {
      profile: 'Profil',
      domain: 'Domaine',
      establishment: 'Structure',
      unit: 'Unité / guichet',
      startsOn: 'Début',
      endsOn: 'Fin',
      state: 'État',
    },
    wholeEstablishment: 'Tout l’établissement',
    departement: (code: string) => `(${code})`,
    active: 'Active',
    inactive: 'Inactive',
    empty: 'Vous n’avez aucune habilitation pour le moment.',
    help: 'Pour obtenir ou prolonger une habilitation, rapprochez-vous de vos référents :',
    referents: 'Mes référents',
    adminHelp:
      'Votre compte d’administration nationale vous permet d’attribuer, de prolonger et de retirer vous-même les habilitations de tous les établissements :',
    accounts: 'Comptes et Habilitations',
  },
} as const;
