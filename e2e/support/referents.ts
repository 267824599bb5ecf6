import { CHU, createTestAccount, type TestAccount } from './db';

/**
 * A Référent structure of the CHU of its own, for a test that signs in: the demo référent's
 * sign-ins are limited like anyone's (20 in 15 minutes), and the whole run needs more.
 */
export function chuStructureReferent(): Promise<TestAccount> {
  return createTestAccount({ habilitations: [{ profile: 'REFERENT_STRUCTURE', establishment: CHU }] });
}
