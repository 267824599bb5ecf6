import type { AppRouter, ErrorData } from '@trajectoire/api';
import { TRPCClientError } from '@trpc/client';

export type AppCode = ErrorData['appCode'];

/** What a form shows after a failed submission: one message, and the fields it concerns. */
export interface FormError {
  message?: string;
  appCode?: AppCode;
  fieldErrors: Record<string, string>;
}

/** The answer of a call that a page shows either way: what it returned, or why it failed. */
export type Outcome<T> = { done: T; error?: undefined } | { done?: undefined; error: FormError };

const UNREACHABLE = 'Le service est momentanément indisponible. Vérifiez votre connexion et réessayez.';

/** The French message and code of a failed call; the server already words its messages. */
export function toFormError(error: unknown): FormError {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data as Partial<ErrorData> | undefined;
    if (!data) return { message: UNREACHABLE, fieldErrors: {} };
    if (data.appCode === 'INVALID_INPUT' && data.fieldErrors && Object.keys(data.fieldErrors).length > 0) {
      return { appCode: data.appCode, fieldErrors: data.fieldErrors };
    }
    return { message: error.message, ...(data.appCode ? { appCode: data.appCode } : {}), fieldErrors: {} };
  }
  return { message: UNREACHABLE, fieldErrors: {} };
}

/** Field errors from a failed zod parse, the first message of each field. */
export function fieldErrorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FormError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    fieldErrors[key] ??= issue.message;
  }
  return { fieldErrors };
}

/** Runs a call and keeps its answer or its French failure. */
export async function attempt<T>(call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { done: await call() };
  } catch (error) {
    return { error: toFormError(error) };
  }
}

/** Some refusals are about one field (a weak password, a wrong current one): shown beside it, not above the form. */
export function onField(error: FormError, codes: readonly AppCode[], field: string): FormError {
  if (error.message && error.appCode && codes.includes(error.appCode)) {
    return { appCode: error.appCode, fieldErrors: { [field]: error.message } };
  }
  return error;
}
