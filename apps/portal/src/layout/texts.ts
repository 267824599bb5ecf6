/** Every French string of the frame around the pages, in one place. */
export const LAYOUT_TEXTS = {
  product: 'Trajectoire Pro',
  tagline: 'Portail des professionnels',
  skipLink: 'Aller au contenu',
  mainNav: 'Navigation principale',
  home: 'Accueil',
  administration: 'Administration',
  myAccount: 'Mon compte',
  myReferents: 'Mes référents',
  accounts: 'Comptes et Habilitations',
  review: 'Revue des habilitations',
  establishments: 'Etablissements',
  rorSync: 'Synchronisation ROR',
  signedInAs: 'Connecté :',
  signOut: 'Se déconnecter',
  loading: 'Chargement…',
  /** While the sign-in page is on its way, after the session ended under a page. */
  signingInAgain: 'Votre session a expiré : retour à la connexion…',
  unsaved: {
    leave: 'Vos modifications n’ont pas été enregistrées. Quitter cette page sans les enregistrer ?',
    restored: 'Votre session avait expiré : ce que vous aviez saisi a été conservé. Vérifiez-le, puis enregistrez.',
  },
  footer: 'Trajectoire Pro — orientation des patients entre établissements sanitaires et médico-sociaux.',
  failure: {
    heading: 'Le service est momentanément indisponible',
    text: 'Vérifiez votre connexion, puis réessayez dans quelques instants.',
    retry: 'Réessayer',
  },
  notFound: {
    title: 'Page introuvable',
    heading: 'Page introuvable',
    text: 'L’adresse demandée ne correspond à aucune page de Trajectoire Pro. Elle a peut-être été mal saisie ou la page n’existe plus.',
    back: 'Retour à l’accueil',
  },
} as const;
