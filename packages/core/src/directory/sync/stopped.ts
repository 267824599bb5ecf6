/** The failure of a run that no retry can mend (its reason in French): the job ends instead of trying again. */
export class RorRunStopped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RorRunStopped';
  }
}
