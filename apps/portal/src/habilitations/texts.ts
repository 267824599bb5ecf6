import { de } from '../lib/format';

/** Every French string of the habilitations (review, grant, calendar, cross, their table), in one place. */
export const HABILITATIONS_TEXTS = {
  review: {
    title: 'Revue des habilitations',
    heading: 'Revue des habilitations',
    criteria: 'Critères',
    domain: 'Domaine',
    departement: 'Coordination',
    establishment: 'Structure',
    unit: 'Unité (facultatif)',
    allUnits: 'Toutes',
    profile: 'Profil (facultatif)',
    allProfiles: 'Tous',
    choose: 'Choisissez',
    submit: 'Rechercher',
    searchingButton: 'Recherche…',
    searching: 'Recherche en cours…',
    results: 'Habilitations',
    export: 'Exporter',
    exporting: 'Préparation du fichier…',
    preparing: 'Le fichier est en cours de préparation : son téléchargement commencera dès qu’il sera prêt.',
    exportFailed: 'Le fichier n’a pas pu être préparé. Réessayez dans un instant.',
    sessionExpired: 'Votre session a expiré, reconnectez-vous.',
    count: (total: number) => (total > 1 ? `${total} habilitations` : `${total} habilitation`),
    empty: 'Aucune habilitation ne correspond à ces critères : il n’y a rien à exporter.',
    tableRegion: 'Habilitations trouvées',
    caption: 'Revue des habilitations',
    columns: {
      /** Name, first name and username, in one cell. */
      holder: 'Nom',
      profile: 'Profil',
      place: 'Unité / Établissement',
      startsOn: 'Début',
      endsOn: 'Fin',
      emails: 'Réception des e-mails',
      privileges: 'Droits',
    },
    emailsLabel: (who: string) => `Réception des e-mails pour ${who}`,
    emailsOn: (who: string) => `${who} recevra les e-mails de cette habilitation.`,
    emailsOff: (who: string) => `${who} ne recevra plus les e-mails de cette habilitation.`,
    pagination: 'Pages de résultats',
    previous: 'Précédent',
    next: 'Suivant',
  },
  /** What the table says by itself, whichever page shows it. */
  table: {
    actions: 'Actions',
    /** A habilitation and its holder, as the dialogs name them: « Prescripteur médical — Cardiologie, CHU de Lyon — de Jérôme Bernard ». */
    named: (habilitation: string, holder: string) => `${habilitation} — ${de(holder)}`,
    wholeEstablishment: 'Tout l’établissement',
    unitClosed: 'Unité fermée',
    changeEnd: (named: string) => `Modifier la date de fin de l’habilitation ${named}`,
    remove: (named: string) => `Supprimer l’habilitation ${named}`,
    ended: 'Terminée',
    endsToday: 'Se termine aujourd’hui',
    expiry: (level: 'RED' | 'ORANGE') => ` (${level === 'RED' ? 'fin très proche' : 'fin proche'})`,
    privileges: 'Droits',
    /** Completes « Droits » for screen readers: « Droits de … ». */
    privilegesOf: (who: string) => ` de ${who}`,
  },
  grant: {
    title: 'Ajouter une habilitation',
    submit: 'Fermer',
    cancel: 'Annuler',
    note: '«\u00a0Fermer\u00a0» enregistre l’habilitation ; «\u00a0Annuler\u00a0» ferme sans rien enregistrer.',
    choose: 'Choisissez',
    profile: 'Profil',
    domain: 'Domaine',
    level: 'Niveau',
    establishment: 'Structure',
    units: 'Unités',
    admissionDesk: 'Guichet',
    endsOn: 'Date de fin',
    endsOnHint: "Facultative : sans date, l'habilitation dure 5 ans.",
    privileges: 'Droits',
    yes: 'Oui',
    no: 'Non',
    fixed: (privilege: string, value: string) => `${privilege} : ${value}`,
    locked: '(non modifiable)',
    notDeployed: (privilege: string) => `${privilege} : Non déployé`,
    failed: 'Erreur.',
    granted: (profile: string, endsOn: string) => `L'habilitation « ${profile} » a été ajoutée, jusqu'au ${endsOn}.`,
    /** For the accounts selected in the search. */
    selectionTitle: 'Attribuer une habilitation',
    recipients: (count: number, name: string) =>
      count === 1 ? `${name} recevra cette habilitation.` : `${count} utilisateurs recevront cette habilitation.`,
    seeRecipients: 'Voir les utilisateurs',
    refused: 'Aucune habilitation n’a été attribuée : ces comptes ne peuvent pas la recevoir.',
    refusedReason: {
      SELF: 'vous-même : on ne s’attribue pas soi-même une habilitation',
      OUT_OF_SCOPE: 'hors de votre périmètre',
    },
    removeRefused: 'Retirer ces comptes de la sélection',
    alreadyHeld: (profile: string) =>
      `Ce compte a déjà l’habilitation « ${profile} » à cet endroit : rien n’a été ajouté.`,
    heldOn: (units: readonly string[]) => `Déjà titulaire pour : ${units.join(', ')}.`,
    reportTitle: 'Habilitation attribuée',
    grantedTo: (profile: string, count: number, endsOn: string, held: number) =>
      (count === 0
        ? `Personne n’a reçu l’habilitation « ${profile} » : tous en étaient déjà titulaires.`
        : `L’habilitation « ${profile} » a été attribuée à ${count} utilisateur${count > 1 ? 's' : ''}, jusqu’au ${endsOn}.`) +
      (count > 0 && held > 0
        ? ` ${held} en ${held > 1 ? 'étaient' : 'était'} déjà titulaire${held > 1 ? 's' : ''}.`
        : ''),
    receivedHeading: (count: number) => `Ont reçu l’habilitation (${count})`,
    heldHeading: (count: number) => `Déjà titulaires, laissés tels quels (${count})`,
    heldUnits: (units: readonly string[]) => ` — déjà titulaire pour ${units.join(', ')}`,
    ok: 'OK',
  },
  endDate: {
    title: (named: string) => `Date de fin de l’habilitation ${named}`,
    current: (endsOn: string) => `Fin actuelle : ${endsOn}. Prolonger à partir d’aujourd’hui de :`,
    /** One's own habilitation: only shortened, never prolonged. */
    ownOnly: (endsOn: string) =>
      `Fin actuelle : ${endsOn}. Vous ne pouvez pas prolonger votre propre habilitation, seulement avancer sa fin, au plus tôt à aujourd’hui.`,
    newEnd: 'Nouvelle date de fin',
    newEndHint: 'Aujourd’hui au plus tôt : choisir aujourd’hui termine l’habilitation ce soir.',
    save: 'Enregistrer',
    cancel: 'Annuler',
    changed: (named: string, endsOn: string) => `L’habilitation ${named} se termine désormais le ${endsOn}.`,
  },
  remove: {
    title: 'Supprimer cette habilitation ?',
    text: (named: string) => `L’habilitation ${named} sera supprimée.`,
    confirm: 'Supprimer',
    cancel: 'Annuler',
    removed: (named: string) => `L’habilitation ${named} a été supprimée.`,
  },
} as const;
