/** Every French string of « Synchronisation ROR », in one place. */
export const ROR_SYNC_TEXTS = {
  reserved: {
    title: 'Accès réservé aux administrateurs',
    heading: 'Accès réservé aux administrateurs',
    text: 'La synchronisation de l’annuaire avec le ROR est réservée aux administrateurs nationaux. Un référent structure synchronise son établissement depuis sa fiche, dans « Etablissements ».',
    establishments: 'Voir les établissements',
  },
  page: {
    title: 'Synchronisation ROR',
    heading: 'Synchronisation ROR',
    intro:
      'L’annuaire est synchronisé avec le Répertoire opérationnel des ressources (ROR) : un chargement complet chaque semaine et une mise à jour incrémentale chaque jour. Vous pouvez aussi en lancer un maintenant.',
    startHeading: 'Lancer une synchronisation',
    full: 'Chargement complet',
    fullHelp:
      'Relit tout le ROR (export en masse) : crée et met à jour les établissements et unités, et ferme celles qui n’y sont plus.',
    delta: 'Mise à jour incrémentale',
    deltaHelp: 'Lit seulement ce que le ROR a modifié depuis la dernière synchronisation réussie.',
    confirmTitle: (kind: string) => `Lancer : ${kind} ?`,
    confirmFull:
      'Le chargement complet relit tout le ROR : il peut durer plusieurs minutes. Les champs propres à Trajectoire Pro ne sont jamais modifiés.',
    confirmDelta:
      'La mise à jour incrémentale lit les modifications du ROR depuis la dernière synchronisation réussie.',
    confirm: 'Lancer',
    cancel: 'Annuler',
    started: (kind: string) => `${kind} : démarré.`,
    runsHeading: 'Synchronisations passées',
    runsCaption: 'Synchronisations : type, état, début, durée, créés, mis à jour, inchangés, fermés, erreurs',
    none: 'Aucune synchronisation pour le moment.',
    more: 'Afficher plus',
    columns: {
      kind: 'Type',
      state: 'État',
      startedAt: 'Début',
      duration: 'Durée',
      created: 'Créés',
      updated: 'Mis à jour',
      unchanged: 'Inchangés',
      closed: 'Fermés',
      errors: 'Erreurs',
      report: 'Rapport',
    },
    report: 'Rapport',
    reportLabel: (kind: string, when: string) => `Rapport : ${kind} du ${when}`,
  },
  kinds: {
    FULL: 'Chargement complet',
    DELTA: 'Mise à jour incrémentale',
    ESTABLISHMENT: 'Etablissement',
  } as Record<string, string>,
  states: {
    QUEUED: 'En attente',
    RUNNING: 'En cours',
    SUCCEEDED: 'Terminée',
    FAILED: 'Échouée',
  } as Record<string, string>,
  progress: {
    heading: 'Synchronisation en cours',
    label: 'Avancement de la synchronisation',
    queued: 'En attente de démarrage…',
    counting: 'Démarrée : calcul de la quantité à lire…',
    done: (done: number, total: number, what: string) => `${done} ${what} sur ${total}`,
    doneNoTotal: (done: number, what: string) => `${done} ${what} lu${done > 1 ? 's' : ''}`,
    pages: 'pages',
    files: 'fichiers',
    finished: 'Synchronisation terminée.',
    failed: 'La synchronisation a échoué.',
    seeReport: 'Voir le rapport',
  },
  report: {
    title: 'Rapport de synchronisation',
    back: 'Retour aux synchronisations',
    notFound: 'Rapport inaccessible',
    heading: (kind: string) => `Rapport : ${kind}`,
    establishment: 'Etablissement',
    summary: 'Résumé',
    state: 'État',
    phase: 'Étape',
    queuedAt: 'Demandée le',
    startedAt: 'Démarrée le',
    finishedAt: 'Terminée le',
    duration: 'Durée',
    created: 'Créés',
    updated: 'Mis à jour',
    unchanged: 'Inchangés',
    closed: 'Fermés',
    errorCount: 'Erreurs',
    failure: 'Cause de l’échec',
    errorsHeading: 'Erreurs',
    errorsCaption: 'Erreurs de la synchronisation : type de ressource, identifiant, motif',
    noErrors: 'Aucune erreur.',
    columns: { resourceType: 'Ressource', resourceId: 'Identifiant', reason: 'Motif' },
    more: 'Afficher plus d’erreurs',
    notYet: '—',
  },
  duration: (ms: number | null) => {
    if (ms === null) return '—';
    const seconds = Math.round(ms / 1000);
    if (seconds < 60) return `${seconds} s`;
    const minutes = Math.floor(seconds / 60);
    return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  },
} as const;
