import type { TestSystem } from '@trajectoire/test-support/system';
import type { ActorName, Client, World } from './world';

/**
 * What a part of the scope matrix kept in a file of its own (`scope-matrix-<area>.ts`) receives
 * from `scope-matrix.test.ts`: the world, a way to add rows, and the call that checks an
 * outcome (a refused mutation must leave the watched tables as they were). Each part exports
 * one `add…Rows(kit)`, called by the test file before its rows are run.
 */

export type Code =
  | 'NOT_SIGNED_IN'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'WRONG_PASSWORD'
  | 'RATE_LIMITED'
  | 'CONFLICT';
export type Outcome = 'OK' | Code | readonly Code[];

/** The matrix's actors, and one more for the rows that need a référent of several places. */
export type RowActor = ActorName | 'refMulti';

export interface MatrixKit {
  system: TestSystem;
  world: World;
  /** Adds a row: `run` makes the call and checks it (through `attempt`). */
  row(procedure: string, actor: RowActor, target: string, expected: Outcome, run: () => Promise<void>): void;
  /**
   * Runs a call expected to succeed (its answer is returned) or to fail with the expected code;
   * a refused mutation must change nothing (`except`: tables it may touch).
   */
  attempt<T>(
    call: () => Promise<T>,
    expected: Outcome,
    options: { mutation: boolean; except?: string[] },
  ): Promise<T | undefined>;
  clientOf(actor: ActorName): Client;
  /** `NOT_SIGNED_IN` for the anonymous actor, `outcome()` for the others. */
  signedIn(actor: ActorName, outcome: () => Outcome): Outcome;
  /** A number never given before in this file (fresh names). */
  next(): number;
}
