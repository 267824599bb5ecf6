import { TRPCClientError } from '@trpc/client';

export interface Failure {
  appCode: string;
  status: number;
  message: string;
  fieldErrors?: Record<string, string>;
  details?: Record<string, unknown>;
}

/** The typed error of a call that must fail; a call that succeeds fails the test. */
export async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError) {
      return {
        appCode: error.data?.appCode as string,
        status: error.data?.httpStatus as number,
        message: error.message,
        ...(error.data?.fieldErrors ? { fieldErrors: error.data.fieldErrors as Record<string, string> } : {}),
        ...(error.data?.details ? { details: error.data.details as Record<string, unknown> } : {}),
      };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}
