/** The failure of a run that no retry can mend (its reason in French): the job ends instead of trying again. */
export class RorRunStopped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RorRunStopped';
  }
}

/** Why a run's worker stops when it finds its run taken for dead (or taken over) while it went on. */
export const ABANDONED =
  'Synchronisation abandonnée pendant qu’elle tournait (son worker ne donnait plus signe de vie) : rien n’est fermé.';
